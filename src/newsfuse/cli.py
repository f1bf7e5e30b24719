"""The `newsfuse` command. Only this module, `cli_timeline` (its timeline commands) and
`cli_work` (its worker) print; exit codes are for scripts:

0 done · 1 no readable input · 2 bad usage or settings · 3 outputs cannot be written ·
4 a Spark job failed.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsfuse.cli_timeline import add_eval_timeline, add_timeline
from newsfuse.cli_work import add_watch, add_work
from newsfuse.config import Settings, load_settings
from newsfuse.errors import ConfigError, InputError, NewsfuseError, StoreError
from newsfuse.extract.workers import available_cores
from newsfuse.model import RunReport
from newsfuse.runners.local import run_pipeline, write_outputs

if TYPE_CHECKING:
    from newsfuse.runners.ingest import StoryUpdate

__all__ = ["main"]

EXIT_OK = 0
EXIT_NO_INPUT = 1
EXIT_USAGE = 2
EXIT_OUTPUT = 3
EXIT_SPARK_FAILED = 4

# Skips listed by name at the end of a run; the rest are in report.json.
_SHOWN_SKIPS = 20

console = Console(stderr=True)
stdout = Console()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s %(name)s: %(message)s")
    try:
        code: int = args.handler(args)
    except ConfigError as exc:
        _error(f"newsfuse: {exc}")
        return EXIT_USAGE
    except StoreError as exc:
        _error(f"newsfuse: {exc}")
        return EXIT_OUTPUT
    except NewsfuseError as exc:
        _error(f"newsfuse: {exc}")
        return EXIT_NO_INPUT
    return code


def _error(message: str) -> None:
    """One red line on stderr; file names and text are printed literally, never as markup."""
    console.print(message, style="red", markup=False, highlight=False, soft_wrap=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfuse", description="Many news reports in, one cited account out."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="run every stage on INPUTs and write the results to --out"
    )
    run.add_argument(
        "inputs",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="files or folders (seed text, JSONL, HTML, WARC)",
    )
    run.add_argument(
        "--out",
        type=Path,
        required=True,
        help="folder for articles.jsonl, families.jsonl, stories.jsonl, briefs/, report.json",
    )
    run.add_argument("--config", type=Path, help="TOML file overriding settings")
    run.add_argument("--quiet", action="store_true", help="print only errors")
    run.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes annotating articles (default: one per core; 1: in this process)",
    )
    run.add_argument(
        "--db",
        metavar="URL",
        help="also add the articles to this store and bring its stories up to date "
        "(as `ingest` does)",
    )
    run.set_defaults(handler=_run)

    ingest = commands.add_parser(
        "ingest",
        help="add INPUTs' new articles to a store and update the stories they change",
    )
    ingest.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders, as for run"
    )
    ingest.add_argument(
        "--db",
        required=True,
        metavar="URL",
        help="sqlite:///path.db (or a plain path; created if absent) or postgresql://...",
    )
    ingest.add_argument("--config", type=Path, help="TOML file overriding settings")
    ingest.add_argument(
        "--batch-size",
        type=int,
        default=None,
        metavar="N",
        help="articles annotated and committed per transaction (default 100)",
    )
    ingest.add_argument("--quiet", action="store_true", help="print only errors")
    ingest.set_defaults(handler=_ingest)

    serve = commands.add_parser(
        "serve", help="serve the web UI and JSON API over a store (docs at /docs)"
    )
    serve.add_argument("--db", required=True, metavar="URL", help="the store, as for ingest")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument("--config", type=Path, help="TOML file overriding settings")
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="only queue posted articles; a `newsfuse work` process stores and groups them",
    )
    serve.set_defaults(handler=_serve)
    add_work(commands)
    add_watch(commands)

    spark = commands.add_parser(
        "spark",
        help="run every stage on Apache Spark (pip install 'newsfuse[spark]'); same outputs "
        "as run, plus Parquet tables",
    )
    spark.add_argument(
        "inputs", nargs="+", type=Path, metavar="INPUT", help="files or folders, as for run"
    )
    spark.add_argument(
        "--out", type=Path, required=True, help="folder for the outputs of run and parquet/"
    )
    spark.add_argument(
        "--master",
        default="local[*]",
        help="Spark master URL (local[*]: every core of this machine; spark://host:7077 …)",
    )
    spark.add_argument(
        "--block-days",
        type=int,
        default=None,
        metavar="N",
        help="days of news grouped into stories per task (default 28)",
    )
    spark.add_argument("--config", type=Path, help="TOML file overriding settings")
    spark.add_argument("--db", metavar="URL", help="also load the outputs into this store")
    spark.add_argument("--quiet", action="store_true", help="print only errors")
    spark.set_defaults(handler=_spark)

    load = commands.add_parser("load", help="load what `newsfuse spark` wrote to DIR into a store")
    load.add_argument("out", type=Path, metavar="DIR", help="a `newsfuse spark --out` folder")
    load.add_argument("--db", required=True, metavar="URL", help="the store, as for ingest")
    load.add_argument("--config", type=Path, help="TOML file overriding settings")
    load.set_defaults(handler=_load)

    extract = commands.add_parser(
        "extract", help="print what extraction finds in each article of FILEs (a table each)"
    )
    extract.add_argument("inputs", nargs="+", type=Path, metavar="FILE", help="files or folders")
    extract.add_argument("--config", type=Path, help="TOML file overriding settings")
    extract.set_defaults(handler=_extract)
    add_timeline(commands)

    evaluate = commands.add_parser("eval", help="score a stage against labelled data")
    targets = evaluate.add_subparsers(dest="target", required=True)
    clean = targets.add_parser(
        "clean", help="line-level precision/recall of clean against hand labels"
    )
    clean.add_argument("gold", type=Path, help="labels TSV (article, occurrence, label, line)")
    clean.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    clean.set_defaults(handler=_eval_clean)
    extract_eval = targets.add_parser(
        "extract", help="precision/recall of extraction against hand-written expectations"
    )
    extract_eval.add_argument("gold", type=Path, help="expectations JSON (one story)")
    extract_eval.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    extract_eval.add_argument("--errors", action="store_true", help="list every miss")
    extract_eval.set_defaults(handler=_eval_extract)
    entities = targets.add_parser(
        "entities", help="ECB+ mention recall and cross-document entity B-cubed"
    )
    entities.add_argument("xml_dir", type=Path, help="ECB+ xml/ folder (topic folders)")
    entities.add_argument("--topics", type=int, help="score only the first N topics")
    entities.set_defaults(handler=_eval_entities)
    clusters = targets.add_parser(
        "clusters", help="B-cubed precision/recall/F1 of stories against gold"
    )
    clusters.add_argument("gold", type=Path, help="gold labels TSV: id<TAB>story")
    clusters.add_argument(
        "stories", type=Path, nargs="?", help="stories.jsonl written by `newsfuse run`"
    )
    clusters.add_argument(
        "--run",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="read, clean and group INPUTs here, then score (instead of a stories.jsonl)",
    )
    clusters.add_argument(
        "--headlines", action="store_true", help="with --run: keep only each article's title"
    )
    clusters.add_argument("--config", type=Path, help="with --run: TOML overriding settings")
    clusters.set_defaults(handler=_eval_clusters)
    html = targets.add_parser(
        "html", help="main-text token F1 of the HTML reader against gold text"
    )
    html.add_argument("input_dir", type=Path, help="folder of raw HTML pages")
    html.add_argument("gold_dir", type=Path, help="folder of gold main texts")
    html.add_argument("--clean", action="store_true", help="score the text after the clean stage")
    html.set_defaults(handler=_eval_html)
    families = targets.add_parser(
        "families", help="pair precision/recall/F1 of families against hand-labelled pairs"
    )
    families.add_argument("pairs", type=Path, help="pairs TSV: first<TAB>second<TAB>same|different")
    families.add_argument(
        "families", type=Path, nargs="?", help="families.jsonl (or articles.jsonl) of a run"
    )
    families.add_argument(
        "--run",
        nargs="+",
        type=Path,
        metavar="INPUT",
        help="instead of FAMILIES: read, clean and dedupe INPUTs, then score",
    )
    families.add_argument("--config", type=Path, help="with --run: TOML overriding settings")
    families.set_defaults(handler=_eval_families)
    add_eval_timeline(targets)
    return parser


def _run(args: argparse.Namespace) -> int:
    settings = load_settings(args.config)
    if args.workers is not None and args.workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {args.workers}")
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} articles"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=args.quiet,
    ) as bar:
        task = bar.add_task("reading and cleaning", total=None)
        result = run_pipeline(
            args.inputs,
            settings=settings,
            progress=lambda _, done: bar.update(task, completed=done),
            workers=args.workers or available_cores(),
        )
    if result.report.articles == 0:
        write_outputs(result, args.out)
        return _no_readable_input(result.report, args.out)
    write_outputs(result, args.out)
    if args.db is not None:
        from newsfuse.runners.ingest import store_result
        from newsfuse.store import open_store

        with open_store(args.db) as store:
            store_result(
                result,
                store,
                settings=settings,
                command=_command(["run", *[str(p) for p in args.inputs]]),
            )
    if not args.quiet:
        _print_summary(result.report, args.out)
    return EXIT_OK


def _spark(args: argparse.Namespace) -> int:
    from newsfuse.runners.spark import DEFAULT_BLOCK_DAYS, run_spark, spark_session

    settings = load_settings(args.config)
    block_days = args.block_days if args.block_days is not None else DEFAULT_BLOCK_DAYS
    if block_days < 1:
        raise ConfigError("--block-days must be at least 1")
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    spark = spark_session(args.master)
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=args.quiet,
        ) as bar:
            task = bar.add_task("reading, cleaning and annotating on Spark", total=None)
            done = {"extract": "families", "dedupe": "stories", "group": "briefs"}
            run = run_spark(
                args.inputs,
                args.out,
                spark=spark,
                settings=settings,
                block_days=block_days,
                progress=lambda stage, _: bar.update(
                    task, description=f"{done.get(stage, 'writing')} on Spark"
                ),
            )
    except (Py4JError, PySparkException) as exc:
        # A task failed on an executor: its Python error is in the Java one's text.
        _error(f"newsfuse: the Spark job failed: {_python_error(str(exc))}")
        return EXIT_SPARK_FAILED
    finally:
        spark.stop()
    if run.report.articles == 0:
        return _no_readable_input(run.report, args.out)
    if args.db is not None:
        _load_into(args.out, args.db, settings, ["spark", *[str(p) for p in args.inputs]])
    if not args.quiet:
        _print_summary(run.report, args.out, title="newsfuse spark")
    return EXIT_OK


def _no_readable_input(report: RunReport, out: Path) -> int:
    """Say why nothing was read (the report is written): exit 1."""
    reasons = ", ".join(f"{n} {r}" for r, n in report.skipped_by_reason.items()) or "nothing found"
    _error(
        f"newsfuse: no readable input among {report.inputs} input(s) "
        f"({reasons}); see {out / 'report.json'}"
    )
    return EXIT_NO_INPUT


def _python_error(text: str) -> str:
    """The last Python exception line in a Spark error's text, else its first line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    python = [line for line in lines if re.match(r"^[A-Za-z_.]*(Error|Exception)\b.*:", line)]
    return (python or lines or ["no message"])[-1 if python else 0][:500]


def _load(args: argparse.Namespace) -> int:
    update = _load_into(args.out, args.db, load_settings(args.config), ["load", str(args.out)])
    stdout.print(
        f"newsfuse: loaded {args.out} into {_without_password(args.db)}: "
        f"{update.stories} stories, {update.families} families",
        markup=False,
        highlight=False,
    )
    return EXIT_OK


def _load_into(out: Path, db: str, settings: Settings, words: list[str]) -> StoryUpdate:
    from newsfuse.runners.ingest import store_result
    from newsfuse.runners.spark import load_output
    from newsfuse.store import open_store

    result = load_output(out, settings.storylines)
    with open_store(db) as store:
        return store_result(result, store, settings=settings, command=_command(words))


def _ingest(args: argparse.Namespace) -> int:
    from newsfuse.runners.ingest import ARTICLE_BATCH, ingest
    from newsfuse.store import open_store

    settings = load_settings(args.config)
    batch_size = args.batch_size if args.batch_size is not None else ARTICLE_BATCH
    if batch_size < 1:
        raise ConfigError("--batch-size must be at least 1")
    with (
        open_store(args.db) as store,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.completed}"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=args.quiet,
        ) as bar,
    ):
        task = bar.add_task("storing articles", total=None)
        stages = {"store": "articles read", "fuse": "stories fused"}
        result = ingest(
            args.inputs,
            store,
            settings=settings,
            batch_size=batch_size,
            command=_command(["ingest", *[str(p) for p in args.inputs]]),
            progress=lambda stage, done: bar.update(
                task, description=stages.get(stage, stage), completed=done
            ),
        )
        counts = store.counts()
    if result.report.articles == 0:
        reasons = (
            ", ".join(f"{n} {r}" for r, n in result.report.skipped_by_reason.items())
            or "nothing found"
        )
        _error(f"newsfuse: no readable input among {result.report.inputs} input(s) ({reasons})")
        return EXIT_NO_INPUT
    if not args.quiet:
        report = result.report
        kinds = Counter(warning.kind for warning in report.warnings)
        table = Table(title="newsfuse ingest", show_header=False)
        table.add_row("inputs", str(report.inputs))
        table.add_row("articles read", str(report.articles))
        table.add_row("new articles", str(result.new_articles))
        table.add_row("already stored", str(report.articles - result.new_articles))
        table.add_row("skipped", _breakdown(len(report.skipped), report.skipped_by_reason))
        table.add_row("recovered (warnings)", _breakdown(len(report.warnings), dict(kinds)))
        table.add_row("stories fused (new or changed)", str(len(result.update.changed)))
        table.add_row("stories removed", str(len(result.update.removed)))
        table.add_row(
            "store now holds",
            f"{counts.articles} articles, {counts.stories} stories, {counts.families} families",
        )
        table.add_row("seconds", f"{result.seconds:.1f}")
        stdout.print(table)
    return EXIT_OK


def _without_password(url: str) -> str:
    """A database URL fit to print: any password replaced by `***`."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from newsfuse.web import create_app

    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port} is not a port number")
    app = create_app(args.db, settings=load_settings(args.config), worker=not args.no_worker)
    console.print(
        f"newsfuse: serving {_without_password(args.db)} at http://{args.host}:{args.port}/ "
        "(Ctrl+C stops)",
        markup=False,
        highlight=False,
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    return EXIT_OK


def _command(words: Sequence[str]) -> str:
    """The command line recorded with a run (at most 1,000 characters)."""
    return " ".join(["newsfuse", *words])[:1000]


def _print_summary(report: RunReport, out: Path, *, title: str = "newsfuse run") -> None:
    table = Table(title=title, show_header=False)
    table.add_row("inputs", str(report.inputs))
    table.add_row("articles read", str(report.articles))
    table.add_row("skipped", _breakdown(len(report.skipped), report.skipped_by_reason))
    table.add_row("recovered (warnings)", str(len(report.warnings)))
    table.add_row(
        "lines removed", _breakdown(report.removed_lines, {r.value: n for r, n in report.removals})
    )
    table.add_row("families", str(report.families))
    table.add_row("stories", str(report.stories))
    table.add_row("written to", str(out))
    stdout.print(table)
    for skip in report.skipped[:_SHOWN_SKIPS]:
        stdout.print(
            f"  skipped {skip.input}: {skip.reason.value} — {skip.detail}",
            markup=False,
            highlight=False,
        )
    if len(report.skipped) > _SHOWN_SKIPS:
        stdout.print(
            f"  … and {len(report.skipped) - _SHOWN_SKIPS} more skips in {out / 'report.json'}"
        )


def _breakdown(total: int, counts: dict[str, int]) -> str:
    detail = ", ".join(f"{name} {count}" for name, count in counts.items())
    return f"{total} ({detail})" if detail else str(total)


def _eval_clean(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.clean_lines import load_line_labels, score_clean

    score = score_clean(load_line_labels(args.gold), args.inputs)
    stdout.print(
        f"clean on {score.lines} labelled lines: precision {score.precision:.3f} "
        f"recall {score.recall:.3f} (tp {score.true_positives}, fp {score.false_positives}, "
        f"fn {score.false_negatives}); reason agreement {score.reason_agreement:.3f}"
    )
    for error in score.errors:
        stdout.print(
            f"  {error.article_id}: expected {error.expected}, "
            f"got {error.predicted}: {error.text[:80]}",
            markup=False,
        )
    return EXIT_OK


def _eval_clusters(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.clusters import (
        bcubed,
        headlines_only,
        load_gold_labels,
        load_story_labels,
        score_grouping,
    )
    from newsfuse.runners.local import read_clean

    if (args.stories is None) == (args.run is None):
        _error("eval clusters: give a stories.jsonl or --run INPUT..., not both")
        return EXIT_USAGE
    for path in (args.gold, args.stories):
        if path is not None and not path.is_file():
            raise InputError(str(path), "no such file")
    gold = load_gold_labels(args.gold)
    if args.run is None:
        score = bcubed(gold, load_story_labels(args.stories))
    else:
        settings = load_settings(args.config)
        articles = read_clean(args.run, settings)
        if args.headlines:
            articles = headlines_only(articles)
        score = score_grouping(gold, articles, settings=settings.group)
    stdout.print(score.summary(), highlight=False, soft_wrap=True)
    return EXIT_OK


def _eval_html(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.html_extraction import evaluate_html_extraction

    for folder in (args.input_dir, args.gold_dir):
        if not folder.is_dir():
            raise InputError(str(folder), "not a folder")
    score = evaluate_html_extraction(args.input_dir, args.gold_dir, cleaned=args.clean)
    stdout.print(score.summary(), highlight=False, soft_wrap=True)
    return EXIT_OK


def _eval_families(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.families import (
        dedupe_families,
        load_family_labels,
        load_pair_labels,
        score_pairs,
    )

    if (args.families is None) == (args.run is None):
        raise ConfigError("eval families: give exactly one of FAMILIES and --run INPUT...")
    if args.config is not None and args.run is None:
        raise ConfigError("eval families: --config applies only with --run")
    for path in (args.pairs, args.families):
        if path is not None and not path.is_file():
            raise InputError(str(path), "no such file")
    if args.run is not None:
        family_of = dedupe_families(args.run, settings=load_settings(args.config))
    else:
        family_of = load_family_labels(args.families)
    score = score_pairs(load_pair_labels(args.pairs), family_of)
    stdout.print(score.summary(), highlight=False, soft_wrap=True)
    for pair in score.errors:
        expected = "same family" if pair.same else "different families"
        stdout.print(
            f"  {pair.first} {pair.second}: labelled {expected}: {pair.reason}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
    return EXIT_OK


def _extract(args: argparse.Namespace) -> int:
    from newsfuse.render.annotations import annotation_tables
    from newsfuse.runners.extract import annotate_inputs

    annotated, story = annotate_inputs(args.inputs, settings=load_settings(args.config))
    if not annotated:
        _error("newsfuse: no readable article in the input")
        return EXIT_NO_INPUT
    for table in annotation_tables(annotated, story):
        stdout.print(table)
    return EXIT_OK


def _eval_extract(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.extract import load_gold, score_extraction
    from newsfuse.runners.extract import annotate_inputs

    if not args.gold.is_file():
        raise InputError(str(args.gold), "no such file")
    annotated, story = annotate_inputs(args.inputs, settings=load_settings(None))
    annotations = [a.annotations for a in annotated if a.annotations is not None]
    score = score_extraction(load_gold(args.gold), annotations, story)
    stdout.print(score.summary(), markup=False, highlight=False, soft_wrap=True)
    for category in score.categories if args.errors else ():
        for error in category.errors:
            stdout.print(f"  {category.name}: {error}", markup=False, highlight=False)
    return EXIT_OK


def _eval_entities(args: argparse.Namespace) -> int:
    from newsfuse.evaluate.entities import evaluate_ecb_entities

    if not args.xml_dir.is_dir():
        raise InputError(str(args.xml_dir), "not a folder")
    score = evaluate_ecb_entities(args.xml_dir, topics=args.topics)
    stdout.print(score.summary(), markup=False, highlight=False, soft_wrap=True)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
