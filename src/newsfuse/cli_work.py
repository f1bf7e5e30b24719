"""`newsfuse work` (the worker behind `POST /api/articles` as a process of its own, for
`newsfuse serve --no-worker` or a second worker on a PostgreSQL store) and `newsfuse watch`
(feeds, sitemaps and URL lists followed into a store): their arguments and what they
print; `newsfuse.cli` adds them to its parser and handles their errors."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType

from rich.console import Console

from newsfuse.config import load_settings
from newsfuse.errors import ConfigError

__all__ = ["add_watch", "add_work"]

EXIT_NO_INPUT = 1

console = Console(stderr=True)


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
    from newsfuse.extract import Extractor
    from newsfuse.runners.ingest import ARTICLE_BATCH
    from newsfuse.runners.intake import work_once
    from newsfuse.store import open_store

    if args.poll <= 0:
        raise ConfigError("--poll must be above 0 seconds")
    batch_size = args.batch_size if args.batch_size is not None else ARTICLE_BATCH
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    settings = load_settings(args.config)
    stop = _stop_on_sigterm()
    extractor = None
    try:
        with open_store(args.db) as store:
            while not stop.is_set():
                counts = store.counts()
                if counts.queued or counts.stale:
                    extractor = extractor or Extractor()
                    result = work_once(
                        store, settings=settings, extractor=extractor, batch_size=batch_size
                    )
                    if not args.quiet:
                        console.print(
                            f"newsfuse work: stored {result.drained.stored}, skipped "
                            f"{len(result.drained.skipped)}, stories changed "
                            f"{len(result.update.changed)} ({result.update.stories} stories)",
                            markup=False,
                            highlight=False,
                        )
                elif args.once:
                    break
                else:
                    stop.wait(args.poll)
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
    from newsfuse.extract import Extractor
    from newsfuse.fetch import PoliteClient, source_urls, watch_round
    from newsfuse.runners.intake import work_once
    from newsfuse.store import open_store

    if args.interval <= 0:
        raise ConfigError("--interval must be above 0 seconds")
    settings = load_settings(args.config)
    sources = source_urls(args.sources)
    stop = _stop_on_sigterm()
    extractor = None
    try:
        with open_store(args.db) as store, PoliteClient(settings.fetch) as client:
            while not stop.is_set():
                report = watch_round(sources, store, client)
                extractor = extractor or Extractor()
                work = work_once(store, settings=settings, extractor=extractor)
                if not args.quiet:
                    console.print(
                        f"newsfuse watch: {report.sources} sources ({report.unchanged} "
                        f"unchanged), {report.links} links ({report.already_seen} seen "
                        f"before), {report.fetched} pages fetched, {report.queued} articles "
                        f"new; stored {work.drained.stored}, {work.update.stories} stories",
                        markup=False,
                        highlight=False,
                    )
                for url, why in report.problems:
                    console.print(f"  {url}: {why}", markup=False, highlight=False, style="yellow")
                if args.once:
                    unread = sum(1 for url, _ in report.problems if url in sources)
                    return EXIT_NO_INPUT if unread == len(sources) else 0
                stop.wait(args.interval)
    except KeyboardInterrupt:
        pass
    return 0


def _stop_on_sigterm() -> threading.Event:
    """An event set by SIGTERM: the round in hand finishes, then the command stops."""
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    return stop
