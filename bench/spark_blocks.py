"""What time blocks cost the Spark runner's stories, against the local runner, same run.

The Spark runner groups stories per block of `--block-days`, each block replaying the
grouping window before it, and links stories across blocks through those warm-up
articles (`runners/spark.py`, step 6). This measures the difference that makes on dated
news: Reuters-21578 (../shared/data/reuters21578, 1987, 58 publication days), the first N
articles in publication order, read, cleaned and deduped once; then stories by the local
`group_stories` (the baseline) and by the Spark runner's block step on the same articles
for several block lengths. Scores each Spark partition against the local one with B-cubed
(the local stories as the reference), and times both.

Embeddings are off unless `--embeddings` (the MiniLM lead model would dominate the time
and is the same in both). Prints a table and writes bench/results/spark_blocks.json.
Usage: python bench/spark_blocks.py [--articles N] [--blocks 1,3,7,28] [--embeddings]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from newsfuse.cluster import group_stories
from newsfuse.config import Settings
from newsfuse.dedupe import dedupe
from newsfuse.evaluate.clusters import bcubed
from newsfuse.model import Article
from newsfuse.runners.local import read_clean
from newsfuse.runners.spark import spark_session
from newsfuse.runners.spark_blocks import group_in_blocks

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO / ".." / "shared" / "data" / "reuters21578"
RESULTS = REPO / "bench" / "results" / "spark_blocks.json"


def load(limit: int, settings: Settings) -> list[Article]:
    articles = read_clean(sorted(REUTERS.glob("*.sgm")), settings)
    dated = sorted((a for a in articles if a.published_date), key=lambda a: (a.published, a.id))
    return list(dedupe(dated[:limit], settings=settings.dedupe).articles)


def partition(stories: Any) -> dict[str, str]:
    return {article_id: story.story_id for story in stories for article_id in story.article_ids}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--blocks", default="1,3,7,28")
    parser.add_argument("--embeddings", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    if not args.embeddings:
        settings = dataclasses.replace(
            settings, group=dataclasses.replace(settings.group, embeddings=False)
        )
    articles = load(args.articles, settings)
    days = sorted({a.published_date for a in articles if a.published_date})
    started = time.perf_counter()
    local = group_stories(articles, settings=settings.group)
    local_seconds = time.perf_counter() - started
    reference = partition(local)
    spark = spark_session("local[2]", app_name="newsfuse-bench-blocks")
    ranked = spark.sparkContext.parallelize(list(enumerate(articles)), 4).persist()
    ranked.count()
    rows: list[dict[str, Any]] = []
    for block_days in (int(b) for b in args.blocks.split(",")):
        started = time.perf_counter()
        blocked = group_in_blocks(ranked, settings, block_days)
        stories = blocked.stories.collect()
        seconds = time.perf_counter() - started
        score = bcubed(reference, partition(stories))
        rows.append(
            {
                "block_days": block_days,
                "blocks": blocked.blocks,
                "linked": blocked.linked,
                "stories": len(stories),
                "precision": round(score.precision, 4),
                "recall": round(score.recall, 4),
                "f1": round(score.f1, 4),
                "seconds": round(seconds, 1),
            }
        )
    spark.stop()
    print(
        f"Reuters, {len(articles)} articles on {len(days)} days ({days[0]} to {days[-1]}); "
        f"local group_stories: {len(local)} stories in {local_seconds:.1f} s"
    )
    print(
        f"{'block days':>10} {'blocks':>6} {'linked':>6} {'stories':>7} "
        f"{'B3 P':>6} {'B3 R':>6} {'B3 F1':>6} {'seconds':>8}"
    )
    for row in rows:
        print(
            f"{row['block_days']:>10} {row['blocks']:>6} {row['linked']:>6} {row['stories']:>7} "
            f"{row['precision']:>6.3f} {row['recall']:>6.3f} {row['f1']:>6.3f} "
            f"{row['seconds']:>8.1f}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "date": dt.date.today().isoformat(),
                "command": "python bench/spark_blocks.py "
                f"--articles {args.articles} --blocks {args.blocks}"
                + (" --embeddings" if args.embeddings else ""),
                "machine": {
                    "cpus": os.cpu_count(),
                    "platform": platform.platform(),
                    "python": platform.python_version(),
                    "load_average": os.getloadavg(),
                },
                "articles": len(articles),
                "days": len(days),
                "local": {"stories": len(local), "seconds": round(local_seconds, 1)},
                "spark": rows,
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
