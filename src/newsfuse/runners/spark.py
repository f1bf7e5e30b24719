"""The Spark runner: the local runner's stages, in parallel partitions on Apache Spark.

Nothing here re-implements a stage. Every step calls the function `runners.local` calls;
Spark only decides where it runs and what is shuffled between steps. Within one time
block each article sees the evidence it would see in one process; across blocks, story
grouping starts afresh (its own term statistics, the window before the block replayed):

1. read — input files spread over tasks, `read_file` per file; every item keeps its place
   in the input order (file, then record) so order-dependent steps can replay it.
2. unique ids — items keyed by article id, each key's items in input order through
   `unique_articles` (exact repeats become recorded skips, clashes are renamed).
3. clean — keyed by outlet: a `BoilerplateIndex` only ever compares an outlet with itself,
   so replaying each outlet's articles a `CLEAN_CHUNK` of the whole stream at a time gives
   every article the evidence the local stream gave it.
4. extract and signatures — per partition; the spaCy and MiniLM models load once per
   executor process and stay there for every later task.
5. families (`spark_families.py`) — band buckets, candidate pairs, exact verification and
   sentence links as shuffles; the union-finds run on the driver over matches and
   same-outlet links only.
6. stories (`spark_blocks.py`) — `group_stories` per time block of `block_days`, each block
   first replaying the `window_days` before it; a story that joins those warm-up articles
   continues the previous block's story that owns most of them (cross-block linking).
7. fuse and brief — per story, as the local runner does.
8. write — lossless Parquet records (`parquet/…`, what `load_output` and the store read)
   and the same JSONL, briefs and HTML files as `newsfuse run`.

Needs the `spark` extra (`pip install 'newsfuse[spark]'`); tests run it in local mode.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsfuse.brief import write_brief
from newsfuse.clean import BoilerplateIndex, clean, outlet_key
from newsfuse.config import (
    CleanSettings,
    FuseSettings,
    ReadSettings,
    Settings,
    StorylineSettings,
)
from newsfuse.dedupe import (
    Signature,
    signatures,
)
from newsfuse.errors import ConfigError, StoreError
from newsfuse.extract import annotate_articles, extract_stories
from newsfuse.files import remove_stale_temporaries, write_text_atomic
from newsfuse.fuse import fuse_story
from newsfuse.model import (
    Article,
    Brief,
    Family,
    ReadWarning,
    RemovalReason,
    RunReport,
    Skip,
    Story,
)
from newsfuse.read import iter_input_files, read_file
from newsfuse.render.html import render_brief_html, render_index_html
from newsfuse.render.json import (
    article_to_dict,
    family_to_dict,
    story_to_dict,
)
from newsfuse.runners.local import (
    CLEAN_CHUNK,
    ProgressHook,
    ReadTally,
    RunResult,
    unique_articles,
    write_brief_files,
    write_jsonl,
    write_report,
)
from newsfuse.runners.spark_blocks import BlockedStories, executor_embedder, group_in_blocks
from newsfuse.runners.spark_families import spark_families
from newsfuse.store.codec import decode, encode
from newsfuse.storylines import link_storylines, storyline_to_dict

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

__all__ = [
    "DEFAULT_BLOCK_DAYS",
    "BlockedStories",
    "SparkRun",
    "group_in_blocks",
    "load_output",
    "run_spark",
    "spark_session",
]

#: Days of news clustered in one task. Each block first replays the grouping window before
#: it, so a block costs (block + window) / block of its share: 28 days with the 7-day
#: window is 1.25x, and a year is 13 tasks.
DEFAULT_BLOCK_DAYS = 28

# The master URLs Spark 4 accepts (checked before a JVM is started for nothing).
_MASTER = re.compile(r"local(\[(\*|\d+)(,\d+)?\])?|(spark|k8s)://\S+|yarn")
# Memory a Python worker may hold while it groups before it spills (its models included).
_PYTHON_WORKER_MEMORY = os.environ.get("NEWSFUSE_SPARK_PYTHON_WORKER_MEMORY", "4g")

# Articles per partition before a run spreads over more (up to two per core): an annotation
# batch, so small inputs do not pay Spark's per-task cost many times over.
_ARTICLES_PER_SLICE = 256

# The suffix `unique_articles` gives a clashing id (`x~2`).
_RENAMED = re.compile(r"(~\d+)+$")

# Where an item stood in the input: (file number, item number within the file).
Order = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SparkRun:
    """What `run_spark` wrote: the run report, and how the stories were blocked."""

    report: RunReport
    out: Path
    blocks: int
    linked_stories: int  # block stories that continued a story of the block before


def spark_session(master: str = "local[*]", *, app_name: str = "newsfuse") -> SparkSession:
    """A Spark session whose Python workers use this interpreter (and so this install)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ConfigError("the Spark runner needs pyspark: pip install 'newsfuse[spark]'") from exc
    if not _MASTER.fullmatch(master):
        raise ConfigError(
            f"{master!r} is not a Spark master URL: local, local[N], local[*], "
            "spark://host:port, yarn or k8s://…"
        )
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.python.worker.reuse", "true")
        .config("spark.python.daemon.module", "newsfuse.runners.spark_daemon")
        # A Python worker holding spaCy and MiniLM is past pyspark's 512 MiB default before it
        # reads a record, and pyspark then spills every shuffle group to disk record by record.
        .config("spark.python.worker.memory", _PYTHON_WORKER_MEMORY)
        # Spark's own JVM memory; Python workers (which hold the models) live outside it.
        .config("spark.driver.memory", os.environ.get("NEWSFUSE_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.sql.session.timeZone", "UTC")
    )
    try:
        session = builder.getOrCreate()
    except Exception as exc:  # pyspark raises plain or py4j errors when the JVM cannot start
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ConfigError(
            f"Spark could not start with master {master!r} ({first_line}); it needs Java 17+ "
            "(java on PATH or JAVA_HOME) and, for a cluster, a reachable master"
        ) from exc
    session.sparkContext.setLogLevel("ERROR")
    return session


def run_spark(
    inputs: Iterable[str | Path],
    out: Path,
    *,
    spark: SparkSession,
    settings: Settings | None = None,
    block_days: int = DEFAULT_BLOCK_DAYS,
    progress: ProgressHook | None = None,
) -> SparkRun:
    """Run every stage of `newsfuse run` on `spark` and write its outputs to `out`."""
    settings = settings or Settings()
    if block_days < 1:
        raise ConfigError(f"block_days must be at least 1, not {block_days}")
    _prepare_out(out)  # a folder that cannot be written is found before any work is done
    context = spark.sparkContext
    cached_before = set(context._jsc.getPersistentRDDs().keys())
    try:
        return _run(inputs, out, spark, settings, block_days, progress)
    finally:
        _release_cached(context, cached_before)


def _prepare_out(out: Path) -> None:
    try:
        (out / "briefs").mkdir(parents=True, exist_ok=True)
        for folder in (out, out / "briefs"):
            remove_stale_temporaries(folder)  # left by a run killed while writing
    except OSError as exc:
        raise StoreError(f"cannot write outputs to {out}: {exc.strerror or exc}") from exc


def _release_cached(context: Any, before: set[int]) -> None:
    """Unpersist every RDD this run cached (pyspark lists them only through the JVM)."""
    for rdd_id, rdd in context._jsc.getPersistentRDDs().items():
        if rdd_id not in before:
            rdd.unpersist()


def _run(
    inputs: Iterable[str | Path],
    out: Path,
    spark: SparkSession,
    settings: Settings,
    block_days: int,
    progress: ProgressHook | None,
) -> SparkRun:
    context = spark.sparkContext
    most_slices = max(2, context.defaultParallelism * 2)

    def step(name: str, done: int) -> None:
        if progress:
            progress(name, done)

    # 1. Read: the files are listed on the driver, read in tasks.
    files: list[tuple[int, Path]] = []
    tally = ReadTally(0, [], [])
    ordered_skips: list[tuple[Order, Skip | ReadWarning]] = []
    for number, item in enumerate(iter_input_files(inputs)):
        tally.inputs += 1
        if isinstance(item, Skip):
            ordered_skips.append(((number, -1), item))
        else:
            files.append((number, item))
    read_settings = settings.read
    items = context.parallelize(files, max(1, min(len(files), most_slices))).flatMap(
        lambda numbered: _read_numbered(numbered, read_settings)
    )
    # 2. Unique ids, each id's items replayed in input order.
    uniqued = (
        items.keyBy(lambda ordered: _id_key(ordered[1]))
        .groupByKey()
        .flatMap(lambda group: _unique_in_order(group[1]))
        .persist()
    )
    ordered_skips.extend(uniqued.filter(lambda o: not isinstance(o[1], Article)).collect())
    slices = _slices(uniqued.filter(lambda o: isinstance(o[1], Article)).count(), most_slices)
    # 3. Clean, by outlet, with each article's place in the stream as the local runner's.
    stream = (
        uniqued.filter(lambda o: isinstance(o[1], Article))
        .sortBy(lambda ordered: ordered[0])
        .zipWithIndex()
        .map(lambda pair: (pair[1], pair[0][1]))
    )
    clean_settings = settings.clean
    cleaned = (
        stream.keyBy(lambda ranked: _outlet_or_own(ranked[1]))
        .groupByKey(slices)
        .flatMap(lambda group: _clean_outlet(group[1], clean_settings))
    )
    # 4. Extraction and signatures, per partition.
    annotated = cleaned.repartition(slices).mapPartitions(_annotate).persist()
    uniqued.unpersist()
    count = annotated.count()
    step("extract", count)
    # 5. Families and voices.
    deduped, families = spark_families(annotated, settings, slices)
    step("dedupe", count)
    # 6. Stories, a time block at a time.
    blocked = group_in_blocks(deduped, settings, block_days)
    step("group", blocked.stories.count())
    # 7. Fuse and brief each story.
    story_of = blocked.members.persist()
    fuse_settings = settings.fuse
    fused = (
        deduped.map(lambda ranked: (ranked[1].id, ranked[1]))
        .join(story_of, slices)
        .map(lambda pair: (pair[1][1], pair[1][0]))
        .groupByKey(slices)
        .join(blocked.stories.keyBy(lambda story: story.story_id), slices)
        .map(lambda pair: _fuse(pair[1][1], list(pair[1][0]), fuse_settings))
        .persist()
    )
    briefs_written = fused.count()
    step("fuse", briefs_written)
    # 8. Write.
    removals: Counter[RemovalReason] = Counter(
        dict(
            deduped.flatMap(lambda ranked: [r.reason for r in ranked[1].removals])
            .countByValue()
            .items()
        )
    )
    ordered_skips.sort(key=lambda pair: pair[0])
    skipped = [item for _, item in ordered_skips if isinstance(item, Skip)]
    warnings = [item for _, item in ordered_skips if isinstance(item, ReadWarning)]
    report = RunReport(
        inputs=tally.inputs,
        articles=count,
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        removals=tuple(
            sorted(removals.items(), key=lambda item: list(RemovalReason).index(item[0]))
        ),
        stories=briefs_written,
        families=families.count(),
    )
    _write(spark, out, deduped, story_of, families, fused, report, settings.storylines)
    step("write", count)
    return SparkRun(report, out, blocked.blocks, blocked.linked)


def _slices(articles: int, most: int) -> int:
    """Partitions for `articles`: one per `_ARTICLES_PER_SLICE` (a Python task costs ~0.1 s
    of Spark's own time, so five articles in four partitions took 65 s on 2 cores, in one
    38 s), never more than `most`."""
    return max(1, min(most, math.ceil(articles / _ARTICLES_PER_SLICE)))


# --- 1–3: read, unique ids, clean --------------------------------------------------------


def _read_numbered(
    numbered: tuple[int, Path], settings: ReadSettings
) -> Iterator[tuple[Order, Article | Skip | ReadWarning]]:
    number, path = numbered
    for position, item in enumerate(read_file(path, settings=settings)):
        yield (number, position), item


def _id_key(item: Article | Skip | ReadWarning) -> str:
    """Ids that `unique_articles` could confuse share a key: an id and the ones a clash
    renames it to (`x`, `x~2`, `x~3`…). Skips and warnings of one file stay together
    under a key no article id can take."""
    if isinstance(item, Article):
        return "a\x1f" + _RENAMED.sub("", item.id)
    return "i\x1f" + item.input


def _unique_in_order(
    group: Iterable[tuple[Order, Article | Skip | ReadWarning]],
) -> list[tuple[Order, Article | Skip | ReadWarning]]:
    """`unique_articles` over one id's items in input order; each skip or warning it
    records keeps the place of the item that caused it."""
    ordered = sorted(group, key=lambda pair: pair[0])
    tally = ReadTally(0, [], [])
    kept: list[tuple[Order, Article | Skip | ReadWarning]] = []
    current: list[Order] = [(-1, -1)]
    counted = [0, 0]

    def record_new() -> None:
        kept.extend((current[0], skip) for skip in tally.skipped[counted[0] :])
        kept.extend((current[0], warning) for warning in tally.warnings[counted[1] :])
        counted[:] = [len(tally.skipped), len(tally.warnings)]

    def items() -> Iterator[Article | Skip | ReadWarning]:
        for order, item in ordered:
            current[0] = order
            yield item
            record_new()  # what `unique_articles` recorded while taking this item

    for article in unique_articles(items(), tally):
        record_new()
        kept.append((current[0], article))
    record_new()
    return kept


def _outlet_or_own(article: Article) -> str:
    # Articles with no outlet share no evidence: each is its own group.
    outlet = outlet_key(article)
    return "o\x1f" + outlet if outlet is not None else "a\x1f" + article.id


def _clean_outlet(
    ranked: Iterable[tuple[int, Article]], settings: CleanSettings
) -> Iterator[tuple[int, Article]]:
    """One outlet's articles cleaned as the local stream cleans them: each stream chunk is
    observed before any of its articles is cleaned."""
    boilerplate = BoilerplateIndex(settings=settings)
    ordered = sorted(ranked, key=lambda pair: pair[0])
    for _, chunk_items in groupby(ordered, key=lambda pair: pair[0] // CLEAN_CHUNK):
        chunk = list(chunk_items)
        boilerplate.observe(article for _, article in chunk)
        for rank, article in chunk:
            yield rank, clean(article, settings=settings, boilerplate=boilerplate)


# --- 4: extraction and signatures --------------------------------------------------------

# Articles per model call within a partition: a partition is never held in memory whole.
_ANNOTATE_BATCH = 256


def _annotate(
    ranked: Iterable[tuple[int, Article]],
) -> Iterator[tuple[int, Article, Signature | None]]:
    """Annotations (this executor's one Extractor) and the MinHash signature of each article."""
    batch: list[tuple[int, Article]] = []
    for pair in ranked:
        batch.append(pair)
        if len(batch) >= _ANNOTATE_BATCH:
            yield from _annotate_batch(batch)
            batch = []
    if batch:
        yield from _annotate_batch(batch)


def _annotate_batch(
    batch: Sequence[tuple[int, Article]],
) -> Iterator[tuple[int, Article, Signature | None]]:
    articles = annotate_articles(article for _, article in batch)
    signed = signatures(articles)
    for (rank, _), article in zip(batch, articles, strict=True):
        yield rank, article, signed.get(article.id)


# --- 7: fuse and brief -------------------------------------------------------------------


def _fuse(
    story: Story, members: list[Article], settings: FuseSettings
) -> tuple[tuple[int, str], Story, Brief, str]:
    """The brief of one story, and its HTML page (rendered where the articles are)."""
    by_id = {article.id: article for article in members}
    extraction = extract_stories([story], by_id)[story.story_id]
    encode_sentences = (
        executor_embedder(settings.embedding_model).encode if settings.embeddings else None
    )
    fusion = fuse_story(story, by_id, extraction, encode=encode_sentences, settings=settings)
    brief = write_brief(story, by_id, extraction=extraction, fusion=fusion, settings=settings)
    first = by_id[story.article_ids[0]]
    day = first.published_date
    first_key = (day.toordinal() if day else 10**9, first.id)
    return first_key, story, brief, render_brief_html(brief, by_id)


# --- 8: write, and read back -------------------------------------------------------------

_TABLES = {
    "articles": "rank long, id string, story_id string, family string, voice string, "
    "source string, url string, title string, published string, record string",
    "families": "family_id string, canonical string, members array<string>, record string",
    "stories": "position long, story_id string, headline string, articles array<string>, "
    "record string",
    "briefs": "position long, story_id string, headline string, record string",
}
_REPORT_RECORD = "report.record.json"


def _write(
    spark: SparkSession,
    out: Path,
    deduped: RDD[tuple[int, Article]],
    story_of: RDD[tuple[str, str]],
    families: RDD[Family],
    fused: RDD[tuple[tuple[int, str], Story, Brief, str]],
    report: RunReport,
    storyline_settings: StorylineSettings,
) -> None:
    """Parquet tables (each row's `record` is the lossless JSON the store reads) and the
    files `newsfuse run` writes, each complete under its final name or not there at all."""
    _prepare_out(out)
    articles = (
        deduped.map(lambda ranked: (ranked[1].id, ranked))
        .leftOuterJoin(story_of)
        .map(lambda row: (row[1][0][0], (row[1][0][1], row[1][1])))
        .sortByKey()
        .persist()
    )
    ordered = fused.sortBy(lambda row: row[0]).zipWithIndex().persist()
    family_rows = families.sortBy(lambda family: family.family_id).persist()
    tables = {
        "articles": articles.map(lambda row: _article_row(row[0], *row[1])),
        "families": family_rows.map(
            lambda f: (f.family_id, f.canonical, list(f.members), encode(f))
        ),
        "stories": ordered.map(
            lambda row: (
                row[1],
                row[0][1].story_id,
                row[0][1].headline,
                list(row[0][1].article_ids),
                encode(row[0][1]),
            )
        ),
        "briefs": ordered.map(
            lambda row: (row[1], row[0][2].story_id, row[0][2].headline, encode(row[0][2]))
        ),
    }
    partial = out / "parquet.partial"
    shutil.rmtree(partial, ignore_errors=True)
    for name, rows in tables.items():
        frame = spark.createDataFrame(rows, _TABLES[name])
        frame.write.mode("overwrite").parquet(str(partial / name))
    try:
        write_text_atomic(partial / _REPORT_RECORD, encode(report))
        write_jsonl(
            out / "articles.jsonl",
            (article_to_dict(a, story_id=s) for _, (a, s) in articles.toLocalIterator()),
        )
        write_jsonl(
            out / "families.jsonl", (family_to_dict(f) for f in family_rows.toLocalIterator())
        )
        stories: list[Story] = []
        briefs: list[Brief] = []
        for (_, story, brief, html), _ in ordered.toLocalIterator():
            write_brief_files(out, brief, html=html)
            stories.append(story)
            briefs.append(brief)
        write_jsonl(out / "stories.jsonl", (story_to_dict(story) for story in stories))
        # Storylines link the stories of the whole corpus: on the driver, from the stories,
        # their briefs and each article's day (as `run` links them).
        days = dict(articles.map(lambda row: (row[1][0].id, row[1][0].published_date)).collect())
        storylines = link_storylines(stories, briefs, days, settings=storyline_settings)
        write_jsonl(out / "storylines.jsonl", (storyline_to_dict(line) for line in storylines))
        write_report(out, report)
        write_text_atomic(out / "index.html", render_index_html(briefs))
        # The Parquet tables replace the last run's in one rename.
        finished = out / "parquet"
        stale = out / "parquet.stale"
        shutil.rmtree(stale, ignore_errors=True)
        if finished.exists():
            finished.rename(stale)
        partial.rename(finished)
        shutil.rmtree(stale, ignore_errors=True)
    except OSError as exc:
        raise StoreError(f"cannot write outputs to {out}: {exc.strerror or exc}") from exc


def _article_row(rank: int, article: Article, story_id: str | None) -> tuple[Any, ...]:
    published = article.published.isoformat() if article.published is not None else None
    return (
        rank,
        article.id,
        story_id,
        article.family,
        article.voice,
        article.source,
        article.url,
        article.title,
        published,
        encode(article),
    )


def load_output(out: Path, storylines: StorylineSettings | None = None) -> RunResult:
    """What a Spark run wrote to `out`, as the local runner's result (for the store), its
    storylines linked again from its stories and briefs (as the run linked them, given the
    same settings); sentence links are not written, so `links` is empty. A run killed
    between its two renames left the last complete tables as `parquet.stale`: those are
    read then."""
    try:
        import pyarrow.parquet as parquet
    except ImportError as exc:
        raise ConfigError(
            "reading Spark output needs pyarrow: pip install 'newsfuse[spark]'"
        ) from exc
    tables = out / "parquet"
    if (
        not (tables / _REPORT_RECORD).is_file()
        and (out / "parquet.stale" / _REPORT_RECORD).is_file()
    ):
        tables = out / "parquet.stale"
    if not (tables / _REPORT_RECORD).is_file():
        raise StoreError(f"{out} holds no finished newsfuse spark output ({tables} is missing)")

    def records(name: str, order: str) -> list[str]:
        table = parquet.read_table(tables / name, columns=[order, "record"]).sort_by(order)
        return [str(value) for value in table.column("record").to_pylist()]

    try:
        articles = [decode(Article, text) for text in records("articles", "rank")]
        families = [decode(Family, text) for text in records("families", "family_id")]
        stories = [decode(Story, text) for text in records("stories", "position")]
        briefs = [decode(Brief, text) for text in records("briefs", "position")]
        report = decode(RunReport, (tables / _REPORT_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
        raise StoreError(f"cannot read {tables}: {exc}") from exc
    days = {article.id: article.published_date for article in articles}
    return RunResult(
        tuple(articles),
        tuple(stories),
        tuple(briefs),
        report,
        tuple(families),
        storylines=link_storylines(stories, briefs, days, settings=storylines),
    )
