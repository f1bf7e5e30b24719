"""What the web app holds while it runs: a pool of store connections for requests, the
intake that queues posted articles, and the one background worker that stores them and
brings stories up to date after them.

A `Store` is one connection behind a lock, so requests borrow one from `StorePool`
instead of queueing on a shared one. Posted articles are committed to the store's queue
before the request answers (so "202 accepted" means kept, whatever happens next);
cleaning, annotating, grouping and fusing are slower and done by `StoryUpdater` in one
thread (`runners.intake.work_once`), or by a `newsfuse work` process on the same store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import queue
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import jinja2

from newsfuse.cluster.embed import Embedder
from newsfuse.config import Settings
from newsfuse.extract import Extractor
from newsfuse.model import Article
from newsfuse.render.html import template_loader
from newsfuse.runners.intake import Worker
from newsfuse.store import Store, open_store
from newsfuse.store.intake import Enqueued

__all__ = [
    "ArticleIntake",
    "PostedArticle",
    "StorePool",
    "StoryUpdater",
    "WebContext",
    "web_templates",
]

logger = logging.getLogger(__name__)

# Connections open at most at once. Requests run in a thread pool (40 threads); more than a
# few SQLite readers on 2 cores only queue on the CPU, and PostgreSQL counts connections.
POOL_SIZE = 4
# How often the updater looks at the store without being asked: picks up articles that
# another process (a `newsfuse ingest`) added, or an update that failed.
_UPDATE_POLL_SECONDS = 5.0


class StorePool:
    """Up to `size` open stores, lent one per request (`with pool.store() as store:`)."""

    def __init__(self, url: str, *, size: int = POOL_SIZE) -> None:
        self.url = url
        self._idle: queue.LifoQueue[Store] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._lock = threading.Lock()
        self._open: list[Store] = []
        self._idle.put(self._connect())  # fail at start-up, not on the first request

    @contextlib.contextmanager
    def store(self) -> Iterator[Store]:
        with self._slots:
            try:
                store = self._idle.get_nowait()
            except queue.Empty:
                store = self._connect()
            try:
                yield store
            finally:
                self._idle.put(store)

    def close(self) -> None:
        with self._lock:
            for store in self._open:
                store.close()
            self._open.clear()

    def _connect(self) -> Store:
        store = open_store(self.url)
        with self._lock:
            self._open.append(store)
        return store


@dataclass(frozen=True, slots=True)
class PostedArticle:
    """One article as the API receives it: the fields of a JSONL input record."""

    id: str
    text: str
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    source: str | None = None
    url: str | None = None
    status: int | None = None


@dataclass
class ArticleIntake:
    """The front door: posted articles committed to the store's queue as posted, in
    milliseconds; `StoryUpdater` cleans, annotates and stores them (as `ingest` does)."""

    def add(self, posted: Sequence[PostedArticle], pool: StorePool) -> Enqueued:
        """Queue the posted articles whose id is neither stored nor queued."""
        unique = list({item.id: item for item in posted}.values())
        with pool.store() as store:
            return store.enqueue_articles([_article(item) for item in unique])


def _article(item: PostedArticle) -> Article:
    return Article(
        id=item.id,
        text=item.text,
        origin="api",
        source=item.source,
        url=item.url,
        title=item.title,
        published=item.published,
        status=item.status,
    )


class StoryUpdater:
    """One thread that stores the queued articles and brings stories up to date
    (`work_once`) whenever asked (`request`), and every few seconds if the store holds
    queued articles or stale stories; requests made while it runs coalesce into one more."""

    def __init__(
        self,
        url: str,
        *,
        settings: Settings,
        extractor: Extractor | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self._url = url
        self._worker = Worker(settings, extractor=extractor, embedder=embedder)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._busy = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsfuse-updater", daemon=True)
        self.failures = 0

    @property
    def busy(self) -> bool:
        """Whether an update is running or asked for (never, for a server whose worker is
        a separate `newsfuse work` process: this thread was not started)."""
        return self._thread.is_alive() and (self._busy.is_set() or self._wake.is_set())

    def start(self) -> None:
        self._wake.set()  # catch up with whatever an earlier run left stale
        self._thread.start()

    def request(self) -> None:
        self._wake.set()

    def stop(self, *, timeout: float = 60.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        with open_store(self._url) as store:
            while not self._stop.is_set():
                self._wake.wait(_UPDATE_POLL_SECONDS)
                if self._stop.is_set():
                    break
                self._busy.set()
                self._wake.clear()
                try:
                    self._update(store)
                finally:
                    self._busy.clear()

    def _update(self, store: Store) -> None:
        try:
            if self._worker.has_work(store):
                self._worker.once(store)
        except Exception:  # a failed update must not end the worker; stale says retry
            self.failures += 1
            logger.exception("story update failed; retrying in %.0f s", _UPDATE_POLL_SECONDS)


@dataclass(frozen=True, slots=True)
class WebContext:
    """Everything a request handler needs, kept on `app.state.context`."""

    pool: StorePool
    intake: ArticleIntake
    updater: StoryUpdater
    templates: jinja2.Environment

    def render(self, name: str, **values: object) -> str:
        return self.templates.get_template(name).render(**values)


def web_templates() -> jinja2.Environment:
    """The app's templates, falling back to the brief templates they extend and include."""
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.PackageLoader("newsfuse.web", "templates"), template_loader()]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
