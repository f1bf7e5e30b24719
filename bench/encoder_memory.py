"""MiniLM's memory against the shapes it sees (issue 15: the full flow's main process grew
past 2 GiB at 100k articles while grouping).

Encodes `--batches` batches of gva-dev leads, each of a random size (20-300 texts) and each
text cut to a random length (50-400 characters), the way grouping's daily batches and
fusion's sentences vary, on one torch thread (as beside the annotation workers), and prints
the process's RSS every ten batches, twice, each in a fresh process and on the same batches:
as shipped (`LeadEmbedder.encode`: batches padded to 16 fixed shapes) and as
sentence-transformers batches (each batch padded to its own longest text: a new shape to
torch almost every time), the baseline. Ends with the RSS growth and the time of each.
Run it under environment settings to compare, e.g.
`ONEDNN_PRIMITIVE_CACHE_CAPACITY=16 python bench/encoder_memory.py`.

    python bench/encoder_memory.py [--batches 60] [--float32]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from newsfuse.cluster.embed import LeadEmbedder, share_cores

GVA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva-dev" / "articles.jsonl"
WAYS = ("shipped", "sentence-transformers")


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(way: str, batches: int, float32: bool) -> None:
    """One way, in this process: prints a JSON line per ten batches."""
    with GVA.open(encoding="utf-8") as lines:
        texts = [json.loads(line).get("text", "")[:400] for line in lines]
    embedder = LeadEmbedder(bfloat16=False if float32 else None)
    embedder.encode(["The model loads on first use."])
    model = embedder._load()

    def as_sentence_transformers(batch: list[str]) -> None:
        import torch

        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=embedder.bfloat16):
            model.encode(batch, batch_size=64, convert_to_tensor=True, show_progress_bar=False)

    encode = embedder.encode if way == "shipped" else as_sentence_transformers
    rng = random.Random(1)
    started = time.perf_counter()
    print(json.dumps({"batches": 0, "seconds": 0.0, "rss_mib": rss_mib()}), flush=True)
    with share_cores(embedder):
        for number in range(1, batches + 1):
            size = rng.randint(20, 300)
            encode([t[: rng.randint(50, 400)] for t in rng.sample(texts, size)])
            if number % 10 == 0:
                seconds = time.perf_counter() - started
                print(json.dumps({"batches": number, "seconds": seconds, "rss_mib": rss_mib()}))
                sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--float32", action="store_true", help="no bfloat16 autocast")
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one way, in-process
    args = parser.parse_args()
    if args.way:
        measure(args.way, args.batches, args.float32)
        return
    summary = {}
    for way in WAYS:
        command = [sys.executable, __file__, "--way", way, "--batches", str(args.batches)]
        command += ["--float32"] if args.float32 else []
        steps = []
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
            assert process.stdout is not None
            for line in process.stdout:
                step = json.loads(line)
                steps.append(step)
                print(
                    f"{way:>22}: {step['batches']:>3} batches, {step['seconds']:5.0f} s, "
                    f"RSS {step['rss_mib']:,.0f} MiB",
                    flush=True,
                )
        if process.returncode:
            raise SystemExit(f"{way} failed (exit {process.returncode})")
        summary[way] = steps
    print()
    for way, steps in summary.items():
        first, last = steps[0], steps[-1]
        print(
            f"{way:>22}: RSS {first['rss_mib']:,.0f} -> {last['rss_mib']:,.0f} MiB "
            f"(max {max(s['rss_mib'] for s in steps):,.0f}), {last['seconds']:.0f} s"
        )
    shipped, baseline = summary["shipped"][-1], summary["sentence-transformers"][-1]
    print(f"shipped / sentence-transformers: time x{shipped['seconds'] / baseline['seconds']:.2f}")


if __name__ == "__main__":
    main()
