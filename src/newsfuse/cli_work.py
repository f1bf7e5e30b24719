"""`newsfuse work`: the worker behind `POST /api/articles` as a process of its own (for
`newsfuse serve --no-worker`, or a second worker on a PostgreSQL store). Its arguments and
what it prints; `newsfuse.cli` adds it to its parser and handles its errors."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from types import FrameType

from rich.console import Console

from newsfuse.config import load_settings
from newsfuse.errors import ConfigError

__all__ = ["add_work"]

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
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()  # finish the batch in hand; a second signal kills as usual

    previous = signal.signal(signal.SIGTERM, request_stop)
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
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
