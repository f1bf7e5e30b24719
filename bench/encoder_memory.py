"""MiniLM's memory against the shapes it sees (issue 15: the full flow's main process grew
past 2 GiB at 100k articles while grouping).

Encodes `--batches` batches of gva-dev leads, each of a random size (20-300 texts) and each
text cut to a random length (50-400 characters), the way grouping's daily batches and
fusion's sentences vary, on one torch thread (as beside the annotation workers), and prints
the process's RSS every ten batches. Run it under environment settings to compare, e.g.
`ONEDNN_PRIMITIVE_CACHE_CAPACITY=16 python bench/encoder_memory.py`.

    python bench/encoder_memory.py [--batches 60] [--float32]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from newsfuse.cluster.embed import LeadEmbedder, share_cores

GVA = Path(__file__).resolve().parents[2] / "shared" / "data" / "gva-dev" / "articles.jsonl"


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=60)
    parser.add_argument("--float32", action="store_true", help="no bfloat16 autocast")
    args = parser.parse_args()
    with GVA.open(encoding="utf-8") as lines:
        texts = [json.loads(line).get("text", "")[:400] for line in lines]
    embedder = LeadEmbedder(bfloat16=False if args.float32 else None)
    embedder.encode(["The model loads on first use."])
    rng = random.Random(1)
    started = time.perf_counter()
    print(f"loaded: RSS {rss_mib():.0f} MiB", flush=True)
    with share_cores(embedder):
        for number in range(1, args.batches + 1):
            size = rng.randint(20, 300)
            embedder.encode([t[: rng.randint(50, 400)] for t in rng.sample(texts, size)])
            if number % 10 == 0:
                seconds = time.perf_counter() - started
                print(f"{number} batches, {seconds:.0f} s: RSS {rss_mib():.0f} MiB", flush=True)


if __name__ == "__main__":
    main()
