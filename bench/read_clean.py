"""Throughput of `read` and `read`+`clean` against a plain `json.loads` baseline, same run.

Input: the ECB+ dev articles from ../shared/data (or the bundled seeds where it is absent),
replicated to N records with unique ids in a temporary JSONL file. Prints a table and writes
bench/results/read_clean.json. Usage: python bench/read_clean.py [N]
"""

from __future__ import annotations

import json
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.config import ReadSettings
from newsfuse.model import Article
from newsfuse.read import read

REPO = Path(__file__).resolve().parents[1]
ECB = REPO / ".." / "shared" / "data" / "ecbplus-dev" / "ecbplus-dev.jsonl"


def source_records() -> list[dict[str, object]]:
    if ECB.exists():
        return [
            json.loads(line)
            for line in ECB.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    articles = [a for a in read([REPO / "examples" / "seeds"]) if isinstance(a, Article)]
    return [{"id": a.id, "text": a.text} for a in articles]


def build_input(path: Path, size: int) -> None:
    records = source_records()
    with path.open("w", encoding="utf-8") as handle:
        for n in range(size):
            record = dict(records[n % len(records)], id=f"r{n}")
            handle.write(json.dumps(record) + "\n")


def timed(label: str, work: Callable[[], int]) -> dict[str, object]:
    start = time.perf_counter()
    count = work()
    seconds = time.perf_counter() - start
    return {
        "stage": label,
        "articles": count,
        "seconds": round(seconds, 3),
        "per_second": round(count / seconds, 1),
    }


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.jsonl"
        build_input(path, size)
        settings = ReadSettings()

        def baseline() -> int:
            with path.open(encoding="utf-8") as handle:
                return sum(1 for line in handle if json.loads(line))

        def read_only() -> int:
            return sum(isinstance(item, Article) for item in read([path], settings=settings))

        def read_and_clean() -> int:
            index = BoilerplateIndex()
            articles = [
                item for item in read([path], settings=settings) if isinstance(item, Article)
            ]
            index.observe(articles)
            return sum(1 for article in articles if clean(article, boilerplate=index).paragraphs)

        rows = [
            timed("json.loads (baseline)", baseline),
            timed("read", read_only),
            timed("read + clean", read_and_clean),
        ]
    base = float(rows[0]["seconds"])  # type: ignore[arg-type]
    print(f"{'stage':<24}{'articles':>10}{'seconds':>10}{'per second':>12}{'x baseline':>12}")
    for row in rows:
        row["x_baseline_time"] = round(float(row["seconds"]) / base, 1)  # type: ignore[arg-type]
        print(
            f"{row['stage']:<24}{row['articles']:>10}{row['seconds']:>10}{row['per_second']:>12}{row['x_baseline_time']:>12}"
        )
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS {peak_mib:.0f} MiB · {platform.machine()} · Python {platform.python_version()}"
    )
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "read_clean.json").write_text(
        json.dumps({"size": size, "rows": rows, "peak_rss_mib": round(peak_mib)}, indent=2)
    )


if __name__ == "__main__":
    main()
