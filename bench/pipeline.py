"""End to end: the local runner on 1k, 10k and 100k Reuters-derived articles (issue 7).

Input: Reuters-21578 replayed by bench/stream.py's generator (passes re-dated onto
consecutive days; from pass 1 on every article a seeded, edited copy with a new id: new
stories), plus near-duplicates: one article in `NEAR_DUPLICATE_SHARE` comes out again the
same day from a second outlet, edited the same way (the syndicated copy an aggregator sees).
Each size is written as one JSONL file in a temporary folder and run like `newsfuse run`
(`run_pipeline` + `write_outputs`) in a fresh process, so peak RSS (ru_maxrss) is its own.
Models (spaCy, MiniLM) are loaded before the clock starts and timed apart.

Reported per size: articles/s (with and without model loading), CPU seconds, peak RSS, and
each stage's share of the time (`RunResult.timings`, plus writing), with the lead and
sentence embeddings inside `group` and `fuse_brief`, spaCy's pipeline inside `extract` and
spaCy's components timed one by one on a sample. Then the baselines, measured in the same
run: bench/dedupe.py (datasketch MinHashLSH), bench/cluster_baseline.py (TF-IDF +
average-link on ECB+, quality and time) and bench/html_read.py (trafilatura alone on
L3S-GN1). Prints tables and writes bench/results/pipeline.json (machine, date, command, load).

Four profiles, each given the sizes to run (growth is compared within a profile):
- `--full`: `newsfuse run` as shipped (defaults: extraction in one worker process per core
  beside grouping, MiniLM lead and sentence embeddings, in bfloat16 where the CPU has it);
- `--static`: the same with both stages on the static model distilled from MiniLM
  (`embedding_model = "static"`: the speed a user can trade quality for);
- `--no-embeddings`: extraction on, `[group]` and `[fuse]` embeddings off (documented
  settings);
- `--light`: embeddings off and extraction OFF (a fake extractor that skips every article, so
  fusion has no statements either): read, clean, dedupe, group and write alone.
Beside them, in the same run: the previous release (`--previous REF`, default the commit
before issue 15's work) on the same input as `--full` (`--previous-sizes`, default 1000),
checked out into a temporary folder and run from its own source; and the yardstick of issue
15, one pass of spaCy's NER component alone over the same texts (flow seconds / NER seconds),
and the ceiling where 100 articles/s is out of reach: the shipped spaCy pipeline alone on a
sample, times the cores (no flow that annotates every article can pass it).
`--spark SIZES` runs the Spark runner (`newsfuse.runners.spark`) in local mode with 1 and 2
cores on the `--no-embeddings` profile. Also measured: MiniLM sentence throughput with 1 and
2 torch threads. CPU seconds count the annotation workers; peak RSS is given for the main
process and for the whole process tree (sampled every 0.2 s).

The one command behind the README's "Benchmarks: end to end" (`make bench-pipeline`):

    python bench/pipeline.py --full 1000,10000 --static 1000,10000 --light 100000

With no profile given it runs `--full 1000,10000,100000`, issue 15's ask as shipped (~2
hours here at ~20 articles/s). `--no-baselines` leaves the baselines out.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import importlib.util
import itertools
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import spacy
from rich.console import Console
from rich.table import Table
from stream import REUTERS, Corpus, day_batches, in_fresh_process, load_corpus, perturb

from extract import COMPONENT_SAMPLE, component_shares  # bench/extract.py
from newsfuse.cluster import Embedder, LeadEmbedder, load_embedder
from newsfuse.config import Settings
from newsfuse.extract import MODEL, Extractor, Timings
from newsfuse.extract.parse import split_pieces
from newsfuse.extract.workers import available_cores
from newsfuse.model import Article, ArticleAnnotations
from newsfuse.runners.local import STAGES, run_pipeline, write_outputs

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
# One article in four is sent again the same day by a second outlet: aggregated news streams
# carry many syndicated copies (Reuters-21578 alone has 609 families among 19k stories, 3%);
# a quarter makes dedupe do real work without turning the corpus into copies. A judgement.
NEAR_DUPLICATE_SHARE = 0.25
# The last commit before the speed work of issue 15: the "previous release" every run of
# this benchmark is compared with, on the same input, in the same run.
PREVIOUS_RELEASE = "594c1a5"
NEAR_DUPLICATE_SOURCE = "Syndicated wire"
SEED = 7
# `perturb` seeds its edits by (copy, id); -1 keeps the near-duplicate's edits apart from
# those of any later pass (copy 1, 2, ...).
NEAR_DUPLICATE_COPY = -1
ALL_STAGES = (*STAGES, "write")
#: The yardstick's NER pass reads at most this many articles (every k-th above it).
YARDSTICK_ARTICLES = 10_000
PROFILES: dict[str, tuple[bool, str | None]] = {
    # name: (extraction, embedding model of both stages; None: embeddings off)
    "full": (True, "default"),
    "static": (True, "static"),
    "no-embeddings": (True, None),
    "light": (False, None),
}
THREAD_PROBE_SENTENCES = 400
console = Console(highlight=False, width=160)


def generate(corpus: Corpus, size: int) -> Iterator[Article]:
    """`size` articles in date order: the replayed passes and their same-day near-duplicates."""
    rng = random.Random(SEED)
    made = 0
    for batch in day_batches(corpus, size):
        for article in batch:
            copies = [article]
            if rng.random() < NEAR_DUPLICATE_SHARE:
                copy = perturb(article, copy=NEAR_DUPLICATE_COPY, shift=dt.timedelta(0))
                copies.append(
                    dataclasses.replace(copy, id=f"{article.id}~dup", source=NEAR_DUPLICATE_SOURCE)
                )
            for item in copies[: size - made]:
                yield item
                made += 1
            if made >= size:
                return


def write_input(articles: Iterable[Article], path: Path) -> int:
    """One JSONL record per article, as a crawler would hand them to `newsfuse run`."""
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for article in articles:
            record = {
                "id": article.id,
                "title": article.title,
                "text": article.text,
                "published": article.published.isoformat() if article.published else None,
                "source": article.source,
            }
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


class TimedEmbedder:
    """A real embedder, its encoding seconds summed (one wrapper per stage: leads in
    `group`, sentences in `fuse_brief`)."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.dimensions = inner.dimensions
        self.seconds = 0.0

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        started = time.perf_counter()
        vectors = self.inner.encode(texts)
        self.seconds += time.perf_counter() - started
        return vectors


class SkippingExtractor(Extractor):
    """Extraction switched off (the light profile): every article is a recorded skip."""

    def __init__(self) -> None:
        super().__init__(nlp=spacy.blank("en"))
        self.timings = Timings()

    def extract_many(
        self, articles: Iterable[Article], *, timings: Timings | None = None
    ) -> Iterator[ArticleAnnotations]:
        for article in articles:
            yield ArticleAnnotations(article.id, skipped="benchmark: extraction off")


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (the annotation
    workers end with the extract stage)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run_local(path: str, out: str, extraction: bool, embeddings: str | None) -> dict[str, Any]:
    """`newsfuse run` on one input file, in this (fresh) process, as shipped: annotation in
    worker processes (one per core, each loading spaCy inside the clock). The embedding
    models are loaded before the clock."""
    settings = bench_settings(embeddings)
    started = time.perf_counter()
    lead = TimedEmbedder(load_embedder(settings.group.embedding_model))
    sentence = (
        lead
        if settings.fuse.embedding_model == settings.group.embedding_model
        else TimedEmbedder(load_embedder(settings.fuse.embedding_model))
    )
    if embeddings:
        lead.encode(["The model loads on first use."])
        sentence.encode(["The model loads on first use."])
    extractor = None if extraction else SkippingExtractor()
    lead.seconds = sentence.seconds = 0.0
    load = time.perf_counter() - started
    sampler = TreeRss()
    sampler.start()
    cpu_start = cpu_seconds()
    result = run_pipeline(
        [path],
        settings=settings,
        extractor=extractor,
        embedder=lead,
        sentence_embedder=sentence,
        workers=available_cores(),  # `newsfuse run`'s default
    )
    started = time.perf_counter()
    write_outputs(result, Path(out))
    timings = result.timings | {"write": time.perf_counter() - started}
    cpu = cpu_seconds() - cpu_start
    sampler.stop()
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the probes
    embedding = {"group": lead.seconds}
    if sentence is not lead:
        embedding["fuse_brief"] = sentence.seconds
    yardstick = ner_pass(result.articles) if extraction else {}
    sample = [a for a in result.articles[:COMPONENT_SAMPLE] if a.clean_text]
    components = component_shares(Extractor(), sample) if extraction else {}
    return {
        "articles": result.report.articles,
        "stories": result.report.stories,
        "families": result.report.families,
        "families_of_2_or_more": sum(len(f.members) > 1 for f in result.families),
        "embedding_models": {"group": lead.name, "fuse": sentence.name},
        "model_load_seconds": round(load, 2),
        "seconds": round(sum(timings.values()), 2),
        "cpu_seconds": round(cpu, 2),
        "stage_seconds": {stage: round(timings[stage], 2) for stage in ALL_STAGES},
        "embedding_seconds": {k: round(v, 2) for k, v in embedding.items()},
        "ner_pass": yardstick,
        "spacy_components_seconds_on_sample": {k: round(v, 2) for k, v in components.items()},
        "spacy_pipeline_ceiling": ceiling(len(sample), components),
        "peak_rss_mib": round(peak_rss),
        "peak_tree_rss_mib": round(sampler.peak / 2**20),
    }


def ceiling(articles: int, components: dict[str, float]) -> dict[str, Any]:
    """The most any flow that annotates every article with the shipped spaCy pipeline can
    do here: that pipeline alone (every component, one process) on the component sample,
    times the cores, as if nothing else ran and the cores shared nothing."""
    seconds = sum(components.values())
    if not articles or not seconds:
        return {}
    one_core = articles / seconds
    return {
        "articles": articles,
        "seconds": round(seconds, 2),
        "articles_per_second_one_core": round(one_core, 1),
        "articles_per_second_all_cores": round(one_core * available_cores(), 1),
        "cores": available_cores(),
    }


def ner_pass(articles: Sequence[Article]) -> dict[str, Any]:
    """The yardstick: spaCy's NER component alone (its own token encoder, nothing else of
    the pipeline) over the same texts, in this one process. Above `YARDSTICK_ARTICLES` it
    reads every k-th article and gives the whole input's seconds at the words/s it measured
    (at 100k the pass alone would take ~20 minutes)."""
    nlp = spacy.load(MODEL)
    step = -(-len(articles) // YARDSTICK_ARTICLES)
    sample = articles[::step]

    def pieces(chosen: Iterable[Article]) -> list[str]:
        return [piece for a in chosen if a.clean_text for _, piece in split_pieces(a.clean_text)]

    texts = pieces(sample)
    words = sum(len(text.split()) for text in texts)
    all_words = words if step == 1 else sum(len(t.split()) for t in pieces(iter(articles)))
    with nlp.select_pipes(enable=["ner"]):
        started, cpu_start = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=128):
            pass
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_start
    scale = all_words / words if words else 1.0
    return {
        "seconds": round(seconds * scale, 2),
        "cpu_seconds": round(cpu * scale, 2),
        "words": all_words,
        "words_per_second": round(words / seconds),
        "articles_per_second": round(len(sample) / seconds, 1),
        "sampled_articles": len(sample),
        "sampled_seconds": round(seconds, 2),
    }


def bench_settings(embeddings: str | None) -> Settings:
    """The defaults ("default"), both stages on one model ("static"), or embeddings off."""
    settings = Settings()
    if embeddings == "default":
        return settings
    if embeddings is not None:
        return dataclasses.replace(
            settings,
            group=dataclasses.replace(settings.group, embedding_model=embeddings),
            fuse=dataclasses.replace(settings.fuse, embedding_model=embeddings),
        )
    return dataclasses.replace(
        settings,
        group=dataclasses.replace(settings.group, embeddings=False),
        fuse=dataclasses.replace(settings.fuse, embeddings=False),
    )


def run_size(corpus: Corpus, size: int, *, profile: str, folder: Path) -> dict[str, Any]:
    extraction, embeddings = PROFILES[profile]
    path = folder / f"reuters_{size}.jsonl"
    near_duplicates = 0

    def counted(articles: Iterator[Article]) -> Iterator[Article]:
        nonlocal near_duplicates
        for article in articles:
            near_duplicates += article.id.endswith("~dup")
            yield article

    written = write_input(counted(generate(corpus, size)), path)
    load_before = os.getloadavg()
    console.print(
        f"[bold]{profile} {size:,}[/] articles ({near_duplicates:,} same-day near-duplicates), "
        f"extraction {'on' if extraction else 'OFF'}, embeddings {embeddings or 'OFF'}"
        f"; load average {load_before[0]:.2f}"
    )
    run = in_fresh_process(
        run_local, str(path), str(folder / f"out_{size}"), extraction, embeddings
    )
    path.unlink()
    shutil.rmtree(folder / f"out_{size}")  # 100k articles write ~120k files; free them now
    per_second = run["articles"] / run["seconds"]
    row = {"profile": profile, "size": size, "input_records": written} | run
    row |= {
        "near_duplicates": near_duplicates,
        "extraction": extraction,
        "embeddings": embeddings,
        "articles_per_second": round(per_second, 1),
        "articles_per_second_with_model_load": round(
            run["articles"] / (run["seconds"] + run["model_load_seconds"]), 1
        ),
        "articles_per_cpu_second": round(run["articles"] / run["cpu_seconds"], 1),
        "stage_shares": {
            stage: round(seconds / run["seconds"], 3)
            for stage, seconds in run["stage_seconds"].items()
        },
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
    }
    row["slowest_stage"] = max(row["stage_shares"], key=row["stage_shares"].get)
    print_run(row)
    return row


def print_run(row: dict[str, Any]) -> None:
    console.print(
        f"  {row['articles']:,} articles in {row['seconds']:.0f} s: "
        f"{row['articles_per_second']:.1f}/s ({row['articles_per_cpu_second']:.1f} per CPU s), "
        f"peak RSS {row['peak_rss_mib']:,} MiB (process tree {row['peak_tree_rss_mib']:,}), "
        f"{row['stories']:,} stories, "
        f"{row['families_of_2_or_more']:,} families of 2+; slowest stage {row['slowest_stage']}"
        f" ({row['stage_shares'][row['slowest_stage']]:.0%})"
    )


def spark_runs(corpus: Corpus, sizes: list[int], folder: Path) -> dict[str, Any]:
    """The Spark runner in local mode with 1 and 2 cores (issue 7), where it exists yet, on
    the `no-embeddings` profile (it loads its own extractor: extraction cannot be faked)."""
    if not sizes:
        return {"available": None, "note": "not asked for (--spark SIZES)"}
    if importlib.util.find_spec("newsfuse.runners.spark") is None:
        note = "newsfuse.runners.spark does not exist yet: no Spark figures"
        console.print(f"[bold yellow]--spark[/]: {note}")
        return {"available": False, "note": note}
    runs = []
    for size in sizes:
        path = folder / f"spark_{size}.jsonl"
        write_input(generate(corpus, size), path)
        for cores in (1, 2):
            out = folder / f"spark_out_{size}_{cores}"
            console.print(f"[bold]spark local[{cores}] {size:,}[/] articles, no-embeddings")
            run = in_fresh_process(run_spark_once, str(path), str(out), cores)
            run |= {"size": size, "load_average_after": [round(x, 2) for x in os.getloadavg()]}
            console.print(f"  {run}")
            shutil.rmtree(out, ignore_errors=True)  # absent where the run failed early
            runs.append(run)
        path.unlink()
    return {"available": True, "runs": runs}


# The previous release's flow, run from its own source in a subprocess: its `run_pipeline`
# and `write_outputs` as they were, models loaded before the clock as for the current flow.
PREVIOUS_SCRIPT = """
import json, os, resource, sys, time
from pathlib import Path
source, path, out = sys.argv[1:4]
sys.path.insert(0, source)
import newsfuse
assert newsfuse.__file__.startswith(source), newsfuse.__file__
from newsfuse.cluster import LeadEmbedder
from newsfuse.extract import default_extractor
from newsfuse.runners.local import run_pipeline, write_outputs
embedder = LeadEmbedder()
embedder.encode(["The model loads on first use."])
default_extractor()
started, cpu = time.perf_counter(), time.process_time()
result = run_pipeline([path], embedder=embedder)
write_outputs(result, Path(out))
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
print(json.dumps({
    "articles": result.report.articles,
    "stories": result.report.stories,
    "seconds": round(seconds, 2),
    "cpu_seconds": round(cpu, 2),
    "articles_per_second": round(result.report.articles / seconds, 1),
    "articles_per_cpu_second": round(result.report.articles / cpu, 1),
    "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
}))
"""


def previous_runs(
    corpus: Corpus, sizes: list[int], ref: str, folder: Path, rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """The previous release (`ref`, checked out into `folder`) on the same inputs as the
    full profile, in this run; each beside the current flow's row of that size."""
    if not sizes:
        return {"note": "not asked for (--previous-sizes)"}
    source = folder / "previous"
    source.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", ref, "src"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive.stdout, check=True)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", ref],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    runs = []
    for size in sizes:
        path = folder / f"previous_{size}.jsonl"
        write_input(generate(corpus, size), path)
        console.print(f"[bold]previous release {ref} ({commit}) {size:,}[/] articles, as shipped")
        completed = subprocess.run(
            [sys.executable, "-c", PREVIOUS_SCRIPT, str(source / "src"), str(path),
             str(folder / f"previous_out_{size}")],
            capture_output=True, text=True, check=True, cwd=folder,
        )  # fmt: skip
        run = json.loads(completed.stdout.strip().splitlines()[-1])
        current = next(
            (r for r in rows if r["profile"] == "full" and r["articles"] == run["articles"]), None
        )
        run |= {"ref": ref, "commit": commit, "size": size}
        if current is not None:
            run["speedup_wall"] = round(run["seconds"] / current["seconds"], 2)
            run["speedup_cpu"] = round(run["cpu_seconds"] / current["cpu_seconds"], 2)
            run["same_stories"] = run["stories"] == current["stories"]
        run["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
        console.print(
            f"  {run['articles']:,} articles in {run['seconds']:.0f} s: "
            f"{run['articles_per_second']:.1f}/s ({run['articles_per_cpu_second']:.1f} per CPU s)"
            f", peak RSS {run['peak_rss_mib']:,} MiB, {run['stories']:,} stories"
            + (
                f"; the current flow is ×{run['speedup_wall']} faster wall, "
                f"×{run['speedup_cpu']} in CPU seconds"
                if current is not None
                else ""
            )
        )
        path.unlink()
        shutil.rmtree(folder / f"previous_out_{size}", ignore_errors=True)
        runs.append(run)
    return {"ref": ref, "commit": commit, "runs": runs}


def run_spark_once(path: str, out: str, cores: int) -> dict[str, Any]:
    """One `run_spark` in local mode; peak RSS is the whole process tree's (driver, JVM,
    Python workers), sampled every 0.2 s."""
    from newsfuse.runners.spark import run_spark, spark_session

    sampler = TreeRss()
    sampler.start()
    started = time.perf_counter()
    try:
        spark = spark_session(f"local[{cores}]", app_name="newsfuse-bench")
        session = time.perf_counter() - started
        run = run_spark([path], Path(out), spark=spark, settings=bench_settings(None))
        seconds = time.perf_counter() - started - session
        spark.stop()
    except Exception as exc:  # the Spark runner is being written: record, do not stop
        sampler.stop()
        return {"cores": cores, "error": f"{type(exc).__name__}: {exc}"[:500]}
    sampler.stop()
    return {
        "cores": cores,
        "articles": run.report.articles,
        "stories": run.report.stories,
        "session_start_seconds": round(session, 1),
        "seconds": round(seconds, 1),
        "articles_per_second": round(run.report.articles / seconds, 1),
        "peak_tree_rss_mib": round(sampler.peak / 2**20),
    }


class TreeRss(threading.Thread):
    """Polls the summed RSS of this process and all its descendants; keeps the peak."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.2):
            self.peak = max(self.peak, tree_rss(os.getpid()))

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_rss(root: int) -> int:
    """Bytes resident in `root` and its descendants (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        pid = int(stat.parent.name)
        parents[pid], rss[pid] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    return sum(rss.get(pid, 0) for pid in tree)


def thread_probe() -> dict[str, Any]:
    """MiniLM on Reuters sentences with 1 and 2 torch threads: on a shared machine, torch's
    default (one thread per core) can be slower than one thread."""
    import torch

    from newsfuse.text import split_sentences

    corpus = load_corpus(limit_files=1)
    sentences = [
        sentence
        for article in corpus.articles
        for paragraph in article.paragraphs
        for sentence in split_sentences(paragraph)
        if len(sentence.split()) >= 5
    ][:THREAD_PROBE_SENTENCES]
    embedder = LeadEmbedder()
    embedder.encode(sentences[:8])
    default = torch.get_num_threads()
    rates = {}
    for threads in (1, 2):
        torch.set_num_threads(threads)
        started = time.perf_counter()
        embedder.encode(sentences)
        rates[f"{threads}_thread"] = round(len(sentences) / (time.perf_counter() - started), 1)
    console.print(
        f"MiniLM, {len(sentences)} Reuters sentences: {rates['1_thread']}/s with 1 torch thread, "
        f"{rates['2_thread']}/s with 2 (torch's default here: {default}); load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    return {"sentences": len(sentences), "default_threads": default, "per_second": rates}


def print_table(rows: list[dict[str, Any]]) -> None:
    table = Table(title="newsfuse run (local runner) on replicated, perturbed Reuters-21578")
    columns = ["profile", "articles", "stories", "s", "art/s", "incl. load", "per CPU s"]
    for column in [*columns, "peak RSS MiB", *ALL_STAGES, "slowest"]:
        table.add_column(column, justify="right")
    for row in rows:
        table.add_row(
            row["profile"],
            f"{row['articles']:,}",
            f"{row['stories']:,}",
            f"{row['seconds']:.0f}",
            f"{row['articles_per_second']:.1f}",
            f"{row['articles_per_second_with_model_load']:.1f}",
            f"{row['articles_per_cpu_second']:.1f}",
            f"{row['peak_rss_mib']:,}",
            *(f"{row['stage_shares'][stage]:.0%}" for stage in ALL_STAGES),
            row["slowest_stage"],
        )
    console.print(table)


def markdown_table(payload: dict[str, Any]) -> str:
    """The runs as the README's Markdown table."""
    head = (
        "| profile | articles | stories | seconds | articles/s (per CPU s) | "
        "peak RSS MiB (process tree) | " + " | ".join(ALL_STAGES) + " |"
    )
    lines = [head, "|" + "---|" * (6 + len(ALL_STAGES))]
    for row in payload["runs"]:
        shares = " | ".join(f"{row['stage_shares'][stage]:.0%}" for stage in ALL_STAGES)
        lines.append(
            f"| {row['profile']} | {row['articles']:,} | {row['stories']:,} | "
            f"{row['seconds']:,.0f} | {row['articles_per_second']:.1f} "
            f"({row['articles_per_cpu_second']:.1f}) | {row['peak_rss_mib']:,} "
            f"({row['peak_tree_rss_mib']:,}) | {shares} |"
        )
    return "\n".join(lines)


def growth(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Seconds per article at each size against the next smaller size run the same way
    (1.0 is linear growth)."""
    found = []
    for small, large in itertools.pairwise(rows):
        if small["profile"] != large["profile"]:
            continue
        ratio = (large["seconds"] / large["articles"]) / (small["seconds"] / small["articles"])
        cpu = (large["cpu_seconds"] / large["articles"]) / (
            small["cpu_seconds"] / small["articles"]
        )
        found.append(
            {
                "profile": small["profile"],
                "from": small["articles"],
                "to": large["articles"],
                "seconds_per_article_ratio": round(ratio, 2),
                "cpu_seconds_per_article_ratio": round(cpu, 2),
                "peak_rss_ratio": round(large["peak_rss_mib"] / small["peak_rss_mib"], 2),
            }
        )
        console.print(
            f"{small['profile']}, {small['articles']:,} → {large['articles']:,} articles: "
            "seconds per article "
            f"×{ratio:.2f} (CPU ×{cpu:.2f}; 1.0 is linear), peak RSS "
            f"×{found[-1]['peak_rss_ratio']:.2f}"
        )
    return found


def print_stage_detail(row: dict[str, Any]) -> dict[str, float]:
    """Where the time goes, as shares of the whole run, and the yardstick: the whole flow's
    seconds against one NER pass over the same texts (issue 15 aims at 2 or less)."""
    total = row["seconds"]
    detail = {
        f"{stage}: embedding": seconds / total
        for stage, seconds in row["embedding_seconds"].items()
    }
    components = row["spacy_components_seconds_on_sample"]
    if components:
        ner = components.get("ner", 0.0) / sum(components.values())
        detail["spaCy: NER's share of the pipeline (sample)"] = ner
    ner_pass = row.get("ner_pass") or {}
    if ner_pass:
        detail["flow seconds / NER-pass seconds"] = total / ner_pass["seconds"]
    ceiling = row.get("spacy_pipeline_ceiling") or {}
    if ceiling:
        detail["flow articles/s / spaCy-pipeline ceiling"] = (
            row["articles"] / total / ceiling["articles_per_second_all_cores"]
        )
    detail = {key: round(value, 3) for key, value in detail.items()}
    console.print(
        f"  {row['articles']:,} articles: "
        + ", ".join(
            f"{key} {value:.0%}" if "/" not in key else f"{key} {value:.2f}"
            for key, value in detail.items()
        )
        + (
            f"; NER alone {ner_pass['words_per_second']:,} words/s, "
            f"{ner_pass['articles_per_second']:.0f} articles/s on one core"
            if ner_pass
            else ""
        )
        + (
            f"; the shipped spaCy pipeline alone {ceiling['articles_per_second_one_core']:.0f}"
            f" articles/s on one core, at most {ceiling['articles_per_second_all_cores']:.0f}"
            f" on {ceiling['cores']}"
            if ceiling
            else ""
        )
    )
    return detail


def baselines() -> dict[str, Any]:
    """The three same-run baselines of issue 7, each in its own process."""
    from cluster_baseline import compare as compare_clustering  # bench/cluster_baseline.py
    from html_read import compare as compare_reading  # bench/html_read.py

    console.rule("baselines, same run")
    return {
        "dedupe": dedupe_baseline(),
        "clustering": in_fresh_process(compare_clustering),
        "html_reading": in_fresh_process(compare_reading),
    }


def dedupe_baseline() -> dict[str, Any]:
    """bench/dedupe.py as it is (it writes dedupe.json); its table is echoed here."""
    completed = subprocess.run(
        [sys.executable, str(BENCH / "dedupe.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    console.print("dedupe vs datasketch MinHashLSH (bench/dedupe.py, Reuters-21578):")
    console.print("\n".join(completed.stdout.splitlines()[:5]))
    result: dict[str, Any] = json.loads((RESULTS / "dedupe.json").read_text(encoding="utf-8"))
    return {
        "rows": result["rows"],
        "same_families_as_datasketch": result.get("same_families_as_baseline"),
    }


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo")
    names = [
        line.split(":", 1)[1].strip()
        for line in (cpuinfo.read_text().splitlines() if cpuinfo.exists() else [])
        if line.startswith("model name")
    ]
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": names[0] if names else platform.processor(),
        "memory_gib": round(memory, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "shared_with_other_work": True,
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sizes = "comma-separated article counts, e.g. 1000,10000,100000"
    for profile in PROFILES:
        parser.add_argument(f"--{profile}", default="", metavar="SIZES", help=sizes)
    parser.add_argument("--spark", default="", metavar="SIZES", help="Spark local[1], local[2]")
    parser.add_argument("--no-baselines", action="store_true")
    parser.add_argument(
        "--previous",
        default=PREVIOUS_RELEASE,
        metavar="REF",
        help=f"the release to compare with (default {PREVIOUS_RELEASE})",
    )
    parser.add_argument(
        "--previous-sizes",
        default="1000",
        metavar="SIZES",
        help="sizes the previous release runs (default 1000; '' for none)",
    )
    parser.add_argument(
        "--results",
        default="pipeline.json",
        metavar="NAME",
        help="file under bench/results/ to write (default pipeline.json)",
    )
    args = parser.parse_args()
    if not any(getattr(args, profile.replace("-", "_")) for profile in PROFILES):
        args.full = "1000,10000,100000"  # issue 7's sizes, as shipped
    return args


def save(payload: dict[str, Any]) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / payload["results"]).write_text(
        json.dumps(payload, indent=2) + "\n", encoding="utf-8"
    )


def sizes_of(text: str) -> list[int]:
    return sorted(int(size) for size in text.split(",") if size.strip())


def main() -> None:
    args = parse_args()
    if not REUTERS.exists():
        sys.exit(f"{REUTERS} is absent")
    payload: dict[str, Any] = {
        "command": " ".join(["python", "bench/pipeline.py", *sys.argv[1:]]),
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "near_duplicate_share": NEAR_DUPLICATE_SHARE,
        "results": args.results,
    }
    corpus = load_corpus()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="newsfuse-bench-") as folder:
        for profile in PROFILES:
            for size in sizes_of(getattr(args, profile.replace("-", "_"))):
                rows.append(run_size(corpus, size, profile=profile, folder=Path(folder)))
                save(payload | {"runs": rows})  # a long run keeps what it has measured
        print_table(rows)
        for row in rows:
            row["inside_stages"] = print_stage_detail(row)
        payload |= {"runs": rows, "growth": growth(rows)}
        payload["previous"] = previous_runs(
            corpus, sizes_of(args.previous_sizes), args.previous, Path(folder), rows
        )
        save(payload)
        payload["embedding_threads"] = in_fresh_process(thread_probe)
        save(payload)
        if not args.no_baselines:
            payload["baselines"] = baselines()
            save(payload)
        # Last: the Spark runner is the newest code, and the slowest to start.
        payload["spark"] = spark_runs(corpus, sizes_of(args.spark), Path(folder))
    payload["finished"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    payload["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    save(payload)
    console.print(markdown_table(payload), markup=False)
    console.print(
        f"{payload['machine']['cpus']} CPUs ({payload['machine']['cpu_model']}), shared with "
        "other work: wall-clock rates are depressed; load averages are in pipeline.json"
    )


if __name__ == "__main__":
    main()
