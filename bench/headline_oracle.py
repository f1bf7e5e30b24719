"""What titles alone can separate: plain MiniLM (as newsfuse loads it) + average link over
cosine distance on each set's titles, the threshold swept and the best kept for each set
(an oracle: chosen on the set it scores), against the sets' gold stories.

    python bench/headline_oracle.py
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsfuse.cluster.embed import load_embedder
from newsfuse.config import Settings
from newsfuse.evaluate.clusters import bcubed, headlines_only, load_gold_labels
from newsfuse.runners.local import read_clean

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
SETS = {
    "ECB+ dev": ("ecbplus-dev/ecbplus-dev.jsonl", "ecbplus-dev/ecbplus-dev.gold.tsv"),
    "gva-dev": ("gva-dev/articles.jsonl", "gva-dev/gold.tsv"),
    "allsides-dev": ("allsides-dev/articles.jsonl", "allsides-dev/gold.tsv"),
}
THRESHOLDS = np.arange(0.2, 0.9, 0.02)


def main() -> None:
    settings = Settings()
    embedder = load_embedder(settings.group.embedding_model)
    for name, (texts, gold_path) in SETS.items():
        gold = load_gold_labels(DATA / gold_path)
        articles = [a for a in headlines_only(read_clean([DATA / texts], settings)) if a.id in gold]
        vectors = np.asarray(embedder.encode([a.title or a.text for a in articles]))
        distances = np.clip(1 - vectors @ vectors.T, 0, 2)
        np.fill_diagonal(distances, 0)
        tree = linkage(squareform(distances, checks=False), method="average")
        scores = []
        for threshold in THRESHOLDS:
            labels = fcluster(tree, t=threshold, criterion="distance")
            predicted = {a.id: str(label) for a, label in zip(articles, labels, strict=True)}
            scores.append((bcubed(gold, predicted), float(threshold)))
        best, threshold = max(scores, key=lambda pair: pair[0].f1)
        print(
            f"{name}: {len(articles)} titles · best distance {threshold:.2f}: B-cubed "
            f"P {best.precision:.3f} R {best.recall:.3f} F1 {best.f1:.3f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
