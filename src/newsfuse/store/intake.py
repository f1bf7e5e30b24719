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

    seq: int
    article_id: str
    article: Article | None
    problem: str | None = None
    record: str | None = None  # as stored, where it cannot be read


@dataclass(frozen=True, slots=True)
class QueueSkip:
    """A queued article the worker could not store, and why."""

    article_id: str
    reason: str
    detail: str
    record: str | None = None  # what was posted, where it could not be read


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
            "SELECT seq, id, record FROM intake_queue ORDER BY seq LIMIT ?", (limit,)
        )
        queued = []
        for row in rows:
            seq, article_id, record = int(row[0]), str(row[1]), str(row[2])
            try:
                queued.append(QueuedArticle(seq, article_id, decode(Article, record)))
            except Exception as exc:  # a record this version cannot read: skipped, kept
                queued.append(QueuedArticle(seq, article_id, None, str(exc), record))
        return queued

    def queue_length(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM intake_queue")[0][0])

    def settle_queued(
        self,
        taken: Sequence[QueuedArticle],
        stored: Sequence[Article],
        skipped: Sequence[QueueSkip],
    ) -> list[str]:
        """In one transaction: insert `stored` (as `insert_articles` does), record `skipped`,
        and take the queue rows `taken` off the queue (by their row, so an article posted
        again meanwhile stays queued); the ids this call inserted."""
        with self._db.transaction():
            inserted = self.insert_articles(stored)
            if skipped:
                self._db.executemany(
                    "INSERT INTO intake_skips (id, reason, detail, record, skipped_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                    "reason = excluded.reason, detail = excluded.detail, "
                    "record = excluded.record, skipped_at = excluded.skipped_at",
                    [(s.article_id, s.reason, s.detail, s.record, now()) for s in skipped],
                )
            ids = [article.id for article in stored]
            for chunk in chunked(ids):  # stored now: an earlier skip no longer stands
                self._db.execute(f"DELETE FROM intake_skips WHERE id IN ({marks(chunk)})", chunk)
            for rows in chunked([item.seq for item in taken]):
                self._db.execute(f"DELETE FROM intake_queue WHERE seq IN ({marks(rows)})", rows)
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
