"""Annotation in worker processes: spaCy on every core, beside the main process's work.

spaCy's pipeline is the costliest per-article step and each article is annotated alone, so
chunks of articles go to a pool of processes (each loads the model once) while the caller
goes on with what does not need annotations (grouping). Results come back in input order
and equal the in-process ones: the same model, the same code, one article at a time.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

from newsfuse.extract.extractor import ARTICLE_BATCH, Extractor
from newsfuse.model import Article, ArticleAnnotations

__all__ = ["MIN_ARTICLES_PER_WORKER", "BackgroundAnnotation", "available_cores"]

#: Below this many articles per worker, starting processes (and loading the model in each,
#: ~2 s) costs more than it saves: annotate in-process.
MIN_ARTICLES_PER_WORKER = 2 * ARTICLE_BATCH
# Chunks in flight per worker: enough that a worker never waits for the next, few enough
# that the pickled articles queued stay small beside the corpus.
_IN_FLIGHT_PER_WORKER = 3

_worker_extractor: Extractor | None = None


def available_cores() -> int:
    """The cores this process may run on (its affinity), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _start_worker() -> None:
    global _worker_extractor
    # One thread per worker: the workers already fill the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _worker_extractor = Extractor()


def _annotate_chunk(articles: list[Article]) -> list[ArticleAnnotations]:
    assert _worker_extractor is not None, "worker started without its extractor"
    return list(_worker_extractor.extract_many(articles))


class BackgroundAnnotation:
    """Annotate `articles` in `workers` processes, fed from a thread of this process, so
    the caller can work meanwhile. Each annotated article goes to `into` as it comes back
    (a run spills them to disk there), else it is kept for `result()`."""

    def __init__(
        self,
        articles: Sequence[Article],
        workers: int,
        *,
        into: Callable[[Article], object] | None = None,
    ) -> None:
        # Read a chunk at a time as the workers need them (a run passes its spill).
        self._articles: Sequence[Article] = articles
        self._workers = workers
        self._kept: list[Article] = []
        self._into = into or self._kept.append
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="annotate", daemon=True)
        self._thread.start()

    def running(self) -> bool:
        """Whether articles are still being annotated (the workers hold the cores)."""
        return self._thread.is_alive()

    def wait(self) -> None:
        """Return once every article went to `into`; raise what stopped the annotation."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def result(self) -> list[Article]:
        """The annotated articles, in input order (where no `into` was given)."""
        self.wait()
        return self._kept

    def _run(self) -> None:
        try:
            for article, annotation in zip(self._articles, self._annotate(), strict=True):
                self._into(replace(article, annotations=annotation))
        except BaseException as exc:  # handed to the caller by wait()
            self._error = exc
        finally:
            self._articles = []  # the annotated copies are what the caller keeps

    def _annotate(self) -> Iterator[ArticleAnnotations]:
        chunks = (
            list(self._articles[start : start + ARTICLE_BATCH])
            for start in range(0, len(self._articles), ARTICLE_BATCH)
        )
        # spawn, not fork: the parent may hold torch's and BLAS's threads, which a forked
        # child inherits in an unknown state.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=self._workers, mp_context=context, initializer=_start_worker
        ) as pool:
            pending: list[Future[list[ArticleAnnotations]]] = []
            limit = self._workers * _IN_FLIGHT_PER_WORKER
            for chunk in chunks:
                pending.append(pool.submit(_annotate_chunk, chunk))
                if len(pending) >= limit:
                    yield from pending.pop(0).result()
            for future in pending:
                yield from future.result()
