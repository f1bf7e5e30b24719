"""A source's cleaned text as its section shows it: paragraphs cut into sentence spans, each
sentence an anchor that citations open."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.model import Article, Sentence
from newsfuse.render.anchors import sentence_anchor

__all__ = ["Paragraph", "Piece", "article_text"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of article text; a sentence carries its anchor id."""

    text: str
    anchor: str | None = None
    cited: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    anchor: str | None
    pieces: tuple[Piece, ...]


def article_text(
    article: Article | None, cited: frozenset[str]
) -> tuple[tuple[Paragraph, ...], str | None]:
    """The cleaned text, each sentence an anchor; by paragraph where it has none."""
    if article is None:
        return (), "The article's text is not available to this page."
    annotations = article.annotations
    if annotations is None or not annotations.sentences:
        note = f"Not split into sentences: {annotations.skipped}." if annotations else None
        return tuple(
            Paragraph(f"p-{article.id}-{n}", (Piece(text),))
            for n, text in enumerate(article.paragraphs)
        ), note
    note = None
    if annotations.limited_to:
        note = f"Only the first {annotations.limited_to:,} characters were split into sentences."
    return _sentence_paragraphs(article, annotations.sentences, cited), note


def _sentence_paragraphs(
    article: Article, sentences: Iterable[Sentence], cited: frozenset[str]
) -> tuple[Paragraph, ...]:
    """Paragraphs of `clean_text` cut into sentence spans by the sentences' offsets."""
    sentences = sorted(sentences, key=lambda s: s.start)
    text = article.clean_text
    paragraphs: list[Paragraph] = []
    start = 0
    for paragraph in article.paragraphs:
        end = start + len(paragraph)
        pieces: list[Piece] = []
        cursor = start
        for sentence in sentences:
            if not start <= sentence.start < end or sentence.start < cursor:
                continue
            if sentence.start > cursor:
                pieces.append(Piece(text[cursor : sentence.start]))
            stop = min(sentence.end, end)
            anchor = sentence_anchor(article.id, sentence.index)
            pieces.append(Piece(text[sentence.start : stop], anchor, anchor in cited))
            cursor = stop
        if cursor < end:
            pieces.append(Piece(text[cursor:end]))
        paragraphs.append(Paragraph(None, tuple(pieces)))
        start = end + 2  # paragraphs are joined by a blank line
    return tuple(paragraphs)
