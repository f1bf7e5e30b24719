"""The store: a database that remembers articles, families, stories, briefs and runs.

SQLite is the embedded default (`sqlite:///newsfuse.db` or a plain path: WAL mode, FTS5
search); PostgreSQL the server option (`postgresql://user@host/db`: tsvector + GIN search)
with the same schema, migrated on open from `store/migrations/<dialect>/NNNN_name.sql`.
`runners.ingest` writes to it; `newsfuse serve` reads it through `Store`'s read methods.
"""

from __future__ import annotations

from newsfuse.store.store import (
    ArticleFamily,
    RunRecord,
    SearchHit,
    SearchResults,
    SnippetPart,
    Store,
    StoreCounts,
    StoredArticle,
    StoredStory,
    StoreState,
    StorySummary,
    content_hash,
    open_store,
)

__all__ = [
    "ArticleFamily",
    "RunRecord",
    "SearchHit",
    "SearchResults",
    "SnippetPart",
    "Store",
    "StoreCounts",
    "StoreState",
    "StoredArticle",
    "StoredStory",
    "StorySummary",
    "content_hash",
    "open_store",
]
