"""`newsfuse timeline` and `newsfuse eval timeline`: the whole flow, then the input's
timeline from its briefs; scored per collection beside the baseline, in the same run."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.evaluate.timeline import (
    GoldTimeline,
    TimelineScore,
    baseline_timeline,
    load_gold_timelines,
    score_timeline,
    texts_by_collection,
)
from newsfuse.files import write_text_atomic
from newsfuse.runners.local import ProgressHook, RunResult, run_pipeline
from newsfuse.timeline import TimelineDay, build_timeline, timeline_to_list

__all__ = ["TimelineEvaluation", "evaluate_timelines", "timeline_of", "write_timeline"]


def timeline_of(
    inputs: Iterable[str | Path],
    *,
    settings: Settings,
    dates: int | None = None,
    per_date: int | None = None,
    workers: int = 1,
    progress: ProgressHook | None = None,
) -> tuple[RunResult, tuple[TimelineDay, ...]]:
    """Run every stage on `inputs`; their timeline from the briefs."""
    result = run_pipeline(inputs, settings=settings, workers=workers, progress=progress)
    timeline = build_timeline(
        result.briefs,
        articles=result.articles,
        dates=dates,
        per_date=per_date,
        settings=settings.timeline,
    )
    return result, timeline


def write_timeline(path: Path, rows: list[dict[str, object]]) -> None:
    """A timeline's JSON rows (`[{"date", "sentences": [{"text", "sources"}]}]`), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(rows, ensure_ascii=False, indent=1))


@dataclass(frozen=True, slots=True)
class TimelineEvaluation:
    """One gold timeline's scores: newsfuse's and the baseline's, on the same articles."""

    gold: GoldTimeline
    articles: int
    newsfuse: TimelineScore
    baseline: TimelineScore
    # How the collection's articles fall into stories and storylines (a collection is one
    # topic over weeks: its coverage should gather, not fork a story per window).
    stories: int = 0
    storylines: int = 0
    largest_story: int = 0
    largest_storyline: int = 0


def evaluate_timelines(
    gold_path: Path,
    inputs: Sequence[Path],
    *,
    settings: Settings,
    workers: int = 1,
    out: Path | None = None,
) -> list[TimelineEvaluation]:
    """Each gold timeline against the timeline newsfuse makes of its collection's articles
    (the records of `inputs` whose `collection` it names), with the gold's number of days
    and sentences a day, beside the baseline. With `out`, both timelines of each collection
    (from its first gold) are written there as `<collection>.json` and
    `baseline/<collection>.json`, the layout `../shared/tools/tls_score.py` reads."""
    golds = load_gold_timelines(gold_path)
    records: dict[str, list[dict[str, object]]] = {}
    for path in inputs:
        for collection, rows in texts_by_collection(path).items():
            records.setdefault(collection, []).extend(rows)
    missing = sorted({g.collection for g in golds} - set(records))
    if missing:
        raise InputError(
            ", ".join(map(str, inputs)),
            f"no record of collection(s) {', '.join(missing)} named in {gold_path}",
        )
    evaluations: list[TimelineEvaluation] = []
    written: set[str] = set()
    for collection in dict.fromkeys(g.collection for g in golds):
        with tempfile.TemporaryDirectory(prefix="newsfuse-timeline-") as folder:
            part = Path(folder) / f"{_file_safe(collection)}.jsonl"
            part.write_text(
                "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in records[collection]),
                encoding="utf-8",
            )
            result = run_pipeline([part], settings=settings, workers=workers)
        for gold in (g for g in golds if g.collection == collection):
            system = build_timeline(
                result.briefs,
                articles=result.articles,
                dates=gold.days,
                per_date=gold.sentences_per_day,
                settings=settings.timeline,
            )
            baseline = baseline_timeline(result.articles, gold.days)
            size = {story.story_id: len(story.article_ids) for story in result.stories}
            evaluations.append(
                TimelineEvaluation(
                    gold,
                    len(result.articles),
                    score_timeline(gold.entries, _texts(system)),
                    score_timeline(gold.entries, baseline),
                    stories=len(result.stories),
                    storylines=len(result.storylines),
                    largest_story=max(size.values(), default=0),
                    largest_storyline=max(
                        (sum(size[s] for s in line.story_ids) for line in result.storylines),
                        default=0,
                    ),
                )
            )
            if out is not None and collection not in written:
                name = f"{_file_safe(collection)}.json"
                write_timeline(out / name, timeline_to_list(system))
                write_timeline(
                    out / "baseline" / name,
                    [
                        {"date": day.isoformat(), "sentences": [{"text": t} for t in texts]}
                        for day, texts in baseline
                    ],
                )
                written.add(collection)
    return evaluations


def _texts(timeline: Iterable[TimelineDay]) -> list[tuple[dt.date, list[str]]]:
    return [(day.date, [s.text for s in day.sentences]) for day in timeline]


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "collection"
