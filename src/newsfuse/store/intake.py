"""The store's front-door queue: posted articles committed as posted, before the API
answers, and moved into `articles` (or `intake_skips`, with the reason) by a worker in the
transaction that takes them off the queue (`Store` inherits these methods; they share its
connection). Nothing is lost to a kill: a queued article stays queued until the move
commits, and the move inserts by id, so doing it twice stores it once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from newsfuse.model import Article
from newsfuse.store.backend import Backend, now
from newsfuse.store.codec import decode, encode
from newsfuse.store.keys import chunked, marks

__all__ = ["Enqueued", "IntakeQueries", "IntakeState", "QueueSkip", "QueuedArticle"]


@dataclass(frozen=True, slots=True)
class Enqueued:
    """What one post did with each id: queued now, or already stored or queued before."""

    queued: tuple[str, ...]
    already_stored: tuple[str, ...]
    already_queued: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QueuedArticle:
    """One queued article; `article` is None where its stored record cannot be read
    (`problem` says why), so the worker records a skip instead of stalling the queue."""

    article_id: str
    article: Article | None
    problem: str | None = None


@dataclass(frozen=True, slots=True)
class QueueSkip:
    """A queued article the worker could not store, and why."""

    article_id: str
    reason: str
    detail: str


@dataclass(frozen=True, slots=True)
class IntakeState:
    """Where a posted article is: `queued`, `stored` (in `story_id` once stories caught up),
    `skipped` (`reason`, `detail`), or `unknown` (never posted nor ingested)."""

    article_id: str
    state: Literal["queued", "stored", "skipped", "unknown"]
    story_id: str | None = None
    reason: str | None = None
    detail: str | None = None


class IntakeQueries:
    _db: Backend

    def enqueue_articles(self, articles: Sequence[Article]) -> Enqueued:
        """Queue, in one transaction, the articles whose id is neither stored nor queued."""
        queued: list[str] = []
        stored: set[str] = set()
        with self._db.transaction():
            ids = [article.id for article in articles]
            for chunk in chunked(ids):
                rows = self._db.execute(
                    f"SELECT id FROM articles WHERE id IN ({marks(chunk)})", chunk
                )
                stored.update(str(row[0]) for row in rows)
            received = now()
            for article in articles:
                if article.id in stored:
                    continue
                rows = self._db.execute(
                    "INSERT INTO intake_queue (id, record, received_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (id) DO NOTHING RETURNING id",
                    (article.id, encode(article), received),
                )
                queued.extend(str(row[0]) for row in rows)
        taken = set(queued) | stored
        return Enqueued(
            tuple(queued),
            tuple(article_id for article_id in ids if article_id in stored),
            tuple(article_id for article_id in ids if article_id not in taken),
        )

    def queued_articles(self, *, limit: int) -> list[QueuedArticle]:
        """The oldest `limit` queued articles, in the order they arrived."""
        rows = self._db.execute(
            "SELECT id, record FROM intake_queue ORDER BY seq LIMIT ?", (limit,)
        )
        queued = []
        for row in rows:
            try:
                queued.append(QueuedArticle(str(row[0]), decode(Article, row[1])))
            except Exception as exc:  # a record this version cannot read: skip it, named
                queued.append(QueuedArticle(str(row[0]), None, str(exc)))
        return queued

    def queue_length(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM intake_queue")[0][0])

    def settle_queued(self, stored: Sequence[Article], skipped: Sequence[QueueSkip]) -> list[str]:
        """In one transaction: insert `stored` (as `insert_articles` does), record `skipped`,
        and take both off the queue; the ids this call inserted."""
        with self._db.transaction():
            inserted = self.insert_articles(stored)
            if skipped:
                self._db.executemany(
                    "INSERT INTO intake_skips (id, reason, detail, skipped_at) "
                    "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, "
                    "detail = excluded.detail, skipped_at = excluded.skipped_at",
                    [(skip.article_id, skip.reason, skip.detail, now()) for skip in skipped],
                )
            settled = [article.id for article in stored] + [skip.article_id for skip in skipped]
            for chunk in chunked(settled):
                marked = marks(chunk)
                self._db.execute(
                    f"DELETE FROM intake_skips WHERE id IN ({marked}) AND id IN "
                    f"(SELECT id FROM articles WHERE id IN ({marked}))",
                    chunk + chunk,
                )
                self._db.execute(f"DELETE FROM intake_queue WHERE id IN ({marked})", chunk)
        return inserted

    def intake_states(self, article_ids: Iterable[str]) -> dict[str, IntakeState]:
        """Where each of `article_ids` is (see `IntakeState`)."""
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, IntakeState] = {}
        for chunk in chunked(ids):
            marked = marks(chunk)
            for row in self._db.execute(
                f"SELECT id, reason, detail FROM intake_skips WHERE id IN ({marked})", chunk
            ):
                found[row[0]] = IntakeState(row[0], "skipped", reason=row[1], detail=row[2])
            for row in self._db.execute(
                f"SELECT id FROM intake_queue WHERE id IN ({marked})", chunk
            ):
                found[row[0]] = IntakeState(row[0], "queued")
            for row in self._db.execute(
                f"SELECT id, story_id FROM articles WHERE id IN ({marked})", chunk
            ):
                found[row[0]] = IntakeState(row[0], "stored", story_id=row[1])
        return {
            article_id: found.get(article_id, IntakeState(article_id, "unknown"))
            for article_id in ids
        }

    if TYPE_CHECKING:  # defined by `Store`

        def insert_articles(self, articles: Sequence[Article]) -> list[str]: ...
