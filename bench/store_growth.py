"""A batch of new articles into stores of growing size (issue 19, part 1): what one
`newsfuse ingest` of 1,000 articles costs, in seconds and peak RSS, against the size of the
store it goes into. Flat is the goal; today `update_stories` re-reads and re-groups every
stored article, so this measures how far from flat it is, and where the time goes.

Setup per store size N: bench/pipeline.py's Reuters-derived stream (with its same-day
syndicated copies); its first N articles bulk-loaded with extraction off (`ingest` with
the light profile's skipping extractor), the next 1,000 (dated after them) ingested the
normal way: read, clean, annotate (spaCy), store, then families,
stories and the briefs of the stories that changed. Grouping and fusion on words alone
(embeddings off) for both, so the bulk's lead embeddings are not what the batch pays for.
Each ingest runs in a fresh process (its own peak RSS).

Usage: python bench/store_growth.py [--sizes 2000,5000,10000] [--batch 1000]
Prints a table and writes bench/results/store_growth.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pipeline import SkippingExtractor, generate, write_input
from rich.console import Console
from rich.table import Table
from stream import in_fresh_process, load_corpus

from newsfuse.config import FuseSettings, GroupSettings, Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import open_store

RESULTS = Path(__file__).resolve().parent / "results" / "store_growth.json"
SETTINGS = Settings(group=GroupSettings(embeddings=False), fuse=FuseSettings(embeddings=False))


def bulk_load(path: str, db: str) -> dict[str, Any]:
    """The store's first articles, extraction off: `ingest` with a skipping extractor
    (stories, briefs and the grouping state written as any ingest writes them)."""
    started = time.perf_counter()
    with open_store(db) as store:
        ingest([path], store, settings=SETTINGS, extractor=SkippingExtractor(), command="bulk")
        counts = store.counts()
    return {"seconds": round(time.perf_counter() - started, 1), "articles": counts.articles}


def ingest_batch(path: str, db: str) -> dict[str, Any]:
    """One ingest of the batch, the normal path, timed in CPU and wall seconds."""
    cpu = time.process_time()
    started = time.perf_counter()
    with open_store(db) as store:
        result = ingest([path], store, settings=SETTINGS, command="bench batch")
        counts = store.counts()
    return {
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(time.process_time() - cpu, 1),
        "store_s": round(result.timings["articles"], 1),
        "stories_s": round(result.timings["stories"], 1),
        "new_articles": result.new_articles,
        "stories_changed": len(result.update.changed),
        "resumed_from": str(result.update.resumed_from),
        "store_articles": counts.articles,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,5000,10000")
    parser.add_argument("--batch", type=int, default=1000)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    corpus = load_corpus()
    rows = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-growth-") as folder:
        for size in sizes:
            articles = list(generate(corpus, size + args.batch))
            bulk, batch = Path(folder, f"bulk-{size}.jsonl"), Path(folder, f"batch-{size}.jsonl")
            write_input(articles[:size], bulk)
            write_input(articles[size:], batch)
            db = str(Path(folder, f"store-{size}.db"))
            loaded = in_fresh_process(bulk_load, str(bulk), db)
            row = {
                "store_size": size,
                "bulk": loaded,
                **in_fresh_process(ingest_batch, str(batch), db),
            }
            rows.append(row)
            print(json.dumps(row), flush=True)
    table = Table(title=f"a batch of {args.batch:,} articles into a store of N (embeddings off)")
    for column in (
        "N",
        "wall s",
        "CPU s",
        "annotate+store s",
        "stories s",
        "changed",
        "peak RSS MiB",
    ):
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            f"{row['store_size']:,}", str(row["wall_s"]), str(row["cpu_s"]), str(row["store_s"]),
            str(row["stories_s"]), str(row["stories_changed"]), str(row["peak_rss_mib"]),
        )  # fmt: skip
    Console().print(table)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    payload = {
        "date": dt.date.today().isoformat(),
        "command": " ".join(["python", *sys.argv]),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average_after": [round(x, 1) for x in os.getloadavg()],
        },
        "batch": args.batch,
        "rows": rows,
    }
    RESULTS.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
