"""Soak test of `newsfuse serve`: many clients mixing writes and reads for minutes.

Setup (bench/serving.py): a temporary SQLite store ingested from examples/seeds, served by
`newsfuse serve` in its own process on loopback; a warm-up posts two articles and reads
every page once, so the spaCy pipeline is loaded before memory is first sampled.
Load, for `--seconds` (default 300): `--clients` clients (default 16) each send, one
request at a time, a request drawn from MIX: posting one new article (an ECB+ dev article
under a fresh id where ../shared/data has it, else reshuffled seed paragraphs), the story
list, a story page, an article page (seeds and posted ones), the search page, API search,
and JSON API reads (story list, a story, an article, status, runs).

Checked and reported: requests/s and p50/p95/p99 latency per kind; 5xx (must be 0);
articles posted (202) against articles stored once the story update caught up and against
posted ids found again by GET (must all be equal); the server's resident memory sampled
every second, the mean of the first third of the load against the last third. Prints a
table and writes bench/results/soak.json (or `--out`). Exit 1 if a check fails.

Usage: python bench/soak.py [--seconds 300] [--clients 16] [--config TOML] [--out JSON]
                            [--worker-process]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import httpx
from rich.console import Console
from serving import (
    REPO,
    Recorder,
    Server,
    catch_up,
    print_table,
    seed_paragraphs,
    served_store,
)

RESULTS = REPO / "bench" / "results" / "soak.json"
ECB = (REPO / ".." / "shared" / "data" / "ecbplus-dev" / "ecbplus-dev.jsonl").resolve()
# What a client sends next, by weight: reads dominate, as on a news site; a post is a
# tenth (each is annotated before its 202, so posts cost the server the most).
MIX = {
    "post": 10,
    "list": 12,
    "story": 12,
    "article": 12,
    "search": 12,
    "api_search": 12,
    "api": 30,
}
SEARCH_WORDS = "Lavrov Rubio Bryansk Ukraine bridge telephone railway police fire earthquake"
SAMPLE_SECONDS = 1.0


def main() -> int:
    args = _arguments()
    console = Console()
    with served_store(args.config, worker_process=args.worker_process) as server:
        result = asyncio.run(_soak(server, args))
    result["server_log_tail"] = server.log
    result["machine"] = {
        "cpus": os.cpu_count(),
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "python": platform.python_version(),
    }
    _print(console, result)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {args.out}")
    return 0 if result["ok"] else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--config", type=Path, help="settings TOML (default: words only)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the JSON goes")
    parser.add_argument(
        "--worker-process",
        action="store_true",
        help="serve --no-worker with a `newsfuse work` process beside it (default: the "
        "server's worker thread)",
    )
    return parser.parse_args()


def _articles_to_post() -> Callable[[str], dict[str, object]]:
    """Makes the next article to post under a given id: ECB+ dev articles in turn where
    present, else reshuffled seed paragraphs."""
    if ECB.exists():
        lines = [json.loads(line) for line in ECB.read_text(encoding="utf-8").splitlines()]
        turn = itertools.cycle(lines)

        def from_ecb(article_id: str) -> dict[str, object]:
            record = next(turn)
            return {
                "id": article_id,
                "title": record.get("title"),
                "text": record["text"],
                "published": record.get("published"),
                "source": record.get("source") or f"Wire {article_id[-1]}",
            }

        return from_ecb
    paragraphs = seed_paragraphs()
    rng = random.Random(0)

    def from_seeds(article_id: str) -> dict[str, object]:
        body = rng.choice(paragraphs)[:]
        rng.shuffle(body)
        return {
            "id": article_id,
            "title": f"Soak article {article_id}",
            "text": "\n\n".join(body[: rng.randint(3, len(body))]),
            "source": f"Soak Wire {article_id[-1]}",
            "published": f"2025-06-{rng.randint(1, 28):02d}",
        }

    return from_seeds


async def _soak(server: Server, args: argparse.Namespace) -> dict[str, object]:
    limits = httpx.Limits(max_connections=args.clients + 4)
    make_article = _articles_to_post()
    async with httpx.AsyncClient(base_url=server.base, timeout=300, limits=limits) as client:
        # Warm-up: spaCy loads on the first post; every page once.
        warm = [make_article(f"warm-{n}") for n in range(2)]
        assert (await client.post("/api/articles", json=warm)).status_code == 202
        await asyncio.to_thread(catch_up, server.base, 0)
        initial = (await client.get("/api/status")).json()["articles"]
        stories = [s["story_id"] for s in (await client.get("/api/stories")).json()["stories"]]
        articles = [
            item["id"] for item in (await client.get("/api/search?q=Bryansk")).json()["articles"]
        ]
        for path in ("/", f"/stories/{quote(stories[0], safe='')}", "/runs", "/search?q=Lavrov"):
            await client.get(path)
        recorder = Recorder()
        posted: list[str] = []
        samples: list[tuple[float, int]] = []
        worker_samples: list[int] = []
        started = time.monotonic()
        stop = started + args.seconds
        counter = itertools.count()

        async def sample() -> None:
            while time.monotonic() < stop:
                rss = server.rss_kib()
                if rss is not None:
                    samples.append((round(time.monotonic() - started, 1), rss))
                if (worker := server.worker_rss_kib()) is not None:
                    worker_samples.append(worker)
                await asyncio.sleep(SAMPLE_SECONDS)

        async def user(number: int) -> None:
            rng = random.Random(args.seed * 1000 + number)
            kinds, weights = list(MIX), list(MIX.values())
            while time.monotonic() < stop:
                kind = rng.choices(kinds, weights)[0]
                if kind == "post":
                    article = make_article(f"soak-{number}-{next(counter)}")
                    response = await recorder.timed(
                        kind, client.post("/api/articles", json=article)
                    )
                    if response.status_code == 202:
                        queued = response.json()["queued"]
                        posted.extend(queued)
                        articles.extend(queued)
                    continue
                path = _read_path(kind, rng, stories, articles)
                response = await recorder.timed(kind, client.get(path))
                if path.startswith("/api/stories?") and response.status_code == 200:
                    stories[:] = [s["story_id"] for s in response.json()["stories"]] or stories

        await asyncio.gather(sample(), *(user(n) for n in range(args.clients)))
        elapsed = time.monotonic() - started
        caught_up = await asyncio.to_thread(catch_up, server.base, initial)
        found = await _found(client, posted)
    load = recorder.results(elapsed)
    rss = _memory(samples)
    ok = (
        load["server_errors"] == 0
        and caught_up["stored"] == len(posted) == found
        and not caught_up["stale"]
    )
    return {
        "seconds": round(elapsed, 1),
        "clients": args.clients,
        "mix": MIX,
        "posted_corpus": "ECB+ dev" if ECB.exists() else "seed paragraphs",
        **load,
        "posted": len(posted),
        "found_again": found,
        "initial_articles": initial,
        "catch_up": caught_up,
        "rss": rss,
        "worker": (
            {"process": True, "max_rss_mib": round(max(worker_samples) / 1024, 1)}
            if worker_samples
            else {"process": False}
        ),
        "ok": ok,
    }


def _read_path(kind: str, rng: random.Random, stories: list[str], articles: list[str]) -> str:
    story = quote(rng.choice(stories), safe="")
    article = quote(rng.choice(articles), safe="")
    word = rng.choice(SEARCH_WORDS.split())
    if kind == "list":
        return rng.choice(["/", "/?page=2", f"/?entity={word}", "/?since=2013-01-01"])
    if kind == "story":
        return f"/stories/{story}"
    if kind == "article":
        return f"/articles/{article}"
    if kind == "search":
        return f"/search?q={word}"
    if kind == "api_search":
        return f"/api/search?q={word}&limit=10"
    return rng.choice(
        [
            "/api/stories?limit=50",
            f"/api/stories/{story}",
            f"/api/articles/{article}",
            "/api/status",
            "/api/runs",
        ]
    )


async def _found(client: httpx.AsyncClient, ids: list[str]) -> int:
    """How many of `ids` the API returns again."""
    gate = asyncio.Semaphore(8)

    async def one(article_id: str) -> bool:
        async with gate:
            response = await client.get("/api/articles/" + quote(article_id, safe=""))
        return response.status_code == 200 and response.json()["id"] == article_id

    return sum(await asyncio.gather(*(one(article_id) for article_id in ids)))


def _memory(samples: list[tuple[float, int]]) -> dict[str, object]:
    """The server's RSS: mean of the first and of the last third of the samples (MiB)."""
    values = [kib / 1024 for _, kib in samples]
    third = max(1, len(values) // 3)
    first, last = statistics.fmean(values[:third]), statistics.fmean(values[-third:])
    return {
        "samples": len(values),
        "first_third_mib": round(first, 1),
        "last_third_mib": round(last, 1),
        "max_mib": round(max(values), 1),
        "growth_pct": round(100 * (last - first) / first, 1),
        "series": samples[:: max(1, len(samples) // 60)],
    }


def _print(console: Console, result: dict[str, object]) -> None:
    title = f"newsfuse serve soak: {result['clients']} clients, {result['seconds']} s"
    print_table(console, title, result)
    caught_up: dict[str, object] = result["catch_up"]  # type: ignore[assignment]
    rss: dict[str, object] = result["rss"]  # type: ignore[assignment]
    worker: dict[str, object] = result["worker"]  # type: ignore[assignment]
    console.print(
        f"posted {result['posted']}, stored {caught_up['stored']}, found again "
        f"{result['found_again']} (story update caught up {caught_up['seconds']} s after the "
        f"load; {caught_up['stories']} stories); 5xx: {result['server_errors']}\n"
        f"server RSS: first third {rss['first_third_mib']} MiB, last third "
        f"{rss['last_third_mib']} MiB ({rss['growth_pct']:+} %), max {rss['max_mib']} MiB; "
        + (f"worker process max {worker['max_rss_mib']} MiB; " if worker["process"] else "")
        + f"{'ok' if result['ok'] else 'FAILED'}"
    )


if __name__ == "__main__":
    sys.exit(main())
