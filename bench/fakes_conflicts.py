"""Casualty disagreements between outlets on FA-KES, found by the whole pipeline.

FA-KES (Salem et al., 2019) holds 804 articles on the Syrian war from 15 outlets, labelled
by checking their casualty figures against an independent database: outlets really do
disagree on numbers. This runs `newsfuse run` on it (read → … → fuse), keeps the stories
with articles from at least two outlets, counts the number conflicts fusion reports in
them, and prints a fixed-seed sample for reading by hand.

    python bench/fakes_conflicts.py ../shared/data/fa-kes/FA-KES-Dataset.csv [--sample 20]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from rich.console import Console

from newsfuse.model import ConflictKind
from newsfuse.runners.local import run_pipeline

console = Console()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", type=Path)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--json", type=Path, help="write every conflict found here")
    args = parser.parse_args()
    started = time.perf_counter()
    result = run_pipeline([args.csv])
    outlets = {a.id: a.outlet for a in result.articles}
    multi = [
        brief
        for brief in result.briefs
        if len({outlets[s.id] for s in brief.sources if outlets[s.id]}) >= 2
    ]
    found = []
    for brief in multi:
        for conflict in brief.conflicts:
            found.append(
                {
                    "story": brief.story_id,
                    "headline": brief.headline,
                    "kind": conflict.kind.value,
                    "about": conflict.about,
                    "claims": [
                        {
                            "value": claim.value,
                            "outlets": sorted({str(outlets[s]) for s in claim.sources}),
                            "sources": list(claim.sources),
                            "text": claim.text,
                        }
                        for claim in conflict.claims
                    ],
                }
            )
    numbers = [c for c in found if c["kind"] == ConflictKind.NUMBER.value]
    console.print(
        f"{len(result.articles)} articles, {len(result.briefs)} stories, {len(multi)} with >= 2 "
        f"outlets; conflicts in those: {len(numbers)} number, "
        f"{sum(c['kind'] == 'date' for c in found)} date, "
        f"{sum(c['kind'] == 'attribution' for c in found)} attribution; "
        f"stories with a number conflict: {len({c['story'] for c in numbers})} "
        f"({time.perf_counter() - started:.0f} s)"
    )
    for index, conflict in enumerate(
        random.Random(7).sample(numbers, min(args.sample, len(numbers)))
    ):
        console.print(f"\n[bold]{index + 1}. {conflict['about']}[/] — {conflict['headline']}")
        for claim in conflict["claims"]:
            console.print(f"  {claim['value']} ({', '.join(claim['outlets'])}): {claim['text']}")
    if args.json:
        args.json.write_text(json.dumps(found, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
