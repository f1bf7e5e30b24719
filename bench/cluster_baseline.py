"""Story grouping against a TF-IDF + average-link agglomerative baseline, same run.

Quality on ECB+ dev (../shared/data/ecbplus-dev: 772 articles, 66 stories, two events of one
kind per topic), B-cubed F1. The baseline (scikit-learn TF-IDF of title + cleaned text,
sublinear tf, English stop words; scipy average linkage over cosine distance, cut at a
distance threshold) has its one threshold tuned fairly: on the even topics, scored on the
odd ones, and the other way round (as bench/cluster_cv.py tunes newsfuse); its best
threshold on all topics is shown too, as the most it could score. newsfuse runs with its
defaults (chosen by that cross-validation, see `GroupSettings`), on each half and on all.

Time: both on all of ECB+ (newsfuse with and without the lead embedding, the model loaded
before the clock), and on 1,000 and 10,000 Reuters-21578 articles (time only, no labels),
where the baseline's pairwise distance matrix shows how it grows. Prints tables and writes
bench/results/cluster_baseline.json.

    python bench/cluster_baseline.py
"""

from __future__ import annotations

import dataclasses
import json
import resource
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances

from newsfuse.cluster import LeadEmbedder, group_stories
from newsfuse.config import GroupSettings, Settings
from newsfuse.evaluate.clusters import bcubed, load_gold_labels
from newsfuse.model import Article
from newsfuse.runners.local import read_clean

REPO = Path(__file__).resolve().parents[1]
ECB = REPO / ".." / "shared" / "data" / "ecbplus-dev"
REUTERS = REPO / ".." / "shared" / "data" / "reuters21578"
RESULTS = REPO / "bench" / "results"
# Cosine distances at which the average-link tree is cut; the tuned values fell inside.
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.5, 1.0, 0.01))
SCALE_SIZES = (1000, 10000)


def tfidf_average_link(articles: Sequence[Article], threshold: float) -> dict[str, str]:
    """The baseline: article id -> cluster label."""
    texts = [f"{a.title or ''}\n{a.clean_text}" for a in articles]
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    distances = cosine_distances(vectors)
    np.fill_diagonal(distances, 0.0)
    tree = linkage(squareform(distances, checks=False), method="average")
    labels = fcluster(tree, t=threshold, criterion="distance")
    return {a.id: str(label) for a, label in zip(articles, labels, strict=True)}


def newsfuse_groups(
    articles: Sequence[Article], settings: GroupSettings, embedder: LeadEmbedder
) -> dict[str, str]:
    stories = group_stories(articles, settings=settings, embedder=embedder)
    return {article_id: s.story_id for s in stories for article_id in s.article_ids}


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = work()
    return time.perf_counter() - started, value


def quality(gold: dict[str, str], articles: list[Article], embedder: LeadEmbedder) -> dict:
    """B-cubed F1 of both methods, thresholds tuned on one half of the topics."""
    halves = [
        [a for a in articles if int(gold[a.id].split("_")[0]) % 2 == parity] for parity in (0, 1)
    ]
    f1 = {  # (half, threshold) -> baseline F1
        (half, t): bcubed(gold, tfidf_average_link(halves[half], t)).f1
        for half in (0, 1)
        for t in THRESHOLDS
    }
    baseline_held_out = []
    for half in (0, 1):
        tuned = max(THRESHOLDS, key=lambda t, h=half: f1[(h, t)])
        baseline_held_out.append(
            {"tuned_on": half, "threshold": tuned, "f1": f1[(1 - half, tuned)]}
        )
    best_all = max(THRESHOLDS, key=lambda t: bcubed(gold, tfidf_average_link(articles, t)).f1)
    default = GroupSettings()
    ours = [bcubed(gold, newsfuse_groups(h, default, embedder)) for h in halves]
    ours_all = bcubed(gold, newsfuse_groups(articles, default, embedder))
    baseline_all = bcubed(gold, tfidf_average_link(articles, best_all))
    return {
        "halves": ["even topics", "odd topics"],
        "baseline_held_out": [dict(r, f1=round(r["f1"], 4)) for r in baseline_held_out],
        "baseline_held_out_mean_f1": round(np.mean([r["f1"] for r in baseline_held_out]), 4),
        "baseline_best_threshold_on_all": best_all,
        "baseline_best_on_all": score_dict(baseline_all),
        "newsfuse_defaults_on_halves_f1": [round(s.f1, 4) for s in ours],
        "newsfuse_defaults_on_halves_mean_f1": round(np.mean([s.f1 for s in ours]), 4),
        "newsfuse_defaults_on_all": score_dict(ours_all),
    }


def score_dict(score: Any) -> dict[str, Any]:
    return {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "stories": score.predicted_stories,
    }


def speed(articles: list[Article], threshold: float, embedder: LeadEmbedder) -> dict:
    with_lead, _ = timed(lambda: newsfuse_groups(articles, GroupSettings(), embedder))
    terms = dataclasses.replace(GroupSettings(), embeddings=False)
    without, _ = timed(lambda: newsfuse_groups(articles, terms, embedder))
    baseline, _ = timed(lambda: tfidf_average_link(articles, threshold))
    return {
        "articles": len(articles),
        "newsfuse_seconds": round(with_lead, 2),
        "newsfuse_without_lead_embedding_seconds": round(without, 2),
        "baseline_seconds": round(baseline, 2),
    }


def scaling(threshold: float, embedder: LeadEmbedder) -> list[dict[str, Any]]:
    """Time alone on Reuters (no labels): newsfuse without the embedding vs the baseline."""
    reuters = sorted(
        read_clean(sorted(REUTERS.glob("*.sgm")), Settings()),
        key=lambda a: (a.published_date is None, a.published_date or 0, a.id),
    )
    rows = []
    terms = dataclasses.replace(GroupSettings(), embeddings=False)
    for size in SCALE_SIZES:
        articles = reuters[:size]
        ours, _ = timed(lambda a=articles: newsfuse_groups(a, terms, embedder))
        theirs, _ = timed(lambda a=articles: tfidf_average_link(a, threshold))
        rows.append(
            {
                "articles": len(articles),
                "newsfuse_without_lead_embedding_seconds": round(ours, 2),
                "baseline_seconds": round(theirs, 2),
                "peak_rss_mib_so_far": round(
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                ),
            }
        )
    return rows


def compare() -> dict[str, Any]:
    gold = load_gold_labels(ECB / "ecbplus-dev.gold.tsv")
    articles = read_clean([ECB / "ecbplus-dev.jsonl"], Settings())
    embedder = LeadEmbedder()
    embedder.encode(["The model loads before the clock starts."])
    result = quality(gold, articles, embedder)
    threshold = result["baseline_best_threshold_on_all"]
    result["speed_ecbplus"] = speed(articles, threshold, embedder)
    result["speed_reuters"] = scaling(threshold, embedder)
    print_result(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cluster_baseline.json").write_text(json.dumps(result, indent=2) + "\n")
    return result


def print_result(result: dict[str, Any]) -> None:
    print("ECB+ dev, B-cubed F1 (tune on one half of the topics, score the other):")
    for row in result["baseline_held_out"]:
        half = result["halves"][row["tuned_on"]]
        print(
            f"  TF-IDF + average link, tuned on {half}: threshold {row['threshold']}, "
            f"held-out F1 {row['f1']}"
        )
    print(
        f"  baseline held-out mean {result['baseline_held_out_mean_f1']}; best on all "
        f"(threshold {result['baseline_best_threshold_on_all']}): {result['baseline_best_on_all']}"
    )
    print(
        f"  newsfuse defaults on the halves {result['newsfuse_defaults_on_halves_f1']} (mean "
        f"{result['newsfuse_defaults_on_halves_mean_f1']}); "
        f"on all {result['newsfuse_defaults_on_all']}"
    )
    speed = result["speed_ecbplus"]
    print(
        f"time on {speed['articles']} ECB+ articles: newsfuse {speed['newsfuse_seconds']} s "
        f"({speed['newsfuse_without_lead_embedding_seconds']} s without the lead embedding), "
        f"baseline {speed['baseline_seconds']} s"
    )
    for row in result["speed_reuters"]:
        print(
            f"time on {row['articles']:,} Reuters articles: newsfuse without the embedding "
            f"{row['newsfuse_without_lead_embedding_seconds']} s, "
            f"baseline {row['baseline_seconds']} s"
            f" (peak RSS so far {row['peak_rss_mib_so_far']} MiB)"
        )


if __name__ == "__main__":
    if not ECB.exists() or not REUTERS.exists():
        sys.exit(f"{ECB} or {REUTERS} is absent")
    compare()
