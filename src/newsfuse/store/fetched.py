"""The store's record of what `newsfuse watch` fetched: a row per feed, sitemap or page URL
(`Store` inherits these methods; they share its connection). A feed's validators make the
next fetch conditional; a page fetched once is never fetched again, unless it failed for a
passing reason and has attempts left."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from newsfuse.store.backend import Backend, now
from newsfuse.store.keys import chunked, marks

__all__ = ["FetchRecord", "FetchedQueries"]


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """One URL's last fetch. `retry`: the failure was a passing one (time-out, 5xx, 429,
    a dropped connection), so a page is tried again next round."""

    url: str
    kind: Literal["source", "page"]
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    article_id: str | None = None
    error: str | None = None
    retry: bool = False
    attempts: int = 1


class FetchedQueries:
    _db: Backend

    def fetch_records(self, urls: Iterable[str]) -> dict[str, FetchRecord]:
        """The stored record of each of `urls` fetched before."""
        found: dict[str, FetchRecord] = {}
        for chunk in chunked(list(dict.fromkeys(urls))):
            rows = self._db.execute(
                "SELECT url, kind, status, etag, last_modified, article_id, error, retry, "
                f"attempts FROM fetched WHERE url IN ({marks(chunk)})",
                chunk,
            )
            for row in rows:
                found[row[0]] = FetchRecord(
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6], bool(row[7]), row[8]
                )
        return found

    def pages_to_retry(self, *, max_attempts: int, limit: int) -> list[str]:
        """Pages whose last fetch failed for a passing reason, with attempts left (oldest
        first): tried again each round whether or not the feed listing them changed."""
        rows = self._db.execute(
            "SELECT url FROM fetched WHERE kind = 'page' AND retry = 1 AND attempts < ? "
            "ORDER BY fetched_at LIMIT ?",
            (max_attempts, max(0, limit)),
        )
        return [str(row[0]) for row in rows]

    def record_fetches(self, records: Sequence[FetchRecord]) -> None:
        """Write (or replace) each record, in one transaction."""
        if not records:
            return
        fetched_at = now()
        with self._db.transaction():
            self._db.executemany(
                "INSERT INTO fetched (url, kind, status, etag, last_modified, article_id, "
                "error, retry, attempts, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, "
                "status = excluded.status, etag = excluded.etag, "
                "last_modified = excluded.last_modified, article_id = excluded.article_id, "
                "error = excluded.error, retry = excluded.retry, "
                "attempts = excluded.attempts, fetched_at = excluded.fetched_at",
                [
                    (
                        r.url,
                        r.kind,
                        r.status,
                        r.etag,
                        r.last_modified,
                        r.article_id,
                        r.error,
                        int(r.retry),
                        r.attempts,
                        fetched_at,
                    )
                    for r in records
                ],
            )
