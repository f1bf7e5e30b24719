"""How many word pieces of a lead MiniLM reads, against what grouping scores: for each
limit, the leads' encoding time (CPU and wall seconds, the model loaded and warmed before
the clock) and story B-cubed on ECB+ dev, gva-dev and allsides-dev (default settings).

    python bench/lead_tokens.py 128,64,48
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsfuse.cluster import embed
from newsfuse.cluster.embed import LeadEmbedder
from newsfuse.cluster.signature import lead_text
from newsfuse.config import Settings
from newsfuse.evaluate.clusters import load_gold_labels, score_grouping
from newsfuse.runners.local import read_clean

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SETS = {
    "ECB+ dev": ("ecbplus-dev/ecbplus-dev.jsonl", "ecbplus-dev/ecbplus-dev.gold.tsv"),
    "gva-dev": ("gva-dev/articles.jsonl", "gva-dev/gold.tsv"),
    "allsides-dev": ("allsides-dev/articles.jsonl", "allsides-dev/gold.tsv"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("limits", help="comma-separated word-piece limits, e.g. 128,64")
    args = parser.parse_args()
    settings = Settings()
    corpora = {
        name: (read_clean([DATA / texts], settings), load_gold_labels(DATA / gold))
        for name, (texts, gold) in SETS.items()
    }
    for limit in (int(value) for value in args.limits.split(",")):
        embed._MAX_TOKENS = limit  # read when the model loads: a fresh embedder per limit
        embedder = LeadEmbedder()
        for name, (articles, gold) in corpora.items():
            leads = [lead_text(a, settings.group.lead_sentences) for a in articles]
            embedder.encode(leads[:64])
            cpu, wall = time.process_time(), time.perf_counter()
            embedder.encode(leads)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            score = score_grouping(gold, articles, settings=settings.group, embedder=embedder)
            print(
                f"{limit:>4} word pieces · {name}: {len(leads)} leads encoded in "
                f"{cpu:.1f} CPU s ({wall:.1f} s wall) · B-cubed P {score.precision:.3f} "
                f"R {score.recall:.3f} F1 {score.f1:.3f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
