"""Independent voices: how many sources really stand behind a statement.

Copies of one wire text (a family), rewrites that share its sentences (a voice from
`dedupe`), and one outlet's several articles on one story are each one voice. Counting
voices, not articles, keeps syndication from looking like corroboration.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from newsfuse.ids import UnionFind
from newsfuse.model import Article

__all__ = ["count_voices", "voices_of"]


def voices_of(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's voice: the smallest article id among those it speaks with."""
    union = UnionFind(article.id for article in articles)
    by_key: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.id):
        keys = [f"family:{article.family}" if article.family else None]
        keys.append(f"voice:{article.voice}" if article.voice else None)
        outlet = (article.outlet or "").strip().casefold()
        keys.append(f"outlet:{outlet}" if outlet else None)
        for key in keys:
            if key is None:
                continue
            if key in by_key:
                union.union(by_key[key], article.id)
            else:
                by_key[key] = article.id
    return {article.id: union.find(article.id) for article in articles}


def count_voices(sources: Iterable[str], voice: Mapping[str, str]) -> int:
    return len({voice.get(source, source) for source in sources})
