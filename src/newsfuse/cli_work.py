"""`newsfuse work` (the worker behind `POST /api/articles` as a process of its own, for
`newsfuse serve --no-worker`; one a store: workers do not share out the queue, so a second
would repeat the first one's work) and `newsfuse watch` (feeds, sitemaps and URL lists
followed into a store): their arguments and what they print; `newsfuse.cli` adds them to
its parser and handles their errors."""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

from rich.console import Console

from newsfuse.config import load_settings
from newsfuse.errors import ConfigError, StoreError

__all__ = ["add_watch", "add_work"]

console = Console(stderr=True)
logger = logging.getLogger(__name__)


def add_work(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    work = commands.add_parser(
        "work",
        help="store the articles posted to a store's queue and keep its stories up to date",
    )
    work.add_argument("--db", required=True, metavar="URL", help="the store, as for serve")
    work.add_argument("--config", type=Path, help="TOML file overriding settings")
    work.add_argument(
        "--once",
        action="store_true",
        help="stop when the queue is empty and the stories are current (default: keep polling)",
    )
    work.add_argument(
        "--poll",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="how often an idle worker looks at the queue (2)",
    )
    work.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="queued articles annotated and stored per transaction (default 100)",
    )
    work.add_argument("--quiet", action="store_true", help="print only errors")
    work.set_defaults(handler=_work)


def _work(args: argparse.Namespace) -> int:
    from newsfuse.runners.ingest import ARTICLE_BATCH
    from newsfuse.runners.intake import Worker
    from newsfuse.store import open_store

    if args.poll <= 0:
        raise ConfigError("--poll must be above 0 seconds")
    batch_size = args.batch_size if args.batch_size is not None else ARTICLE_BATCH
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    worker = Worker(load_settings(args.config), batch_size=batch_size)
    try:
        with _stop_on_sigterm() as stop, open_store(args.db) as store:
            while not stop.is_set():
                if not worker.has_work(store):
                    if args.once:
                        break
                    stop.wait(args.poll)
                    continue
                try:
                    result = worker.once(store)
                except StoreError:
                    raise  # the store itself failed: say so and stop
                except Exception as exc:
                    if args.once:
                        raise
                    logger.exception("work pass failed")
                    console.print(f"newsfuse work: a pass failed ({exc}); retrying", style="red")
                    stop.wait(args.poll)
                    continue
                if not args.quiet:
                    console.print(
                        f"newsfuse work: stored {result.drained.stored}, skipped "
                        f"{len(result.drained.skipped)}, stories changed "
                        f"{len(result.update.changed)} ({result.update.stories} stories)",
                        markup=False,
                        highlight=False,
                    )
    except KeyboardInterrupt:
        pass
    return 0


def add_watch(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    watch = commands.add_parser(
        "watch",
        help="follow RSS/Atom feeds, sitemaps and URL lists into a store, politely",
    )
    watch.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a feed, sitemap, URL list or page URL, or a file listing such URLs (one a line)",
    )
    watch.add_argument("--db", required=True, metavar="URL", help="the store, as for ingest")
    watch.add_argument("--config", type=Path, help="TOML file overriding settings ([fetch])")
    watch.add_argument("--once", action="store_true", help="one round, then stop")
    watch.add_argument(
        "--interval",
        type=float,
        default=600.0,
        metavar="SECONDS",
        help="time between rounds (600); an unchanged feed costs one conditional GET",
    )
    watch.add_argument("--quiet", action="store_true", help="print only errors")
    watch.set_defaults(handler=_watch)


def _watch(args: argparse.Namespace) -> int:
    from newsfuse.cli import EXIT_NO_INPUT  # here: newsfuse.cli imports this module
    from newsfuse.fetch import PoliteClient, source_urls, watch_round
    from newsfuse.runners.intake import Worker
    from newsfuse.store import open_store

    if args.interval <= 0:
        raise ConfigError("--interval must be above 0 seconds")
    settings = load_settings(args.config)
    sources = source_urls(args.sources)
    worker = Worker(settings)
    try:
        with (
            _stop_on_sigterm() as stop,
            open_store(args.db) as store,
            PoliteClient(settings.fetch) as client,
        ):
            while not stop.is_set():
                report = watch_round(sources, store, client)
                work = worker.once(store)
                if not args.quiet:
                    console.print(
                        f"newsfuse watch: {report.sources} sources ({report.unchanged} "
                        f"unchanged), {report.links} links ({report.already_seen} seen "
                        f"before), {report.fetched} pages fetched ({report.retried} tried "
                        f"again), {report.queued} articles "
                        f"new; stored {work.drained.stored}, {work.update.stories} stories",
                        markup=False,
                        highlight=False,
                    )
                for url, why in report.problems:
                    console.print(f"  {url}: {why}", markup=False, highlight=False, style="yellow")
                if args.once:
                    unread = {url for url, _ in report.problems if url in sources}
                    return EXIT_NO_INPUT if len(unread) == len(sources) else 0
                stop.wait(args.interval)
    except KeyboardInterrupt:
        pass
    return 0


@contextlib.contextmanager
def _stop_on_sigterm() -> Iterator[threading.Event]:
    """An event set by SIGTERM while the command runs: the pass or round in hand finishes,
    then the command stops; the handler before it is put back after."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = signal.signal(signal.SIGTERM, request_stop)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGTERM, previous)
