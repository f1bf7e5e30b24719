"""What the serve benchmarks share (serve_load.py, soak.py): a temporary store ingested from
the seeds served by `newsfuse serve` in its own process, timed requests, latency summaries,
waiting for the background story update, the server's memory, and the result table.

Imported by the scripts beside it (`python bench/soak.py` puts bench/ on the path).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
FAST_SETTINGS = "[group]\nembeddings = false\n[fuse]\nembeddings = false\n"
# After the load: how long the background story update may take to catch up.
CATCH_UP_SECONDS = 600


@dataclass
class Server:
    """A running `newsfuse serve` over a temporary store holding the seeds."""

    base: str
    process: subprocess.Popen[bytes]
    db: Path
    log: str = ""
    # `newsfuse work` beside a `serve --no-worker` (None: the server's own worker thread).
    worker: subprocess.Popen[bytes] | None = None

    def rss_kib(self) -> int | None:
        """The server process's resident memory (KiB), None once it is gone."""
        return _rss_kib(self.process.pid)

    def worker_rss_kib(self) -> int | None:
        return _rss_kib(self.worker.pid) if self.worker is not None else None


def _rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None


@contextlib.contextmanager
def served_store(config: Path | None = None, *, worker_process: bool = False) -> Iterator[Server]:
    """A temporary SQLite store ingested from the seeds, served on a free loopback port
    (grouping and fusion on words alone unless `config` names other settings); with
    `worker_process`, `serve --no-worker` and a `newsfuse work` process beside it."""
    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-") as folder:
        work = Path(folder)
        if config is None:
            config = work / "fast.toml"
            config.write_text(FAST_SETTINGS, encoding="utf-8")
        db = work / "store.db"
        run_newsfuse(["ingest", str(SEEDS), "--db", str(db), "--config", str(config), "--quiet"])
        port = free_port()
        serve = ["serve", "--db", str(db), "--port", str(port), "--config", str(config)]
        if worker_process:
            serve.append("--no-worker")
        process = subprocess.Popen(
            [*newsfuse_command(), *serve], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        worker = None
        if worker_process:
            worker_args = ["work", "--db", str(db), "--config", str(config), "--quiet"]
            worker = subprocess.Popen(
                [*newsfuse_command(), *worker_args, "--poll", "0.5"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        server = Server(f"http://127.0.0.1:{port}", process, db, worker=worker)
        try:
            wait_until_up(server.base, process)
            yield server
        finally:
            logs = []
            for child in (process, worker):
                if child is not None:
                    child.terminate()
                    _, errors = child.communicate(timeout=120)
                    logs.append(errors.decode("utf-8", "replace")[-2000:])
            server.log = "\n".join(logs)


def newsfuse_command() -> list[str]:
    found = shutil.which("newsfuse")
    return [found] if found else [sys.executable, "-m", "newsfuse.cli"]


def run_newsfuse(words: list[str]) -> None:
    subprocess.run([*newsfuse_command(), *words], check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
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


def seed_paragraphs() -> list[list[str]]:
    """Each seed's paragraphs (its first line, the title, left out)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return [[line for line in text.splitlines()[1:] if line.strip()] for text in texts]


@dataclass
class Recorder:
    """Latency and status of every request, by kind."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, dict[int, int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    async def timed(self, kind: str, request: Awaitable[httpx.Response]) -> httpx.Response:
        started = time.perf_counter()
        response = await request
        self.latencies[kind].append(time.perf_counter() - started)
        self.statuses[kind][response.status_code] += 1
        return response

    def results(self, elapsed: float) -> dict[str, object]:
        """Per kind, all reads (everything but posts) and all requests: `summary` each."""
        kinds = {
            kind: summary(values, self.statuses[kind], elapsed)
            for kind, values in sorted(self.latencies.items())
        }
        everything = [value for values in self.latencies.values() for value in values]
        reads = [v for kind, values in self.latencies.items() if kind != "post" for v in values]
        return {
            "kinds": kinds,
            "reads": summary(reads, {}, elapsed),
            "all": summary(everything, {}, elapsed),
            "server_errors": sum(int(k["5xx"]) for k in kinds.values()),  # type: ignore[call-overload]
        }


def summary(values: list[float], statuses: dict[int, int], elapsed: float) -> dict[str, object]:
    """Count, requests/s, p50/p95/p99 latency (ms), 5xx count and every status's count."""
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100) if len(ordered) > 1 else ordered * 99

    def ms(value: float) -> float:
        return round(value * 1000, 1)

    return {
        "requests": len(values),
        "per_second": round(len(values) / elapsed, 1),
        "p50_ms": ms(cuts[49]) if cuts else None,
        "p95_ms": ms(cuts[94]) if cuts else None,
        "p99_ms": ms(cuts[98]) if cuts else None,
        "5xx": sum(n for status, n in statuses.items() if status >= 500),
        "statuses": {str(status): n for status, n in sorted(statuses.items())},
    }


def catch_up(base: str, initial: int) -> dict[str, object]:
    """Wait for the worker to store the queued articles and update the stories; then count
    what the store holds."""
    started = time.monotonic()
    while True:
        status = httpx.get(base + "/api/status", timeout=60).json()
        if not status["queued"] and not status["stale"] and not status["updating"]:
            break
        if time.monotonic() - started > CATCH_UP_SECONDS:
            break
        time.sleep(0.5)
    return {
        "seconds": round(time.monotonic() - started, 1),
        "stored": status["articles"] - initial,
        "stale": status["stale"],
        "queued": status["queued"],
        "stories": status["stories"],
        "updates_failed": status["updates_failed"],
    }


def print_table(console: Console, title: str, result: dict[str, object]) -> None:
    """The per-kind table: requests, req/s, p50/p95/p99 ms, 5xx."""
    table = Table(title=title)
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
