"""Throughput of the extract stage on Reuters-21578: sentences/s and articles/s, and the
share of each part (spaCy pipeline, entities, quotes, times, quantities), plus spaCy's
own components timed one by one on a sample. The model loads once, before timing.

Usage: python bench/extract.py [N]  (first N stories with a body; default 2000).
Writes bench/results/extract.json.
"""

from __future__ import annotations

import json
import platform
import sys
import time
from itertools import islice
from pathlib import Path

from newsfuse.clean import clean
from newsfuse.config import Settings
from newsfuse.extract import Extractor, Timings
from newsfuse.model import Article
from newsfuse.read import read

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO / ".." / "shared" / "data" / "reuters21578"
COMPONENT_SAMPLE = 300


def load_articles(size: int) -> list[Article]:
    settings = Settings()
    articles = (
        item for item in read([REUTERS], settings=settings.read) if isinstance(item, Article)
    )
    return [clean(article, settings=settings.clean) for article in islice(articles, size)]


def component_shares(extractor: Extractor, articles: list[Article]) -> dict[str, float]:
    """Seconds per spaCy component on a sample, each run on the same docs in order."""
    texts = [a.clean_text for a in articles[:COMPONENT_SAMPLE] if a.clean_text]
    docs = [extractor.nlp.make_doc(text) for text in texts]
    seconds: dict[str, float] = {}
    for name, component in extractor.nlp.pipeline:
        start = time.perf_counter()
        docs = (
            list(component.pipe(docs))
            if hasattr(component, "pipe")
            else [component(d) for d in docs]
        )
        seconds[name] = time.perf_counter() - start
    return seconds


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent: the benchmark needs the Reuters-21578 corpus")
    articles = load_articles(size)
    load_start = time.perf_counter()
    extractor = Extractor()
    load_seconds = time.perf_counter() - load_start
    timings = Timings()
    start, cpu_start = time.perf_counter(), time.process_time()
    annotations = list(extractor.extract_many(articles, timings=timings))
    seconds = time.perf_counter() - start
    # CPU seconds too: on a shared machine wall time measures the neighbours as well.
    cpu_seconds = time.process_time() - cpu_start
    sentences = sum(len(a.sentences) for a in annotations)
    words = sum(len(a.clean_text.split()) for a in articles)
    parts = dict(sorted(timings.seconds.items(), key=lambda item: -item[1]))
    slowest, slowest_seconds = next(iter(parts.items()))
    components = component_shares(extractor, articles)
    result = {
        "machine": f"{platform.machine()} {platform.python_version()}",
        "articles": len(articles),
        "skipped": sum(1 for a in annotations if a.skipped),
        "sentences": sentences,
        "words": words,
        "model_load_seconds": round(load_seconds, 2),
        "seconds": round(seconds, 2),
        "articles_per_second": round(len(articles) / seconds, 1),
        "sentences_per_second": round(sentences / seconds, 1),
        "words_per_second": round(words / seconds, 1),
        "cpu_seconds": round(cpu_seconds, 2),
        "articles_per_cpu_second": round(len(articles) / cpu_seconds, 1),
        "sentences_per_cpu_second": round(sentences / cpu_seconds, 1),
        "parts_seconds": {k: round(v, 2) for k, v in parts.items()},
        "slowest_part": slowest,
        "slowest_share": round(slowest_seconds / seconds, 3),
        "spacy_components_seconds_on_sample": {k: round(v, 2) for k, v in components.items()},
    }
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / "results" / "extract.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
