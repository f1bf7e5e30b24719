"""Throughput of `dedupe` on Reuters-21578 against a plain datasketch MinHashLSH, same run.

Reads every story of ../shared/data/reuters21578/*.sgm, cleans them, then times:
`dedupe` (families + shared sentences), its family steps alone, and a datasketch baseline
(same shingles, num_perm and threshold; candidates verified with the same exact Jaccard).
Prints a table, the family size distribution and 20 sample families (for reading), and writes
bench/results/dedupe.json. Usage: python bench/dedupe.py
"""

from __future__ import annotations

import datetime as dt
import json
import platform
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datasketch import MinHash, MinHashLSH

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.config import DedupeSettings, ReadSettings
from newsfuse.dedupe import (
    NUM_PERM,
    candidate_pairs,
    dedupe,
    merge,
    shingles,
    signatures,
    verify,
)
from newsfuse.model import Article, Family, FamilyMatch, Skip
from newsfuse.read import read

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO / ".." / "shared" / "data" / "reuters21578"
SAMPLES = 20


def load() -> tuple[list[Article], int]:
    """Cleaned Reuters articles, and the number of records read (with or without a body)."""
    items = list(read([REUTERS], settings=ReadSettings()))
    raw = [item for item in items if isinstance(item, Article)]
    records = len(raw) + sum(isinstance(item, Skip) for item in items)
    index = BoilerplateIndex()
    index.observe(raw)
    return [clean(article, boilerplate=index) for article in raw], records


def family_steps(articles: list[Article], settings: DedupeSettings) -> tuple[Family, ...]:
    signed = signatures(articles)
    matches = verify(candidate_pairs(signed, bands=settings.bands), signed, settings=settings)
    return merge(articles, matches)


def datasketch_baseline(articles: list[Article], settings: DedupeSettings) -> tuple[Family, ...]:
    """The same shingles through datasketch MinHash + MinHashLSH, then the same verification."""
    by_id = {a.id: a for a in articles}
    grams = {a.id: shingles(f"{a.title or ''}\n{a.clean_text}") for a in articles}
    grams = {key: value for key, value in grams.items() if value}
    sketches = MinHash.bulk(
        [[g.encode("utf-8") for g in value] for value in grams.values()], num_perm=NUM_PERM
    )
    lsh = MinHashLSH(threshold=settings.min_jaccard, num_perm=NUM_PERM)
    for key, sketch in zip(grams, sketches, strict=True):
        lsh.insert(key, sketch)
    pairs: set[tuple[str, str]] = {
        (min(key, other), max(key, other))
        for key, sketch in zip(grams, sketches, strict=True)
        for other in lsh.query(sketch)
        if other != key
    }
    sets = {key: set(value) for key, value in grams.items()}
    matches = [
        FamilyMatch(first, second, round(len(sets[first] & sets[second]) / union, 4))
        for first, second in pairs
        if within(by_id[first], by_id[second], settings)
        and (union := len(sets[first] | sets[second]))
        and len(sets[first] & sets[second]) / union >= settings.min_jaccard
    ]
    return merge(articles, matches)


def within(first: Article, second: Article, settings: DedupeSettings) -> bool:
    """The same publication window `verify` applies (naive Reuters datetimes)."""
    if not isinstance(first.published, dt.datetime) or not isinstance(
        second.published, dt.datetime
    ):
        return True
    gap = abs(first.published - second.published).total_seconds()
    return gap <= settings.max_days_apart * 86400


def timed(label: str, count: int, work: Callable[[], Any]) -> tuple[dict[str, Any], Any]:
    start = time.perf_counter()
    value = work()
    seconds = time.perf_counter() - start
    row = {"step": label, "articles": count, "seconds": round(seconds, 2)}
    row["per_second"] = round(count / seconds)
    return row, value


def main() -> None:
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent")
    articles, records = load()
    settings = DedupeSettings()
    count = len(articles)
    rows_values = [
        timed("newsfuse dedupe (all)", count, lambda: dedupe(articles, settings=settings)),
        timed("newsfuse family steps", count, lambda: family_steps(articles, settings)),
        timed("datasketch MinHashLSH", count, lambda: datasketch_baseline(articles, settings)),
    ]
    rows = [row for row, _ in rows_values]
    result, ours, theirs = (value for _, value in rows_values)
    base = rows[2]["seconds"]
    print(f"{records} records, {count} with a body; num_perm {NUM_PERM}, {settings}")
    print(f"{'step':<26}{'articles':>10}{'seconds':>10}{'per second':>12}{'x datasketch':>14}")
    for row in rows:
        row["speedup_vs_datasketch"] = round(base / row["seconds"], 1)
        print(
            f"{row['step']:<26}{row['articles']:>10}{row['seconds']:>10}"
            f"{row['per_second']:>12}{row['speedup_vs_datasketch']:>14}"
        )
    summary = summarise(result.families, theirs, len(result.links))
    print(json.dumps(summary))
    by_id = {article.id: article for article in result.articles}
    print_samples([f for f in result.families if len(f.members) > 1], by_id)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak RSS {peak_mib:.0f} MiB · {platform.machine()} · Python {platform.python_version()}"
    )
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    payload = {"records": records, "articles": count, "rows": rows, **summary}
    payload["peak_rss_mib"] = round(peak_mib)
    (out / "dedupe.json").write_text(json.dumps(payload, indent=2))
    assert [f.members for f in ours] == [f.members for f in result.families]


def summarise(
    families: tuple[Family, ...], baseline: tuple[Family, ...], links: int
) -> dict[str, Any]:
    multi = [f for f in families if len(f.members) > 1]
    same = {f.members for f in multi} == {f.members for f in baseline if len(f.members) > 1}
    return {
        "families": len(families),
        "multi_member_families": len(multi),
        "articles_in_multi_member_families": sum(len(f.members) for f in multi),
        "size_distribution": dict(sorted(Counter(len(f.members) for f in multi).items())),
        "baseline_multi_member_families": sum(len(f.members) > 1 for f in baseline),
        "same_families_as_baseline": same,
        "sentence_links": links,
    }


def print_samples(multi: list[Family], by_id: dict[str, Article]) -> None:
    """20 families drawn with a fixed seed, each member's date, match and title, for reading."""
    for family in random.Random(21578).sample(multi, min(SAMPLES, len(multi))):
        print(f"--- {family.family_id} ({len(family.members)} members)")
        jaccard = {m.article_id: m.jaccard for m in family.evidence}
        for member in family.members:
            article = by_id[member]
            when = article.published.isoformat() if article.published else "?"
            match = f"J={jaccard[member]:.2f}" if member in jaccard else "canonical"
            print(f"  {member:<16}{when:<21}{match:<11}{(article.title or '')[:100]}")


if __name__ == "__main__":
    main()
