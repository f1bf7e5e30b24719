"""The in-process runner: the whole flow, top to bottom, on one machine.

Reading streams (one file or record at a time); cleaning works in chunks so cross-corpus
evidence (lines an outlet repeats) is learned as articles arrive with bounded memory.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsfuse.brief import write_brief
from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.cluster import group_stories
from newsfuse.cluster.embed import Embedder, load_embedder, share_cores
from newsfuse.config import FuseSettings, Settings
from newsfuse.dedupe import dedupe
from newsfuse.errors import StoreError
from newsfuse.extract import Extractor, annotate_articles, extract_stories
from newsfuse.extract.workers import MIN_ARTICLES_PER_WORKER, BackgroundAnnotation
from newsfuse.files import remove_stale_temporaries, write_lines_atomic, write_text_atomic
from newsfuse.fuse import encoded_texts, fuse_story, story_statements
from newsfuse.fuse.statements import Statement
from newsfuse.fuse.vectors import SentenceVectors
from newsfuse.model import (
    Article,
    Brief,
    Family,
    ReadWarning,
    RemovalReason,
    RunReport,
    SentenceLink,
    Skip,
    SkipReason,
    Story,
    StoryExtraction,
)
from newsfuse.read import ReadItem, iter_input_files, read, read_file
from newsfuse.render.html import brief_page_name, write_html_outputs
from newsfuse.render.json import (
    article_to_dict,
    brief_to_dict,
    family_to_dict,
    report_to_dict,
    story_to_dict,
)
from newsfuse.render.markdown import render_markdown
from newsfuse.runners.spill import Spill, keyed
from newsfuse.storylines import Storyline, link_storylines, storyline_to_dict

__all__ = [
    "CLEAN_CHUNK",
    "STAGES",
    "ProgressHook",
    "ReadTally",
    "RunResult",
    "chunks",
    "read_clean",
    "read_counted",
    "run_pipeline",
    "stage_embedders",
    "stream_clean",
    "unique_articles",
    "write_brief_files",
    "write_jsonl",
    "write_outputs",
    "write_report",
]

logger = logging.getLogger(__name__)

#: Called as (stage, items done so far) so a CLI can draw progress; the library never prints.
ProgressHook = Callable[[str, int], None]

# Articles cleaned per chunk: enough for outlet evidence to build up before it is applied.
CLEAN_CHUNK = 1000
#: Statements whose sentences are encoded in one go (~6 MB of MiniLM vectors).
FUSION_BATCH_STATEMENTS = 4096
#: The names under which `RunResult.timings` reports each step's seconds, in run order.
STAGES = ("read_clean", "dedupe", "group", "extract", "fuse_brief")


@dataclass(frozen=True, slots=True)
class RunResult:
    """What a run made. `articles` and `briefs` may be spilled to disk (`Spill`): iterate
    them, or look them up with `article_lookup`; they are read back on each access."""

    articles: Sequence[Article]
    stories: tuple[Story, ...]
    briefs: Sequence[Brief]
    report: RunReport
    families: tuple[Family, ...] = ()
    links: tuple[SentenceLink, ...] = ()
    storylines: tuple[Storyline, ...] = ()
    #: Wall-clock seconds per step, keyed by `STAGES` (issue 7: the slowest stage is named).
    timings: dict[str, float] = field(default_factory=dict)

    def article_lookup(self) -> Mapping[str, Article]:
        """The articles by id (from the spill where they are spilled)."""
        return keyed(self.articles, _article_id)


@dataclass(slots=True)
class ReadTally:
    """What the read stage saw, for the run report."""

    inputs: int
    skipped: list[Skip]
    warnings: list[ReadWarning]


def read_clean(inputs: Iterable[str | Path], settings: Settings) -> list[Article]:
    """Read and clean a corpus in one go, for tools that run one stage on it (eval, extract).

    Outlet boilerplate is learned over all articles before any is cleaned; `run_pipeline`
    learns it a chunk at a time as the stream arrives. Unreadable inputs are left out here:
    `run_pipeline` is what reports them.
    """
    articles = [item for item in read(inputs, settings=settings.read) if isinstance(item, Article)]
    boilerplate = BoilerplateIndex(settings=settings.clean)
    boilerplate.observe(articles)
    return [
        clean(article, settings=settings.clean, boilerplate=boilerplate) for article in articles
    ]


def run_pipeline(
    inputs: Iterable[str | Path],
    *,
    settings: Settings | None = None,
    progress: ProgressHook | None = None,
    extractor: Extractor | None = None,
    embedder: Embedder | None = None,
    sentence_embedder: Embedder | None = None,
    workers: int = 1,
) -> RunResult:
    """Read, clean, dedupe into families, group into stories, extract, fuse and brief every
    story; `extractor`, `embedder` (leads) and `sentence_embedder` (fusion) default to the
    models the settings name, loaded on first use. With `workers` > 1 (the CLI's default is
    one per core), that many processes annotate the articles while this one groups them,
    unless an `extractor` is given or the corpus is too small to repay starting them; they
    are spawned, so a calling script needs the `if __name__ == "__main__":` guard."""
    settings = settings or Settings()
    tally = ReadTally(0, [], [])
    timings: dict[str, float] = {}
    started = time.perf_counter()
    # 1. Read (streamed) and 2. clean, a chunk at a time.
    articles: list[Article] = []
    for article in stream_clean(inputs, settings, tally):
        articles.append(article)
        if progress and len(articles) % CLEAN_CHUNK == 0:
            progress("clean", len(articles))
    if progress:
        progress("clean", len(articles))
    started = _lap(timings, "read_clean", started)
    # 3. Families (copies and updates) and sentences shared across them.
    deduped = dedupe(articles, settings=settings.dedupe)
    families, links = deduped.families, deduped.links
    # The cleaned articles are spilled to disk (issue 15: grouping and annotation read them
    # a day or a chunk at a time), with what the later stages need of them.
    cleaned: Spill[Article] = Spill(key=_article_id)
    published: dict[str, dt.date | None] = {}
    removals: Counter[RemovalReason] = Counter()
    for article in deduped.articles:
        published[article.id] = article.published_date
        removals.update(removal.reason for removal in article.removals)
        cleaned.append(article)
    del deduped, articles
    if progress:
        progress("dedupe", len(cleaned))
    started = _lap(timings, "dedupe", started)
    # 4. Stories (the lead embedder loads on first use), while worker processes annotate.
    # Annotated articles and briefs are spilled to disk as they are made (issue 15: held,
    # they grew a run by tens of KiB an article).
    annotated: Spill[Article] = Spill(key=_article_id)
    background = None
    if extractor is None and workers > 1 and len(cleaned) >= MIN_ARTICLES_PER_WORKER * workers:
        background = BackgroundAnnotation(cleaned, workers, into=annotated.append)
    embedder, sentence_embedder = stage_embedders(settings, embedder, sentence_embedder)
    sharing = (
        share_cores(embedder, background.running)
        if background is not None
        else nullcontext(embedder)
    )
    with sharing as lead_embedder:
        stories = group_stories(
            cleaned, settings=settings.group, embedder=lead_embedder, known=cleaned.by_key()
        )
    started = _lap(timings, "group", started)
    # 5. Extraction: annotate each article (what the workers have not finished yet is
    # waited for here); canonical entities and quotes per story come with fusion.
    if background is not None:
        background.wait()
    else:
        for chunk in chunks(cleaned, CLEAN_CHUNK):
            annotated.extend(annotate_articles(chunk, extractor=extractor))
    cleaned.close()  # from here on, the annotated copies are read back a story at a time
    if progress:
        progress("extract", len(annotated))
    started = _lap(timings, "extract", started)
    # 6. Fusion (facts, voices, conflicts) and briefs, the sentences of a batch of stories
    # encoded together.
    vectors = SentenceVectors(sentence_embedder) if settings.fuse.embeddings else None
    briefs: Spill[Brief] = Spill(key=_story_id)
    for batch in _fusion_batches(stories, annotated.by_key(), settings.fuse):
        if vectors is not None:
            vectors.clear()
            vectors.prime(
                text
                for story, statements in batch.statements
                for text in encoded_texts(story, batch.articles, statements, settings.fuse)
            )
        for story, statements in batch.statements:
            extraction = batch.extractions[story.story_id]
            fusion = fuse_story(
                story,
                batch.articles,
                extraction,
                encode=vectors.encode if vectors is not None else None,
                settings=settings.fuse,
                statements=statements,
            )
            briefs.append(
                write_brief(
                    story,
                    batch.articles,
                    extraction=extraction,
                    fusion=fusion,
                    settings=settings.fuse,
                )
            )
            if progress:
                progress("fuse", len(briefs))
    # 7. Storylines: the stories of one topic linked over time.
    storylines = link_storylines(stories, briefs, published, settings=settings.storylines)
    _lap(timings, "fuse_brief", started)
    report = RunReport(
        inputs=tally.inputs,
        articles=len(annotated),
        skipped=tuple(tally.skipped),
        warnings=tuple(tally.warnings),
        removals=tuple(
            sorted(removals.items(), key=lambda item: list(RemovalReason).index(item[0]))
        ),
        stories=len(stories),
        families=len(families),
    )
    return RunResult(
        annotated,
        tuple(stories),
        briefs,
        report,
        families,
        links,
        storylines,
        timings,
    )


def stage_embedders(
    settings: Settings, lead: Embedder | None = None, sentence: Embedder | None = None
) -> tuple[Embedder, Embedder]:
    """The lead (grouping) and sentence (fusion) embedders: those given, else the models the
    settings name; one instance where both stages name one model."""
    lead = lead or load_embedder(settings.group.embedding_model)
    if sentence is None:
        same = settings.fuse.embedding_model == lead.name
        sentence = lead if same else load_embedder(settings.fuse.embedding_model)
    return lead, sentence


@dataclass(slots=True)
class _FusionBatch:
    """Stories fused together: their statements, their articles read back from the spill,
    and each story's canonical entities and quotes."""

    statements: list[tuple[Story, list[Statement]]] = field(default_factory=list)
    articles: dict[str, Article] = field(default_factory=dict)
    extractions: dict[str, StoryExtraction] = field(default_factory=dict)
    size: int = 0


def _fusion_batches(
    stories: Iterable[Story], articles: Mapping[str, Article], settings: FuseSettings
) -> Iterator[_FusionBatch]:
    """Stories with their statements, in batches of about `FUSION_BATCH_STATEMENTS`."""
    batch = _FusionBatch()
    for story in stories:
        members = {article_id: articles[article_id] for article_id in story.article_ids}
        extraction = extract_stories([story], members)[story.story_id]
        statements = story_statements(story, members, extraction, settings)
        batch.articles.update(members)
        batch.extractions[story.story_id] = extraction
        batch.statements.append((story, statements))
        batch.size += len(statements)
        if batch.size >= FUSION_BATCH_STATEMENTS:
            yield batch
            batch = _FusionBatch()
    if batch.statements:
        yield batch


def _article_id(article: Article) -> str:
    return article.id


def _story_id(brief: Brief) -> str:
    return brief.story_id


def _lap(timings: dict[str, float], stage: str, started: float) -> float:
    """Record the seconds since `started` under `stage`; return now, the next stage's start."""
    now = time.perf_counter()
    timings[stage] = now - started
    return now


def stream_clean(
    inputs: Iterable[str | Path], settings: Settings, tally: ReadTally
) -> Iterator[Article]:
    """Read and clean as a stream: unique ids, cleaned a chunk at a time so outlet
    boilerplate is learned as articles arrive (what `run` and `ingest` both read)."""
    boilerplate = BoilerplateIndex(settings=settings.clean)
    for chunk in chunks(unique_articles(read_counted(inputs, settings, tally), tally), CLEAN_CHUNK):
        boilerplate.observe(chunk)
        for article in chunk:
            yield clean(article, settings=settings.clean, boilerplate=boilerplate)


def read_counted(
    inputs: Iterable[str | Path], settings: Settings, tally: ReadTally
) -> Iterator[ReadItem]:
    for item in iter_input_files(inputs):
        tally.inputs += 1
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, settings=settings.read)


def unique_articles(
    items: Iterable[Article | Skip | ReadWarning], tally: ReadTally
) -> Iterator[Article]:
    """Articles with unique ids: an exact repeat is a recorded skip, a clash is renamed."""
    seen: dict[str, Article] = {}
    for item in items:
        if isinstance(item, Skip):
            tally.skipped.append(item)
            logger.warning("skipped %s: %s (%s)", item.input, item.reason.value, item.detail)
        elif isinstance(item, ReadWarning):
            tally.warnings.append(item)
        elif item.id in seen and seen[item.id].text == item.text:
            tally.skipped.append(
                Skip(
                    item.origin,
                    SkipReason.DUPLICATE,
                    f"same id {item.id!r} and text as {seen[item.id].origin}",
                )
            )
        else:
            yield _renamed_if_taken(item, seen, tally)


def _renamed_if_taken(article: Article, seen: dict[str, Article], tally: ReadTally) -> Article:
    if article.id in seen:
        number = 2
        while f"{article.id}~{number}" in seen:
            number += 1
        new_id = f"{article.id}~{number}"
        tally.warnings.append(
            ReadWarning(
                article.origin,
                "renamed_id",
                f"id {article.id!r} already used by {seen[article.id].origin}; renamed {new_id!r}",
            )
        )
        article = replace(article, id=new_id)
    seen[article.id] = article
    return article


def chunks(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_outputs(result: RunResult, out: Path) -> None:
    """Write articles.jsonl, families.jsonl, stories.jsonl, storylines.jsonl,
    briefs/<story_id>.{json,md,html}, index.html and report.json.

    Each file is written to a temporary name and renamed, so an interrupted run never
    leaves a half-written file under the final name.
    """
    story_of = {
        article_id: story.story_id for story in result.stories for article_id in story.article_ids
    }
    try:
        (out / "briefs").mkdir(parents=True, exist_ok=True)
        for folder in (out, out / "briefs"):
            remove_stale_temporaries(folder)  # left by a run killed while writing
        write_jsonl(
            out / "articles.jsonl",
            (article_to_dict(a, story_id=story_of.get(a.id)) for a in result.articles),
        )
        write_jsonl(out / "families.jsonl", (family_to_dict(f) for f in result.families))
        write_jsonl(out / "stories.jsonl", (story_to_dict(story) for story in result.stories))
        write_jsonl(
            out / "storylines.jsonl", (storyline_to_dict(line) for line in result.storylines)
        )
        for brief in result.briefs:
            write_brief_files(out, brief)
        write_report(out, result.report)
        write_html_outputs(result.briefs, result.article_lookup(), out)
    except OSError as exc:
        raise StoreError(f"cannot write outputs to {out}: {exc.strerror or exc}") from exc


def _dumps(data: Any, *, indent: int | None = None) -> str:
    return json.dumps(data, ensure_ascii=False, indent=indent)


def write_jsonl(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """One JSON object a line, streamed to a temporary file and renamed into place."""
    write_lines_atomic(path, (_dumps(row) + "\n" for row in rows))


def write_brief_files(out: Path, brief: Brief, *, html: str | None = None) -> None:
    """`briefs/<story_id>.json` and `.md`, and `.html` when it was rendered elsewhere (the
    Spark runner renders it where the story's articles are), each atomically."""
    name = brief_page_name(brief.story_id)
    stem = out / "briefs" / name.removesuffix(".html")
    write_text_atomic(stem.with_name(stem.name + ".json"), _dumps(brief_to_dict(brief), indent=2))
    write_text_atomic(stem.with_name(stem.name + ".md"), render_markdown(brief))
    if html is not None:
        write_text_atomic(out / "briefs" / name, html)


def write_report(out: Path, report: RunReport) -> None:
    """`report.json`."""
    write_text_atomic(out / "report.json", _dumps(report_to_dict(report), indent=2))
