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
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

import httpx
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
RESULTS = REPO / "bench" / "results" / "serve_load.json"
FAST_SETTINGS = "[group]\nembeddings = false\n[fuse]\nembeddings = false\n"
# After the load: how long the background story update may take to catch up.
CATCH_UP_SECONDS = 600


def main() -> int:
    args = _arguments()
    console = Console()
    with tempfile.TemporaryDirectory(prefix="newsfuse-serve-load-") as folder:
        work = Path(folder)
        config = args.config or work / "fast.toml"
        if args.config is None:
            config.write_text(FAST_SETTINGS, encoding="utf-8")
        db = work / "store.db"
        _newsfuse(["ingest", str(SEEDS), "--db", str(db), "--config", str(config), "--quiet"])
        port = _free_port()
        serve = ["serve", "--db", str(db), "--port", str(port), "--config", str(config)]
        server = subprocess.Popen(
            [*_newsfuse_command(), *serve],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_until_up(base, server)
            result = asyncio.run(_load(base, args))
            result["catch_up"] = _catch_up(base, result["initial_articles"])
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=60)
    result["server_log_tail"] = errors.decode("utf-8", "replace")[-2000:]
    result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
    _print(console, result)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    console.print(f"wrote {RESULTS.relative_to(REPO)}")
    catch_up = result["catch_up"]
    ok = result["server_errors"] == 0 and catch_up["stored"] == result["posted"]
    return 0 if ok else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--config", type=Path, help="settings TOML (default: words only)")
    return parser.parse_args()


def _newsfuse_command() -> list[str]:
    found = shutil.which("newsfuse")
    return [found] if found else [sys.executable, "-m", "newsfuse.cli"]


def _newsfuse(words: list[str]) -> None:
    subprocess.run([*_newsfuse_command(), *words], check=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server exited before it answered")
        try:
            if httpx.get(base + "/api/status", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError("the server did not answer within 120 s")


def _seed_paragraphs() -> list[list[str]]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [[line for line in text.splitlines()[1:] if line.strip()] for text in texts]


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
        latencies: dict[str, list[float]] = defaultdict(list)
        statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        posted: list[str] = []
        stop = time.monotonic() + args.seconds
        paragraphs = _seed_paragraphs()

        async def timed(kind: str, request: object) -> httpx.Response:
            started = time.perf_counter()
            response: httpx.Response = await request  # type: ignore[misc]
            latencies[kind].append(time.perf_counter() - started)
            statuses[kind][response.status_code] += 1
            return response

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
                response = await timed("post", client.post("/api/articles", json=article))
                if response.status_code == 202:
                    posted.extend(response.json()["stored"])

        async def reader(number: int) -> None:
            turn = number
            while time.monotonic() < stop:
                kind, path = reads[turn % len(reads)]
                turn += 1
                await timed(kind, client.get(path))

        started = time.monotonic()
        await asyncio.gather(
            *(writer(n) for n in range(args.writers)), *(reader(n) for n in range(args.readers))
        )
        elapsed = time.monotonic() - started
    kinds = {kind: _summary(values, statuses[kind], elapsed) for kind, values in latencies.items()}
    everything = [value for values in latencies.values() for value in values]
    reads_all = [v for kind, values in latencies.items() if kind != "post" for v in values]
    return {
        "seconds": round(elapsed, 2),
        "writers": args.writers,
        "readers": args.readers,
        "kinds": kinds,
        "reads": _summary(reads_all, {}, elapsed),
        "all": _summary(everything, {}, elapsed),
        "server_errors": sum(k["5xx"] for k in kinds.values()),
        "posted": len(posted),
        "initial_articles": initial,
    }


def _summary(values: list[float], statuses: dict[int, int], elapsed: float) -> dict[str, object]:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99

    def ms(value: float) -> float:
        return round(value * 1000, 1)

    return {
        "requests": len(values),
        "per_second": round(len(values) / elapsed, 1),
        "p50_ms": ms(cuts[49]),
        "p95_ms": ms(cuts[94]),
        "p99_ms": ms(cuts[98]),
        "5xx": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
    }


def _catch_up(base: str, initial: int) -> dict[str, object]:
    """Wait for the background story update; then count what the store holds."""
    started = time.monotonic()
    while True:
        status = httpx.get(base + "/api/status", timeout=60).json()
        if not status["stale"] and not status["updating"]:
            break
        if time.monotonic() - started > CATCH_UP_SECONDS:
            break
        time.sleep(0.5)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "stored": status["articles"] - initial,
        "stale": status["stale"],
        "stories": status["stories"],
        "updates_failed": status["updates_failed"],
    }


def _print(console: Console, result: dict[str, object]) -> None:
    table = Table(title=f"newsfuse serve, {result['seconds']} s of load")
    for column in ("kind", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "5xx"):
        table.add_column(column, justify="left" if column == "kind" else "right")
    kinds: dict[str, dict[str, object]] = result["kinds"]  # type: ignore[assignment]
    rows = [*sorted(kinds.items()), ("all reads", result["reads"]), ("all", result["all"])]
    for kind, row in rows:
        assert isinstance(row, dict)
        table.add_row(
            kind,
            *(str(row[key]) for key in ("requests", "per_second", "p50_ms", "p95_ms", "p99_ms")),
            str(row["5xx"]),
        )
    console.print(table)
    catch_up: dict[str, object] = result["catch_up"]  # type: ignore[assignment]
    console.print(
        f"posted {result['posted']} articles; stored {catch_up['stored']} "
        f"(story update caught up {catch_up['seconds']} s after the load; "
        f"{catch_up['stories']} stories); 5xx: {result['server_errors']}"
    )


if __name__ == "__main__":
    sys.exit(main())
