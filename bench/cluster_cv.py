"""Story-grouping thresholds chosen by cross-validation over ECB+ topics, and scored.

Every ECB+ topic holds two events of one kind; a threshold tuned on the same topics it is
scored on would flatter itself. So: tune on the even topics, score the odd ones, swap, and
report the mean of the two held-out scores (B-cubed F1), for full texts and for a
headline-only stream (each article cut to its title). Embeddings are computed once and
cached across the grid.

    python bench/cluster_cv.py ../shared/data/ecbplus-dev [--headlines]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rich.console import Console
from rich.table import Table

from newsfuse.cluster import LeadEmbedder
from newsfuse.config import GroupSettings, Settings
from newsfuse.evaluate.clusters import (
    ClusterScore,
    headlines_only,
    load_gold_labels,
    score_grouping,
)
from newsfuse.runners.local import read_clean

console = Console(width=120)


class CachedEmbedder(LeadEmbedder):
    """The real model, asked once per distinct text."""

    def __init__(self) -> None:
        super().__init__()
        self._cache: dict[str, npt.NDArray[np.float32]] = {}

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            self._cache.update(zip(missing, super().encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ecbplus", type=Path, help="the ecbplus-dev folder")
    parser.add_argument("--headlines", action="store_true", help="score a headline-only stream")
    args = parser.parse_args()
    gold = load_gold_labels(args.ecbplus / "ecbplus-dev.gold.tsv")
    articles = read_clean([args.ecbplus / "ecbplus-dev.jsonl"], Settings())
    if args.headlines:
        articles = headlines_only(articles)
    # ECB+ labels are topic_subtopic: the fold is chosen by topic, never by article.
    folds = (
        [a for a in articles if int(gold[a.id].split("_")[0]) % 2 == 0],
        [a for a in articles if int(gold[a.id].split("_")[0]) % 2 == 1],
    )
    embedder = CachedEmbedder()
    base = GroupSettings()
    grid = [
        dataclasses.replace(
            base,
            topic_similarity=t,
            event_similarity=e,
            year_conflict_penalty=y,
            min_split_size=m,
            cohesion_ratio=r,
            cohesion_min_size=c,
        )
        for t, e, y, m, r, c in itertools.product(
            (0.02, 0.04),
            (0.0, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08)
            if args.headlines
            else (0.03, 0.04, 0.05, 0.06, 0.08),
            (0.1, 0.2),
            (1, 3),
            (0.0, 0.5),
            (5, 8),
        )
    ]
    started = time.perf_counter()
    scores: dict[tuple[int, GroupSettings], ClusterScore] = {}
    for fold, members in enumerate(folds):
        for settings in grid:
            scores[(fold, settings)] = score_grouping(
                gold, members, settings=settings, embedder=embedder
            )
    table = Table(title=f"ECB+ dev, {'headlines only' if args.headlines else 'full text'}")
    for column in (
        "tuned on",
        "topic",
        "event",
        "year pen.",
        "min split",
        "cohesion",
        "tuned F1",
        "held-out P/R/F1",
    ):
        table.add_column(column)
    held_out = []
    for fold in (0, 1):
        best = max(
            grid,
            key=lambda s: (scores[(fold, s)].f1, -abs(s.event_similarity - base.event_similarity)),
        )
        test = scores[(1 - fold, best)]
        held_out.append(test.f1)
        table.add_row(
            "even topics" if fold == 0 else "odd topics",
            f"{best.topic_similarity:.2f}",
            f"{best.event_similarity:.2f}",
            f"{best.year_conflict_penalty:.1f}",
            str(best.min_split_size),
            f"{best.cohesion_ratio:.1f} from {best.cohesion_min_size}",
            f"{scores[(fold, best)].f1:.4f}",
            f"{test.precision:.3f} / {test.recall:.3f} / {test.f1:.4f}",
        )
    console.print(table)
    default = [scores[(fold, base)].f1 for fold in (0, 1)] if base in grid else None
    console.print(f"cross-validated B-cubed F1 (mean of held-out halves): {np.mean(held_out):.4f}")
    if default:
        console.print(f"defaults on the halves: {default[0]:.4f}, {default[1]:.4f}")
    console.print(f"{len(grid)} settings × 2 halves in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
