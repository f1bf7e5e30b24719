"""`newsfuse timeline` and `newsfuse eval timeline`: their arguments and what they print
(`newsfuse.cli` adds them to its parser and handles their errors)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from newsfuse.config import load_settings
from newsfuse.errors import ConfigError, InputError
from newsfuse.extract.workers import available_cores

if TYPE_CHECKING:
    from newsfuse.timeline import TimelineDay

__all__ = ["add_eval_timeline", "add_timeline"]

# Wide enough for the score table when printed to a file or a pipe (rich assumes 80).
stdout = Console(width=None if sys.stdout.isatty() else 120)


def add_timeline(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    timeline = commands.add_parser(
        "timeline",
        help="run every stage on INPUTs and write their dated timeline (cited) to --out",
    )
    timeline.add_argument(
        "inputs",
        nargs="*",
        type=Path,
        metavar="INPUT",
        help="files or folders, as for run (or --db and --storyline)",
    )
    timeline.add_argument(
        "--db", metavar="URL", help="with --storyline: a store, instead of INPUTs"
    )
    timeline.add_argument(
        "--storyline", metavar="ID", help="with --db: the timeline of this stored storyline"
    )
    timeline.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="the timeline as JSON"
    )
    timeline.add_argument(
        "--dates",
        type=int,
        metavar="N",
        help="days on the timeline (default: every day three articles or more put an event "
        "on, at most 30)",
    )
    timeline.add_argument(
        "--per-date",
        type=int,
        metavar="M",
        help="events a day (default: up to 3, past the first only those two articles back)",
    )
    timeline.add_argument("--config", type=Path, help="TOML file overriding settings")
    timeline.add_argument(
        "--workers", type=int, metavar="N", help="processes annotating articles (one per core)"
    )
    timeline.add_argument("--quiet", action="store_true", help="print only errors")
    timeline.set_defaults(handler=_timeline)


def add_eval_timeline(targets: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluation = targets.add_parser(
        "timeline",
        help="date F1 and ROUGE-1/2 F1 of timelines against journalists' own, beside a baseline",
    )
    evaluation.add_argument(
        "gold", type=Path, help="gold timelines JSONL (collection, timeline, entries)"
    )
    evaluation.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="JSONL articles, each with the `collection` its gold timeline names",
    )
    evaluation.add_argument(
        "--out", type=Path, metavar="DIR", help="also write each collection's two timelines here"
    )
    evaluation.add_argument("--config", type=Path, help="TOML file overriding settings")
    evaluation.add_argument(
        "--workers", type=int, metavar="N", help="processes annotating articles (one per core)"
    )
    evaluation.set_defaults(handler=_eval_timeline)


def _workers(value: int | None) -> int:
    if value is not None and value < 1:
        raise ConfigError(f"--workers must be at least 1, got {value}")
    return value or available_cores()


def _timeline(args: argparse.Namespace) -> int:
    from newsfuse.runners.timeline import timeline_of

    for name, value in (("--dates", args.dates), ("--per-date", args.per_date)):
        if value is not None and value < 1:
            raise ConfigError(f"{name} must be at least 1, got {value}")
    if (args.db is None) != (args.storyline is None) or bool(args.inputs) == (args.db is not None):
        raise ConfigError("timeline: give INPUTs, or --db URL with --storyline ID")
    if args.db is not None:
        return _stored_timeline(args)
    result, timeline = timeline_of(
        args.inputs,
        settings=load_settings(args.config),
        dates=args.dates,
        per_date=args.per_date,
        workers=_workers(args.workers),
    )
    if result.report.articles == 0:
        raise InputError(
            ", ".join(map(str, args.inputs)),
            f"no readable article among {result.report.inputs} input(s)",
        )
    where = f"{result.report.articles} articles in {result.report.stories} stories"
    return _written(args, timeline, where)


def _stored_timeline(args: argparse.Namespace) -> int:
    """The timeline of a stored storyline, from its stories' stored briefs."""
    from newsfuse.store import open_store
    from newsfuse.timeline import build_timeline

    settings = load_settings(args.config)
    with open_store(args.db) as store:
        line = store.get_storyline(args.storyline)
        if line is None:
            raise InputError(args.db, f"no storyline {args.storyline!r} in the store")
        stored = [store.get_story(story_id) for story_id in line.story_ids]
    briefs = [s.brief for s in stored if s is not None and s.brief is not None]
    articles = [a.article for s in stored if s is not None for a in s.articles]
    timeline = build_timeline(
        briefs,
        articles=articles,
        dates=args.dates,
        per_date=args.per_date,
        settings=settings.timeline,
    )
    stories = f"{len(briefs)} stor{'y' if len(briefs) == 1 else 'ies'}"
    return _written(args, timeline, f"the {stories} of storyline {line.storyline_id}")


def _written(args: argparse.Namespace, timeline: Sequence[TimelineDay], where: str) -> int:
    """Write the timeline to --out and say what it holds."""
    from newsfuse.runners.timeline import write_timeline
    from newsfuse.timeline import timeline_to_list

    write_timeline(args.out, timeline_to_list(timeline))
    if not args.quiet:
        events = sum(len(day.sentences) for day in timeline)
        stdout.print(
            f"newsfuse timeline: {len(timeline)} days, {events} events from {where} -> {args.out}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    return 0


def _eval_timeline(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.timeline import mean_score
    from newsfuse.runners.timeline import evaluate_timelines

    if not args.gold.is_file():
        raise InputError(str(args.gold), "no such file")
    evaluations = evaluate_timelines(
        args.gold,
        args.inputs,
        settings=load_settings(args.config),
        workers=_workers(args.workers),
        out=args.out,
    )
    table = Table(title="timelines: newsfuse and the baseline, on the same articles")
    for column in ("timeline", "N × M", "system", "date F1", "R-1", "R-2", "day R-1", "day R-2"):
        table.add_column(column, no_wrap=True)
    grouping = Table(title="how each collection's articles fall into stories and storylines")
    for column in ("collection", "articles", "stories", "largest", "storylines", "largest"):
        grouping.add_column(column, no_wrap=True)

    def cells(score: dict[str, float]) -> list[str]:
        keys = ("date_f1", "concat_r1", "concat_r2", "agree_r1", "agree_r2")
        return [f"{score[k]:.3f}" for k in keys]

    for item in evaluations:
        size = f"{item.gold.days} × {item.gold.sentences_per_day}"
        table.add_row(item.gold.collection, size, "newsfuse", *cells(item.newsfuse.as_dict()))
        table.add_row("", "", "baseline", *cells(item.baseline.as_dict()))
        grouping.add_row(
            item.gold.collection,
            str(item.articles),
            str(item.stories),
            str(item.largest_story),
            str(item.storylines),
            str(item.largest_storyline),
        )
    mean = f"mean of {len(evaluations)}"
    table.add_row(
        mean, "", "newsfuse", *cells(mean_score(e.newsfuse for e in evaluations).as_dict())
    )
    table.add_row("", "", "baseline", *cells(mean_score(e.baseline for e in evaluations).as_dict()))
    stdout.print(table)
    stdout.print(grouping)
    stdout.print(
        "N days × M sentences a day, from each gold timeline; the baseline: the N busiest "
        "publication days, each told by its most central lead. ROUGE F1: lower-cased words, no "
        "stemming, no stop words removed (as ../shared/tools/tls_score.py); day R-n matches "
        "n-grams within the same day only.",
        markup=False,
        highlight=False,
    )
    return 0
