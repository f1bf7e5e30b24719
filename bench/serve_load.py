"""`newsfuse serve` under concurrent load: writers posting articles while readers read pages.

Setup: a temporary SQLite store ingested from examples/seeds (one story of five articles),
served by `newsfuse serve` in its own process (so the clients do not share its GIL).
Load, for `--seconds` (default 30): `--writers` clients (default 8) each POST one new
article at a time to /api/articles, made from seed paragraphs in a shuffled order under a
fresh id, and `--readers` clients (default 8) each GET, in turn, the story list, the seeds'
story page, an article page, a search page and the JSON API. Every client sends its next
request as soon as the last one is answered.

Reported per kind of request: count, requests/s, p50/p95/p99 latency, 5xx count (must be
0); then articles posted (202) against articles stored once the background story update
has caught up (must be equal). Grouping and fusion run on words alone unless `--config`
names other settings (the embedding model takes ~20 s to load on 2 cores and measures the
model, not the server). Prints a table and writes bench/results/serve_load.json.

Usage: python bench/serve_load.py [--seconds S] [--writers W] [--readers R] [--config TOML]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx
from rich.console import Console
from serving import REPO, Recorder, catch_up, print_table, seed_paragraphs, served_store

RESULTS = REPO / "bench" / "results" / "serve_load.json"


def main() -> int:
    args = _arguments()
    console = Console()
    with served_store(args.config) as server:
        result = asyncio.run(_load(server.base, args))
        result["catch_up"] = catch_up(server.base, result["initial_articles"])  # type: ignore[arg-type]
    result["server_log_tail"] = server.log
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    _print(console, result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {RESULTS.relative_to(REPO)}")
    caught_up: dict[str, object] = result["catch_up"]  # type: ignore[assignment]
    ok = result["server_errors"] == 0 and caught_up["stored"] == result["posted"]
    return 0 if ok else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--config", type=Path, help="settings TOML (default: words only)")
    return parser.parse_args()


async def _load(base: str, args: argparse.Namespace) -> dict[str, object]:
    limits = httpx.Limits(max_connections=args.writers + args.readers + 4)
    async with httpx.AsyncClient(base_url=base, timeout=120, limits=limits) as client:
        initial = (await client.get("/api/status")).json()["articles"]
        story = (await client.get("/api/stories")).json()["stories"][0]
        detail = (await client.get(story["href"].replace("/stories/", "/api/stories/"))).json()
        reads = [
            ("list", "/"),
            ("story", story["href"]),
            ("article", "/articles/" + quote(detail["articles"][0]["id"], safe="")),
            ("search", "/search?q=Bryansk"),
            ("api", "/api/stories/" + quote(story["story_id"], safe="")),
        ]
        recorder = Recorder()
        posted: list[str] = []
        stop = time.monotonic() + args.seconds
        paragraphs = seed_paragraphs()

        async def writer(number: int) -> None:
            rng = random.Random(number)
            count = 0
            while time.monotonic() < stop:
                body = rng.choice(paragraphs)[:]
                rng.shuffle(body)
                article = {
                    "id": f"load-{number}-{count}",
                    "title": f"Load test article {number}-{count}",
                    "text": "\n\n".join(body[: rng.randint(3, len(body))]),
                    "source": f"Load Wire {number}",
                    "published": f"2025-06-{rng.randint(1, 28):02d}",
                }
                count += 1
                response = await recorder.timed("post", client.post("/api/articles", json=article))
                if response.status_code == 202:
                    posted.extend(response.json()["queued"])

        async def reader(number: int) -> None:
            turn = number
            while time.monotonic() < stop:
                kind, path = reads[turn % len(reads)]
                turn += 1
                await recorder.timed(kind, client.get(path))

        started = time.monotonic()
        await asyncio.gather(
            *(writer(n) for n in range(args.writers)), *(reader(n) for n in range(args.readers))
        )
        elapsed = time.monotonic() - started
    return {
        "seconds": round(elapsed, 2),
        "writers": args.writers,
        "readers": args.readers,
        **recorder.results(elapsed),
        "posted": len(posted),
        "initial_articles": initial,
    }


def _print(console: Console, result: dict[str, object]) -> None:
    print_table(console, f"newsfuse serve, {result['seconds']} s of load", result)
    caught_up: dict[str, object] = result["catch_up"]  # type: ignore[assignment]
    console.print(
        f"posted {result['posted']} articles; stored {caught_up['stored']} "
        f"(story update caught up {caught_up['seconds']} s after the load; "
        f"{caught_up['stories']} stories); 5xx: {result['server_errors']}"
    )


if __name__ == "__main__":
    sys.exit(main())
