"""Search over the store: stories (their briefs) and articles matching a query's words,
with marked snippets; SQLite's FTS5 or PostgreSQL's tsvector (`Store` inherits this; it
shares its connection)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from newsfuse.store.backend import Backend
from newsfuse.store.codec import stored_day

__all__ = ["SearchHit", "SearchQueries", "SearchResults", "SnippetPart"]

# Search: words of a query kept (a longer query is no more precise), and how snippets mark
# matches (control characters no article text is stored with: readers drop such text).
_MAX_QUERY_WORDS = 32
_MARK_START, _MARK_END = "\x02", "\x03"
_SNIPPET_TOKENS = 24
_PG_HEADLINE = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class SnippetPart:
    """A piece of a search snippet; `match` marks the query's words. Plain text: escape it."""

    text: str
    match: bool


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One article (`kind` "article", `id` the article id) or one story's brief (`kind`
    "story", `id` the story id) matching a query; higher `rank` is better."""

    kind: Literal["article", "story"]
    id: str
    story_id: str | None
    title: str | None
    published: dt.date | None
    snippet: tuple[SnippetPart, ...]
    rank: float


@dataclass(frozen=True, slots=True)
class SearchResults:
    stories: tuple[SearchHit, ...]
    articles: tuple[SearchHit, ...]


class SearchQueries:
    _db: Backend

    def search(self, query: str, *, limit: int = 20) -> SearchResults:
        """Stories (their briefs) and articles matching every word of `query`, best first,
        with snippets. Any text is a valid query: its words are searched for, everything
        else (quotes, operators, SQL) is ignored; no words, no results."""
        words = _WORD.findall(query)[:_MAX_QUERY_WORDS]
        if not words or limit <= 0:
            return SearchResults((), ())
        if self._db.dialect == "sqlite":
            return self._search_sqlite(words, limit)
        return self._search_postgres(" ".join(words), limit)

    def _search_sqlite(self, words: Sequence[str], limit: int) -> SearchResults:
        # Each word a quoted FTS5 string ("" escapes a quote): FTS syntax in the user's
        # text never reaches the query parser. Words are ANDed, like plainto_tsquery.
        match = " ".join('"' + word.replace('"', '""') + '"' for word in words)
        stories = self._db.execute(
            "SELECT b.story_id, b.headline, s.last_published, "
            f"snippet(briefs_fts, 1, ?, ?, '…', {_SNIPPET_TOKENS}), "
            "bm25(briefs_fts, 5.0, 1.0) "
            "FROM briefs_fts JOIN briefs b ON b.seq = briefs_fts.rowid "
            "JOIN stories s ON s.id = b.story_id "
            "WHERE briefs_fts MATCH ? ORDER BY 5, b.story_id LIMIT ?",
            (_MARK_START, _MARK_END, match, limit),
        )
        articles = self._db.execute(
            "SELECT a.id, a.story_id, a.title, a.published, "
            f"snippet(articles_fts, 1, ?, ?, '…', {_SNIPPET_TOKENS}), "
            "bm25(articles_fts, 5.0, 1.0) "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY 6, a.id LIMIT ?",
            (_MARK_START, _MARK_END, match, limit),
        )
        return SearchResults(
            tuple(_hit("story", r[0], r[0], r[1], r[2], r[3], -r[4]) for r in stories),
            tuple(_hit("article", r[0], r[1], r[2], r[3], r[4], -r[5]) for r in articles),
        )

    def _search_postgres(self, text: str, limit: int) -> SearchResults:
        stories = self._db.execute(
            "SELECT b.story_id, b.headline, s.last_published, "
            "ts_headline('english', b.text, q, ?), ts_rank(b.search, q) AS rank "
            "FROM briefs b JOIN stories s ON s.id = b.story_id, "
            "plainto_tsquery('english', ?) q "
            "WHERE b.search @@ q ORDER BY rank DESC, b.story_id LIMIT ?",
            (_PG_HEADLINE, text, limit),
        )
        articles = self._db.execute(
            "SELECT a.id, a.story_id, a.title, a.published, "
            "ts_headline('english', a.text, q, ?), ts_rank(a.search, q) AS rank "
            "FROM articles a, plainto_tsquery('english', ?) q "
            "WHERE a.search @@ q ORDER BY rank DESC, a.id LIMIT ?",
            (_PG_HEADLINE, text, limit),
        )
        return SearchResults(
            tuple(_hit("story", r[0], r[0], r[1], r[2], r[3], r[4]) for r in stories),
            tuple(_hit("article", r[0], r[1], r[2], r[3], r[4], r[5]) for r in articles),
        )


def _hit(
    kind: Literal["article", "story"],
    item_id: str,
    story_id: str | None,
    title: str | None,
    published: str | None,
    snippet: str,
    rank: float,
) -> SearchHit:
    return SearchHit(kind, item_id, story_id, title, stored_day(published), _parts(snippet), rank)


def _parts(snippet: str) -> tuple[SnippetPart, ...]:
    """A marked snippet as plain parts: text between the marks is a match."""
    parts = []
    for index, piece in enumerate(re.split(f"[{_MARK_START}{_MARK_END}]", snippet)):
        if piece:
            parts.append(SnippetPart(piece, match=index % 2 == 1))
    return tuple(parts)
