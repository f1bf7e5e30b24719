"""The worker behind the front door: queued articles cleaned, annotated and stored, then the
stories brought up to date.

`POST /api/articles` only commits what it received to the store's queue, so it answers in
milliseconds; this is the slow half, run by `newsfuse serve`'s worker thread or by a
`newsfuse work` process on the same store. A batch is cleaned as `ingest` cleans a chunk
(its outlets' boilerplate learned from the batch), annotated in one pass of the model, and
moved off the queue in one transaction: a kill redoes at most that batch, and never stores
an article twice. An article that cannot be read or annotated is recorded as skipped, with
the reason, instead of holding up the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.cluster.embed import Embedder, load_embedder
from newsfuse.config import Settings
from newsfuse.extract import Extractor, annotate_articles
from newsfuse.model import Article, SkipReason
from newsfuse.runners.ingest import ARTICLE_BATCH, StoryUpdate, update_stories
from newsfuse.store import Store
from newsfuse.store.intake import QueueSkip

__all__ = ["Drained", "WorkResult", "Worker", "drain_queue", "work_once"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Drained:
    """What one pass over the queue did."""

    stored: int = 0
    skipped: tuple[QueueSkip, ...] = ()
    batches: int = 0


@dataclass(frozen=True, slots=True)
class WorkResult:
    drained: Drained
    update: StoryUpdate


def drain_queue(
    store: Store,
    *,
    settings: Settings,
    extractor: Extractor,
    batch_size: int = ARTICLE_BATCH,
) -> Drained:
    """Store the articles queued when it starts (or record why not), a batch per
    transaction, oldest first."""
    stored = batches = 0
    skipped: list[QueueSkip] = []
    # What was queued when the pass began, and no more: under steady posting the stories
    # are still brought up to date between passes.
    passes = -(-store.queue_length() // batch_size)
    for _ in range(passes):
        queued = store.queued_articles(limit=batch_size)
        if not queued:
            break
        readable = [item.article for item in queued if item.article is not None]
        unreadable = [
            QueueSkip(item.article_id, SkipReason.UNREADABLE.value, item.problem or "", item.record)
            for item in queued
            if item.article is None
        ]
        cleaned, unclean = _cleaned(readable, settings)
        annotated, failed = _annotated(cleaned, extractor)
        batch_skips = unreadable + unclean + failed
        for skip in batch_skips:
            logger.warning(
                "skipped queued article %r: %s (%s)", skip.article_id, skip.reason, skip.detail
            )
        stored += len(store.settle_queued(queued, annotated, batch_skips))
        skipped.extend(batch_skips)
        batches += 1
    return Drained(stored, tuple(skipped), batches)


def work_once(
    store: Store,
    *,
    settings: Settings,
    extractor: Extractor,
    embedder: Embedder | None = None,
    batch_size: int = ARTICLE_BATCH,
) -> WorkResult:
    """Drain the queue, then bring the stories up to date (nothing to do: both cheap)."""
    drained = drain_queue(store, settings=settings, extractor=extractor, batch_size=batch_size)
    update = update_stories(store, settings=settings, embedder=embedder)
    return WorkResult(drained, update)


class Worker:
    """`work_once` with its models loaded on first use and kept: what `newsfuse serve`'s
    worker thread, `newsfuse work` and `newsfuse watch` run pass after pass."""

    def __init__(
        self,
        settings: Settings,
        *,
        batch_size: int = ARTICLE_BATCH,
        extractor: Extractor | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.batch_size = batch_size
        self._extractor = extractor
        self._embedder = embedder

    def has_work(self, store: Store) -> bool:
        """Articles queued, or stories behind the stored articles: two small reads, not
        `counts()` (which counts every table), as an idle worker asks every few seconds."""
        state = store.state()
        return state.articles_version != state.stories_version or store.queue_length() > 0

    def once(self, store: Store) -> WorkResult:
        if self._extractor is None:
            self._extractor = Extractor()
        if self._embedder is None and self.settings.group.embeddings:
            self._embedder = load_embedder(self.settings.group.embedding_model)
        return work_once(
            store,
            settings=self.settings,
            extractor=self._extractor,
            embedder=self._embedder,
            batch_size=self.batch_size,
        )


def _cleaned(
    articles: Sequence[Article], settings: Settings
) -> tuple[list[Article], list[QueueSkip]]:
    """The batch cleaned as `ingest` cleans a chunk (its outlets' boilerplate learned from
    the batch); an article `clean` fails on is skipped alone, with the error."""
    boilerplate = BoilerplateIndex(settings=settings.clean)
    boilerplate.observe(articles)
    cleaned: list[Article] = []
    failed: list[QueueSkip] = []
    for article in articles:
        try:
            cleaned.append(clean(article, settings=settings.clean, boilerplate=boilerplate))
        except Exception as exc:  # this article only; the rest of the batch goes on
            detail = f"cleaning failed: {type(exc).__name__}: {exc}"[:500]
            failed.append(QueueSkip(article.id, SkipReason.UNREADABLE.value, detail))
    return cleaned, failed


def _annotated(
    articles: Sequence[Article], extractor: Extractor
) -> tuple[list[Article], list[QueueSkip]]:
    """The batch annotated in one pass; if that fails, article by article, so only the
    article the model cannot take is skipped."""
    try:
        return annotate_articles(articles, extractor=extractor), []
    except Exception:
        logger.info("annotating a batch of %d failed; retrying one by one", len(articles))
    annotated: list[Article] = []
    failed: list[QueueSkip] = []
    for article in articles:
        try:
            annotated.extend(annotate_articles([article], extractor=extractor))
        except Exception as exc:  # this article only; the rest of the batch goes on
            detail = f"annotation failed: {type(exc).__name__}: {exc}"[:500]
            failed.append(QueueSkip(article.id, SkipReason.UNREADABLE.value, detail))
    return annotated, failed
