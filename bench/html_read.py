"""The HTML reader against trafilatura alone, same run: main-text quality and time per page.

Input: L3S-GN1 (../shared/data/l3s-gn1-sample: 80 Google News pages, raw HTML in `input/`,
the annotated main text in `gold/`). Per page, interleaved so both see the same load:
newsfuse's reader (`read_file`: decoding, the unterminated-title repair, trafilatura's
`bare_extraction` with our options, metadata and date) and `trafilatura.extract` with its
defaults on the same bytes. Both texts are scored against the gold full text by bag of
lower-cased word tokens (as `newsfuse eval html` scores): micro (pooled) and macro (per-page
mean) F1. Prints a table and writes bench/results/html_read.json.

    python bench/html_read.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import trafilatura

from newsfuse.config import ReadSettings
from newsfuse.evaluate.html_extraction import gold_text, score_tokens
from newsfuse.model import Article
from newsfuse.read import read_file

REPO = Path(__file__).resolve().parents[1]
L3S = REPO / ".." / "shared" / "data" / "l3s-gn1-sample"
RESULTS = REPO / "bench" / "results"
_WORD = re.compile(r"\w+")


def newsfuse_text(path: Path, settings: ReadSettings) -> str:
    articles = [item for item in read_file(path, settings=settings) if isinstance(item, Article)]
    return articles[0].text if articles else ""


def trafilatura_text(path: Path) -> str:
    return trafilatura.extract(path.read_bytes()) or ""


def compare(folder: Path = L3S) -> dict[str, Any]:
    """Both readers on every page with a gold file; scores and seconds per reader."""
    settings = ReadSettings()
    readers = {
        "newsfuse read_file": lambda path: newsfuse_text(path, settings),
        "trafilatura.extract (defaults)": trafilatura_text,
    }
    seconds = dict.fromkeys(readers, 0.0)
    pages: dict[str, list[tuple[str, str]]] = {name: [] for name in readers}
    gold_paths = sorted((folder / "gold").glob("*.html"))
    for gold_path in gold_paths:
        gold = gold_text(gold_path.read_bytes())
        for name, reader in readers.items():
            started = time.perf_counter()
            text = reader(folder / "input" / gold_path.name)
            seconds[name] += time.perf_counter() - started
            pages[name].append((text, gold))
    rows = [row(name, pages[name], seconds[name]) for name in readers]
    print_rows(rows)
    result = {"pages": len(gold_paths), "rows": rows}
    result["time_ratio_newsfuse_vs_trafilatura"] = round(rows[0]["seconds"] / rows[1]["seconds"], 2)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "html_read.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return result


def row(name: str, pages: list[tuple[str, str]], seconds: float) -> dict[str, Any]:
    overlap = extracted = wanted = 0
    for text, gold in pages:
        ours, theirs = Counter(_WORD.findall(text.lower())), Counter(_WORD.findall(gold.lower()))
        overlap += sum((ours & theirs).values())
        extracted += sum(ours.values())
        wanted += sum(theirs.values())
    precision, recall = overlap / extracted, overlap / wanted
    return {
        "reader": name,
        "pages_with_text": sum(bool(text) for text, _ in pages),
        "micro_precision": round(precision, 3),
        "micro_recall": round(recall, 3),
        "micro_f1": round(2 * precision * recall / (precision + recall), 3),
        "macro_f1": round(sum(score_tokens(t, g).f1 for t, g in pages) / len(pages), 3),
        "seconds": round(seconds, 2),
        "ms_per_page": round(1000 * seconds / len(pages), 1),
    }


def print_rows(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'reader':<32}{'pages':>6}{'micro P':>9}{'micro R':>9}{'micro F1':>10}"
        f"{'macro F1':>10}{'ms/page':>9}"
    )
    for r in rows:
        print(
            f"{r['reader']:<32}{r['pages_with_text']:>6}{r['micro_precision']:>9}"
            f"{r['micro_recall']:>9}{r['micro_f1']:>10}{r['macro_f1']:>10}{r['ms_per_page']:>9}"
        )


if __name__ == "__main__":
    if not L3S.exists():
        sys.exit(f"{L3S} is absent")
    compare()
