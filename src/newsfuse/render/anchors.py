"""Anchor ids in a brief's page: `src-<article>` a source's section, `s-<article>-<n>` its
sentence `n` (the index into `ArticleAnnotations.sentences`), and the links to them."""

from __future__ import annotations

from urllib.parse import quote

__all__ = ["href", "sentence_anchor", "source_anchor"]


def sentence_anchor(article_id: str, sentence: int) -> str:
    """The id of sentence `sentence` of an article in the page."""
    return f"s-{article_id}-{sentence}"


def source_anchor(article_id: str) -> str:
    """The id of an article's section in the page."""
    return f"src-{article_id}"


def href(anchor: str) -> str:
    # Percent-encoded: the browser decodes a fragment before matching it against ids.
    return "#" + quote(anchor, safe="-_.~")
