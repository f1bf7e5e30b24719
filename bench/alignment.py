"""Statement alignment scored against ECB+ cross-document event coreference, with the
threshold chosen by cross-validation over topics.

Articles are grouped by their gold story (so alignment is measured apart from story
grouping), annotated once, and every story's statement similarities computed once; then
each setting of the grid aligns and is scored (pairwise P/R/F1 over cross-article sentence
pairs, `newsfuse.evaluate.alignment`). Tune on the even topics, score the odd ones, swap.

    python bench/alignment.py ../shared/data/ecbplus-dev [--json OUT.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import pickle
import time
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from newsfuse.cluster import load_embedder
from newsfuse.config import FuseSettings, Settings
from newsfuse.evaluate.alignment import (
    AlignmentGold,
    AlignmentScore,
    load_alignment_gold,
    score_alignment,
)
from newsfuse.evaluate.clusters import load_gold_labels
from newsfuse.extract import annotate_articles, extract_story
from newsfuse.fuse.align import PairSignals, align_statements, pair_signals, weigh
from newsfuse.fuse.statements import Statement, build_statements
from newsfuse.model import Article, Passage
from newsfuse.runners.local import read_clean

console = Console()


def predicted_pairs(
    prepared: list[tuple[list[Statement], PairSignals]], settings: FuseSettings
) -> list[tuple[Passage, Passage]]:
    pairs = []
    for statements, signals in prepared:
        for alignment in align_statements(weigh(signals, settings), settings):
            members = [statements[m] for m in alignment.members]
            pairs.extend(
                (a.passage, b.passage)
                for a, b in itertools.combinations(members, 2)
                if a.article_id != b.article_id
            )
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ecbplus", type=Path, help="the ecbplus-dev folder")
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument(
        "--model", default=None, help="sentence embedding model (default: [fuse] embedding_model)"
    )
    parser.add_argument(
        "--cache", type=Path, help="keep the annotated statements and signals here (pickle)"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    labels = load_gold_labels(args.ecbplus / "ecbplus-dev.gold.tsv")
    gold = load_alignment_gold(args.ecbplus / "xml", stories=labels)
    base = FuseSettings()
    if args.cache and args.cache.exists():
        articles, prepared = pickle.loads(args.cache.read_bytes())
    else:
        base = dataclasses.replace(base, embedding_model=args.model or base.embedding_model)
        articles, prepared = prepare(args.ecbplus, labels, base, started)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((articles, prepared)))
    run_grid(articles, prepared, labels, gold, base, args.json, started)


def prepare(
    ecbplus: Path, labels: dict[str, str], base: FuseSettings, started: float
) -> tuple[list[Article], dict[str, list[tuple[list[Statement], PairSignals]]]]:
    """Annotate the articles and compute every gold story's statement signals once."""
    articles = annotate_articles(read_clean([ecbplus / "ecbplus-dev.jsonl"], Settings()))
    by_story: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        by_story[labels[article.id]].append(article)
    console.print(
        f"read and annotated {len(articles)} articles in {time.perf_counter() - started:.0f} s"
    )
    embedder = load_embedder(base.embedding_model)
    console.print(f"sentence embeddings: {embedder.name}")
    prepared: dict[str, list[tuple[list[Statement], PairSignals]]] = {"even": [], "odd": []}
    for story, members in sorted(by_story.items()):
        extraction = extract_story([a.annotations for a in members if a.annotations])
        statements = build_statements(
            members, extraction, min_words=base.min_statement_words, reference=None
        )
        fold = "even" if int(story.split("_")[0]) % 2 == 0 else "odd"
        prepared[fold].append((statements, pair_signals(statements, embedder.encode, base)))
    console.print(f"statement signals ready at {time.perf_counter() - started:.0f} s")
    return articles, prepared


def run_grid(
    articles: list[Article],
    prepared: dict[str, list[tuple[list[Statement], PairSignals]]],
    labels: dict[str, str],
    gold: AlignmentGold,
    base: FuseSettings,
    out: Path | None,
    started: float,
) -> None:
    fold_articles = {
        fold: [
            a for a in articles if (int(labels[a.id].split("_")[0]) % 2 == 0) == (fold == "even")
        ]
        for fold in ("even", "odd")
    }
    grid = [
        dataclasses.replace(
            base, align_similarity=t, embedding_weight=e, word_weight=w, entity_weight=n
        )
        for t, (e, w, n) in itertools.product(
            (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55),
            ((0.5, 0.3, 0.2), (0.7, 0.2, 0.1), (0.4, 0.4, 0.2), (1.0, 0.0, 0.0), (0.0, 0.7, 0.3)),
        )
    ]
    scores: dict[tuple[str, int], AlignmentScore] = {}
    for index, settings in enumerate(grid):
        for fold in ("even", "odd"):
            pairs = predicted_pairs(prepared[fold], settings)
            scores[(fold, index)] = score_alignment(pairs, gold, fold_articles[fold])
    every = Table(title="ECB+ alignment, all topics (both folds)")
    for column in ("threshold", "weights emb/words/ents", "P", "R", "F1"):
        every.add_column(column)
    for index, settings in enumerate(grid):
        tp = sum(scores[(f, index)].true_positives for f in ("even", "odd"))
        predicted = sum(scores[(f, index)].predicted for f in ("even", "odd"))
        gold_pairs = sum(scores[(f, index)].gold_pairs for f in ("even", "odd"))
        precision, recall = tp / max(predicted, 1), tp / max(gold_pairs, 1)
        f1 = 2 * precision * recall / max(precision + recall, 1e-9)
        weights = f"{settings.embedding_weight}/{settings.word_weight}/{settings.entity_weight}"
        every.add_row(
            f"{settings.align_similarity}",
            weights,
            f"{precision:.3f}",
            f"{recall:.3f}",
            f"{f1:.3f}",
        )
    console.print(every)
    table = Table(title="ECB+ alignment, cross-validated over topics")
    for column in ("tuned on", "scored on", "threshold", "weights emb/words/ents", "P", "R", "F1"):
        table.add_column(column)
    results = []
    for tuned, scored in (("even", "odd"), ("odd", "even")):
        best = max(range(len(grid)), key=lambda i: (scores[(tuned, i)].f1, -i))
        held = scores[(scored, best)]
        chosen = grid[best]
        weights = f"{chosen.embedding_weight}/{chosen.word_weight}/{chosen.entity_weight}"
        table.add_row(
            tuned, scored, f"{chosen.align_similarity}", weights,
            f"{held.precision:.3f}", f"{held.recall:.3f}", f"{held.f1:.3f}",
        )  # fmt: skip
        results.append(
            {
                "tuned_on": tuned,
                "setting": dataclasses.asdict(chosen),
                "held_out": dataclasses.asdict(held),
                "f1": held.f1,
            }
        )
    console.print(table)
    default = [scores[(fold, grid.index(base))] for fold in ("even", "odd")] if base in grid else []
    for fold, score in zip(("even", "odd"), default, strict=False):
        console.print(f"defaults on {fold}: {score.summary()}")
    mean = sum(r["f1"] for r in results) / 2
    console.print(f"held-out mean F1 {mean:.3f} ({time.perf_counter() - started:.0f} s)")
    if out:
        out.write_text(json.dumps({"cv": results, "mean_f1": mean}, indent=2, default=str))


if __name__ == "__main__":
    main()
