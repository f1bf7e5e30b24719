"""`newsfuse spark` in Spark's local mode against the local runner, on the seeds and ECB+.

The Spark runner calls the local runner's stage functions; what it changes is where they
run and how stories are blocked in time. Within one block it must write exactly what
`newsfuse run` writes; across blocks it must keep a story that spans them whole.
"""

from __future__ import annotations

import dataclasses
import filecmp
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.cli import main
from newsfuse.config import Settings
from newsfuse.evaluate.clusters import bcubed, load_gold_labels
from newsfuse.model import SkipReason
from newsfuse.runners.local import RunResult, run_pipeline, write_outputs
from newsfuse.store import open_store
from tests.conftest import SEEDS, shared_data

pyspark = pytest.importorskip("pyspark", reason="the spark extra is not installed")
if shutil.which("java") is None:
    pytest.skip(
        "no Java on this machine: Spark's local mode needs Java 17+", allow_module_level=True
    )

from newsfuse.runners.spark import load_output, run_spark, spark_session  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    # pyspark leaves the local sockets of collect() and toLocalIterator() to the garbage
    # collector; that is Spark's client, not newsfuse, and it loses nothing.
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <socket\.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]

# ECB+ dev's topics compared in the default suite: every third (243 of 772 articles; the
# whole set took 7 of CI's minutes on 2 cores), all of them in `make test-long`
# (NEWSFUSE_SPARK_ECB_STRIDE=1).
ECB_TOPIC_STRIDE = int(os.environ.get("NEWSFUSE_SPARK_ECB_STRIDE", "3"))

_FILES = (
    "articles.jsonl",
    "families.jsonl",
    "stories.jsonl",
    "storylines.jsonl",
    "report.json",
    "index.html",
)


@pytest.fixture(scope="module")
def spark() -> Iterator[object]:
    session = spark_session("local[2]", app_name="newsfuse-tests")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def seeds_local(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunResult, Path]:
    out = tmp_path_factory.mktemp("local-seeds")
    result = run_pipeline([SEEDS])
    write_outputs(result, out)
    return result, out


@pytest.fixture(scope="module")
def seeds_spark(spark: object, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("spark-seeds")
    run = run_spark([SEEDS], out, spark=spark)  # type: ignore[arg-type]
    assert run.blocks == 1
    return out


def test_spark_writes_byte_for_byte_what_run_writes_on_the_seeds(
    seeds_local: tuple[RunResult, Path], seeds_spark: Path
) -> None:
    _, local = seeds_local
    for name in _FILES:
        assert filecmp.cmp(local / name, seeds_spark / name, shallow=False), name
    briefs = sorted(path.name for path in (local / "briefs").iterdir())
    assert briefs == sorted(path.name for path in (seeds_spark / "briefs").iterdir())
    assert len(briefs) == 3  # one story: json, md, html
    for name in briefs:
        assert filecmp.cmp(local / "briefs" / name, seeds_spark / "briefs" / name, shallow=False)


def test_workers_start_with_newsfuse_and_the_installed_pyspark(spark: object) -> None:
    # Forked from newsfuse's daemon: newsfuse already imported, pyspark the installed one,
    # no archive left for Python 3.11 to re-read before each task.
    def inside(_: int) -> tuple[str, list[str], bool]:
        import sys
        import zipimport

        import pyspark as worker_pyspark

        archives = [
            key
            for key, finder in sys.path_importer_cache.items()
            if isinstance(finder, zipimport.zipimporter)
        ]
        return worker_pyspark.__file__, archives, "newsfuse.runners.spark" in sys.modules

    context = spark.sparkContext  # type: ignore[attr-defined]
    where, archives, preloaded = context.parallelize([0], 1).map(inside).collect()[0]
    assert where == pyspark.__file__
    assert archives == []
    assert preloaded


def test_parquet_records_read_back_as_the_local_result(
    seeds_local: tuple[RunResult, Path], seeds_spark: Path
) -> None:
    local, _ = seeds_local
    loaded = load_output(seeds_spark)
    assert loaded.articles == local.articles
    assert loaded.families == local.families
    assert loaded.stories == local.stories
    assert loaded.briefs == local.briefs
    assert loaded.report == local.report


def test_load_puts_the_spark_output_in_a_store(seeds_spark: Path, tmp_path: Path) -> None:
    db = tmp_path / "spark.db"
    assert main(["load", str(seeds_spark), "--db", str(db)]) == 0
    with open_store(str(db)) as store:
        counts = store.counts()
        assert (counts.articles, counts.stories) == (5, 1)
        (summary,) = store.list_stories()
        stored = store.get_story(summary.story_id)
        assert stored is not None
        assert stored.brief == load_output(seeds_spark).briefs[0]


def test_a_story_spanning_time_blocks_stays_one_story(
    spark: object, tmp_path: Path, settings: Settings
) -> None:
    # The seeds were published on 2025-06-01 and 2025-06-02: one-day blocks split them,
    # and the second block replays the first day as its warm-up. Without the embedding
    # models (the byte-for-byte test above runs them): blocks are about time, not vectors.
    local = run_pipeline([SEEDS], settings=settings)
    run = run_spark([SEEDS], tmp_path, spark=spark, settings=settings, block_days=1)  # type: ignore[arg-type]
    assert run.blocks == 2
    assert run.linked_stories == 1
    (story,) = load_output(tmp_path).stories
    (expected,) = local.stories
    assert story.story_id == expected.story_id
    assert sorted(story.article_ids) == sorted(expected.article_ids)
    assert {e.article_id for e in story.evidence} == set(story.article_ids[1:])


def test_repeats_and_clashing_ids_are_skipped_and_renamed_as_locally(
    spark: object, tmp_path: Path, settings: Settings
) -> None:
    records = [
        {"id": "x", "text": "The bridge over the river closed on Monday after the storm."},
        {"id": "x", "text": "A ferry opened on Tuesday to carry people across the river."},
        {"id": "y", "text": "The bridge over the river closed on Monday after the storm."},
    ]
    data = tmp_path / "in"
    data.mkdir()
    jsonl = data / "clash.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    shutil.copy(SEEDS / "004_5719f1dc47fb68ca.txt", data / "a.txt")
    (data / "empty.txt").write_bytes(b"")
    inputs = [data, data / "a.txt"]  # a.txt twice: one article, one recorded repeat
    local = run_pipeline(inputs, settings=settings)
    run_spark(inputs, tmp_path / "out", spark=spark, settings=settings)  # type: ignore[arg-type]
    spark_result = load_output(tmp_path / "out")
    assert [a.id for a in spark_result.articles] == [a.id for a in local.articles]
    assert "x~2" in {a.id for a in spark_result.articles}
    assert spark_result.report == local.report
    reasons = sorted(skip.reason for skip in spark_result.report.skipped)
    assert reasons == [SkipReason.DUPLICATE, SkipReason.EMPTY]
    assert [w.kind for w in spark_result.report.warnings] == ["renamed_id"]


def test_spark_on_ecb_plus_dev_scores_as_the_local_run(spark: object, tmp_path: Path) -> None:
    """The issue's equivalence test: same stories (B-cubed F1 within 1%) and brief facts.

    Fusion's sentence embeddings are off here: on 2 cores they take ~5 minutes per run of
    ECB+ and the Spark runner calls them exactly as the local one does. With every default
    on, the two runs' files were byte-identical (README, "Scale")."""
    data = shared_data("ecbplus-dev")
    records = [
        line
        for line in (data / "ecbplus-dev.jsonl").read_text(encoding="utf-8").splitlines()
        if int(json.loads(line)["id"].split("_")[0]) % ECB_TOPIC_STRIDE == 0
    ]
    articles = tmp_path / "ecbplus-dev.jsonl"
    articles.write_text("\n".join(records) + "\n", encoding="utf-8")
    gold = load_gold_labels(data / "ecbplus-dev.gold.tsv")
    settings = Settings(fuse=dataclasses.replace(Settings().fuse, embeddings=False))
    local = run_pipeline([articles], settings=settings)
    out = tmp_path / "out"
    run_spark([articles], out, spark=spark, settings=settings)  # type: ignore[arg-type]
    spark_result = load_output(out)
    assert len(spark_result.articles) == len(records) > 200

    def f1(result: RunResult) -> float:
        predicted = {a: s.story_id for s in result.stories for a in s.article_ids}
        return bcubed({a: gold[a] for a in predicted}, predicted).f1

    assert abs(f1(spark_result) - f1(local)) <= 0.01 * f1(local)
    assert [s.article_ids for s in spark_result.stories] == [s.article_ids for s in local.stories]
    facts = [[(f.text, f.sources) for f in b.facts] for b in spark_result.briefs]
    assert facts == [[(f.text, f.sources) for f in b.facts] for b in local.briefs]
