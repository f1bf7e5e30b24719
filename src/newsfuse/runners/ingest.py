"""Incremental ingest: new articles into a store, and only the stories they change re-fused.

The store is the state. An ingest (1) reads and cleans its inputs exactly as `newsfuse run`
does, (2) annotates and commits the articles not yet stored, a batch per transaction
(keyed by id, `ON CONFLICT DO NOTHING`), then (3) `update_stories`: families are
recomputed over every stored article, and stories in publication order, the story stream
resumed where the last update left it (`GroupingState`: the stream before the last day it
saw) when every article stored since is of that day or later, so a batch of new articles
regroups its own days only, into the stories a grouping of every article would make.
Each story keeps the id of the stored story it shares most articles with (`keep_story_ids`:
links stay valid when a back-dated article becomes a story's first, issue 6), a stored
story merged into another is recorded as its alias, and only stories whose members,
families or settings changed are fused again, each written with its brief in one
transaction.

Why a SIGKILL at any point loses and duplicates nothing: articles are written once by id,
in whole batches, and a rerun cleans its inputs identically and skips the stored ones;
the stories are a function of the stored articles (the saved stream state is replaced
only at the end of an update, just before the stories are marked current), compared by
digest and written per story; `store_state` says whether they are stale, so a rerun that
finds no new article still finishes the story work an interrupted run left undone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.brief import write_brief
from newsfuse.cluster import GroupingState, group_stories_from
from newsfuse.cluster.embed import Embedder
from newsfuse.config import Settings
from newsfuse.dedupe import dedupe
from newsfuse.extract import Extractor, annotate_articles, extract_story
from newsfuse.fuse import fuse_story
from newsfuse.ids import stable_id
from newsfuse.model import Article, ReadWarning, RemovalReason, RunReport, Story
from newsfuse.render.json import report_to_dict, story_to_dict, to_jsonable
from newsfuse.runners.local import (
    ProgressHook,
    ReadTally,
    RunResult,
    chunks,
    stage_embedders,
    stream_clean,
)
from newsfuse.store import ArticleFamily, Store, content_hash
from newsfuse.storylines import link_storylines

__all__ = [
    "ARTICLE_BATCH",
    "IngestResult",
    "StoryUpdate",
    "ingest",
    "keep_story_ids",
    "store_result",
    "story_digest",
    "update_stories",
]

logger = logging.getLogger(__name__)

# Articles annotated and committed per transaction. An interrupted ingest redoes at most
# one batch; 100 keeps a commit under a second or two of extraction on 2 cores while the
# per-transaction cost (one fsync in WAL mode) stays negligible.
ARTICLE_BATCH = 100


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What `update_stories` did: stories fused again (new or changed) and removed."""

    stories: int = 0
    families: int = 0
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    skipped: bool = False  # stories were already current: nothing was computed
    # Grouping resumed from the day before this one, the day the last update's stream
    # ended on (None: it grouped every stored article).
    resumed_from: dt.date | None = None


@dataclass(frozen=True, slots=True)
class IngestResult:
    run_id: int
    report: RunReport
    new_articles: int
    update: StoryUpdate
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


def ingest(
    inputs: Iterable[str | Path],
    store: Store,
    *,
    settings: Settings | None = None,
    progress: ProgressHook | None = None,
    extractor: Extractor | None = None,
    embedder: Embedder | None = None,
    batch_size: int = ARTICLE_BATCH,
    command: str = "ingest",
) -> IngestResult:
    """Add the new articles of `inputs` to `store`, bring its stories up to date and
    record the run; running it again on the same inputs changes nothing."""
    settings = settings or Settings()
    started = time.perf_counter()
    run_id = store.start_run(command)
    tally = ReadTally(0, [], [])
    removals: Counter[RemovalReason] = Counter()
    read_count = new = 0
    # 1. Read and clean, a chunk at a time as `newsfuse run` does: a rerun cleans every
    # article exactly as the interrupted run did. 2. Annotate and store the new ones.
    for batch in chunks(stream_clean(inputs, settings, tally), batch_size):
        read_count += len(batch)
        removals.update(removal.reason for article in batch for removal in article.removals)
        fresh = _not_stored(store, batch, tally)
        if fresh:
            new += store.add_articles(annotate_articles(fresh, extractor=extractor))
        if progress:
            progress("store", read_count)
    stored_at = time.perf_counter()
    # 3. Families and stories over everything stored; only changed stories are fused.
    update = update_stories(store, settings=settings, embedder=embedder, progress=progress)
    report = RunReport(
        inputs=tally.inputs,
        articles=read_count,
        skipped=tuple(tally.skipped),
        warnings=tuple(tally.warnings),
        removals=tuple(sorted(removals.items(), key=lambda i: list(RemovalReason).index(i[0]))),
        stories=update.stories,
        families=update.families,
    )
    seconds = time.perf_counter() - started
    timings = {"articles": stored_at - started, "stories": seconds - (stored_at - started)}
    store.finish_run(run_id, _run_record(report, new, update, timings))
    return IngestResult(run_id, report, new, update, seconds, timings)


def update_stories(
    store: Store,
    *,
    settings: Settings | None = None,
    embedder: Embedder | None = None,
    progress: ProgressHook | None = None,
) -> StoryUpdate:
    """Recompute families over every stored article and the stories (resuming the story
    stream where the last update left it, where it can) and write the ones that changed;
    does nothing when no article arrived since the last update."""
    settings = settings or Settings()
    with store.writer_lock():
        versions = store.state()
        if versions.articles_version == versions.stories_version:
            counts = store.counts()
            return StoryUpdate(counts.stories, counts.families, skipped=True)
        loaded = store.load_articles()
        stored = [s.article for s in loaded]
        # 1. Families, written where they changed.
        deduped = dedupe(stored, settings=settings.dedupe)
        store.write_families(deduped.families, _family_changes(stored, deduped.articles))
        articles = deduped.articles
        # 2. Stories: the stream again from where the last update left it (the day before
        # its last day) when every new article is of that day or later, else from the
        # start; lead embeddings kept in the store; each story under the id of the stored
        # story it continues.
        embedder, sentence_embedder = stage_embedders(settings, embedder)
        leads = _StoredLeads(embedder, store) if settings.group.embeddings else None
        key = _grouping_key(settings, embedder if settings.group.embeddings else None)
        resume = _resumable(store.grouping_state(), key, stored)
        streamed = (
            articles
            if resume is None
            else [a for a in articles if not a.published_date or a.published_date >= resume.day]
        )
        grouped, state = group_stories_from(
            streamed,
            {article.id: article for article in articles},
            settings=settings.group,
            embedder=leads,
            resume=resume,
            key=key,
            covered=len(stored),
        )
        if leads is not None:
            leads.save()
        previous = {s.article.id: s.story_id for s in loaded if s.story_id is not None}
        stories = keep_story_ids(grouped, previous)
        # 3. Aliases for the stories merged away, written first: a run interrupted after
        # the merged story is written finds no member left pointing at the old one.
        removed = tuple(sorted(set(store.story_digests()) - {s.story_id for s in stories}))
        store.add_story_aliases(_successors(removed, stories, previous))
        # 4. Fuse and brief the stories whose digest changed; drop the ones gone.
        by_id = {article.id: article for article in articles}
        changed = _write_changed(store, stories, by_id, settings, sentence_embedder, progress)
        store.delete_stories(removed)
        # 5. Storylines over every story, from the briefs now stored.
        storylines = link_storylines(
            stories,
            store.stored_briefs(),
            {article.id: article.published_date for article in articles},
            settings=settings.storylines,
        )
        store.write_storylines(storylines)
        store.save_grouping_state(state)
        store.mark_stories_current(versions.articles_version)
    resumed_from = resume.day if resume is not None else None
    return StoryUpdate(len(stories), len(deduped.families), changed, removed, False, resumed_from)


def keep_story_ids(stories: Sequence[Story], previous: Mapping[str, str]) -> list[Story]:
    """`stories` with each one that continues a stored story under that story's id, so
    links to it stay valid (issue 6). `previous` gives the stored story of each stored
    article. Pairs (story, stored id) go by articles shared, most first (ties: the smaller
    stored id, then the smaller story id), each stored id to one story; the others keep
    the id hashed from their first article, unless a stored id given away is that id."""
    shared = Counter(
        (previous[article_id], index)
        for index, story in enumerate(stories)
        for article_id in story.article_ids
        if article_id in previous
    )
    pairs = sorted(shared.items(), key=lambda i: (-i[1], i[0][0], stories[i[0][1]].story_id))
    ids: dict[int, str] = {}
    taken: set[str] = set()
    for (stored_id, index), _ in pairs:
        if index not in ids and stored_id not in taken:
            ids[index] = stored_id
            taken.add(stored_id)
    kept = []
    used = set(taken)
    for index, story in enumerate(stories):
        story_id = ids.get(index, story.story_id)
        while index not in ids and story_id in used:
            # Its first article's stored story went on under another story: hash its id
            # with all its members until no other story has it (its own id alone may be
            # that hash: a story of one article is named by that article).
            story_id = "s" + stable_id(story_id, *story.article_ids)
        used.add(story_id)
        kept.append(story if story_id == story.story_id else replace(story, story_id=story_id))
    return kept


def store_result(
    result: RunResult, store: Store, *, settings: Settings | None = None, command: str = "run"
) -> StoryUpdate:
    """Write what `run_pipeline` made into `store` (`newsfuse run --db`). Into an empty
    store its families, stories and briefs go as they are, as `update_stories` would have
    computed them; otherwise the new articles are added and the stories brought up to date."""
    settings = settings or Settings()
    run_id = store.start_run(command)
    new = store.add_articles(result.articles)
    state = store.state()
    if new == len(result.articles) and state.articles_version == 1:
        # Only this run's articles are stored: its stories are the store's stories. The
        # writer lock keeps a serving process's updater from rewriting them meanwhile.
        by_id = result.article_lookup()
        with store.writer_lock():
            store.write_families(
                result.families,
                {a.id: ArticleFamily(a.family, a.voice, a.family_match) for a in result.articles},
            )
            for story, brief in zip(result.stories, result.briefs, strict=True):
                members = [by_id[article_id] for article_id in story.article_ids]
                digest = story_digest(story, by_id, settings)
                store.write_story(story, brief, members, digest=digest)
            store.write_storylines(result.storylines)
            store.mark_stories_current(state.articles_version)
        update = StoryUpdate(
            len(result.stories),
            len(result.families),
            tuple(story.story_id for story in result.stories),
        )
    else:
        update = update_stories(store, settings=settings)
    store.finish_run(run_id, _run_record(result.report, new, update, {}))
    return update


def story_digest(story: Story, articles: Mapping[str, Article], settings: Settings) -> str:
    """Hash of everything a story's brief is built from: its members and why they joined,
    their families and voices, the fusion settings and the newsfuse version."""
    members = [articles[article_id] for article_id in story.article_ids]
    basis = {
        "story": story_to_dict(story),
        "members": [[a.id, a.family, a.voice] for a in members],
        "fuse": to_jsonable(settings.fuse),
        "version": _version(),
    }
    text = json.dumps(basis, sort_keys=True, ensure_ascii=False)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _write_changed(
    store: Store,
    stories: Sequence[Story],
    by_id: Mapping[str, Article],
    settings: Settings,
    embedder: Embedder,
    progress: ProgressHook | None,
) -> tuple[str, ...]:
    digests = store.story_digests()
    encode = embedder.encode if settings.fuse.embeddings else None
    changed = []
    for story in stories:
        digest = story_digest(story, by_id, settings)
        if digests.get(story.story_id) == digest:
            continue
        members = [by_id[article_id] for article_id in story.article_ids]
        extraction = extract_story([a.annotations for a in members if a.annotations is not None])
        fusion = fuse_story(story, by_id, extraction, encode=encode, settings=settings.fuse)
        brief = write_brief(
            story, by_id, extraction=extraction, fusion=fusion, settings=settings.fuse
        )
        store.write_story(story, brief, members, digest=digest)
        changed.append(story.story_id)
        if progress:
            progress("fuse", len(changed))
    return tuple(changed)


def _successors(
    removed: Sequence[str], stories: Sequence[Story], previous: Mapping[str, str]
) -> dict[str, str]:
    """The story each removed stored story merged into: the one now holding most of its
    articles (ties: the smaller id); a removed story with none left has no successor."""
    holders: dict[str, Counter[str]] = {story_id: Counter() for story_id in removed}
    for story in stories:
        for article_id in story.article_ids:
            if previous.get(article_id) in holders:
                holders[previous[article_id]][story.story_id] += 1
    return {
        old: min(counts, key=lambda story_id: (-counts[story_id], story_id))
        for old, counts in holders.items()
        if counts
    }


def _not_stored(store: Store, batch: Sequence[Article], tally: ReadTally) -> list[Article]:
    """The articles of `batch` not in the store; an id stored with other text is kept as
    stored, and the clash reported."""
    hashes = store.stored_hashes(article.id for article in batch)
    for article in batch:
        if article.id in hashes and hashes[article.id] != content_hash(article):
            tally.warnings.append(
                ReadWarning(
                    article.origin,
                    "id_taken",
                    f"id {article.id!r} is already stored with other text; kept the stored one",
                )
            )
    return [article for article in batch if article.id not in hashes]


def _grouping_key(settings: Settings, embedder: Embedder | None) -> str:
    """What a saved grouping state must have been made under to be resumed."""
    basis = {
        "group": to_jsonable(settings.group),
        "embedder": embedder.name if embedder is not None else None,
        "version": _version(),
    }
    return hashlib.sha1(json.dumps(basis, sort_keys=True).encode("utf-8")).hexdigest()


def _resumable(
    state: GroupingState | None, key: str, stored: Sequence[Article]
) -> GroupingState | None:
    """`state` where grouping may resume from it and end where a grouping of every article
    would: made under the same settings, and every article stored since dated on its day or
    later (or undated). Families and voices may change (a copy arriving later joins an
    older article's family): grouping does not read them, the briefs' digests do."""
    if state is None or state.key != key or state.articles > len(stored):
        return None
    since = stored[state.articles :]
    if any(a.published_date is not None and a.published_date < state.day for a in since):
        return None
    return state


def _family_changes(
    before: Sequence[Article], after: Sequence[Article]
) -> dict[str, ArticleFamily]:
    return {
        new.id: ArticleFamily(new.family, new.voice, new.family_match)
        for old, new in zip(before, after, strict=True)
        if (old.family, old.voice, old.family_match) != (new.family, new.voice, new.family_match)
    }


class _StoredLeads:
    """Lead embeddings looked up in the store by hash of the model and the lead text; only
    leads never seen run the model, so re-grouping stored articles costs no embedding time."""

    def __init__(self, model: Embedder, store: Store) -> None:
        self._inner = model
        self.name = model.name
        self.dimensions = model.dimensions
        self._store = store
        self._known = store.load_embeddings()
        self._new: dict[str, npt.NDArray[np.float32]] = {}
        # MiniLM's keys are the text's hash alone (as stored before there was a choice, in
        # float32; bfloat16's cosines are within 0.003 of those); another model's vectors
        # are kept under keys of their own.
        self._prefix = "" if model.name.startswith("minilm") else f"{model.name}\0"

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        keys = [hashlib.sha1((self._prefix + text).encode("utf-8")).hexdigest() for text in texts]
        missing = [index for index, key in enumerate(keys) if key not in self._known]
        if missing:
            vectors = self._inner.encode([texts[index] for index in missing])
            for index, vector in zip(missing, vectors, strict=True):
                self._known[keys[index]] = self._new[keys[index]] = vector
        if not keys:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._known[key] for key in keys])

    def save(self) -> None:
        if self._new:
            self._store.add_embeddings(self._new)
            self._new = {}


def _run_record(
    report: RunReport, new: int, update: StoryUpdate, timings: Mapping[str, float]
) -> dict[str, Any]:
    warning_kinds = Counter(warning.kind for warning in report.warnings)
    return {
        **report_to_dict(report),
        "warnings_by_kind": dict(sorted(warning_kinds.items())),
        "new_articles": new,
        "stories_changed": len(update.changed),
        "stories_removed": len(update.removed),
        "seconds": {stage: round(value, 3) for stage, value in timings.items()},
    }


def _version() -> str:
    try:
        return version("newsfuse")
    except PackageNotFoundError:  # running from a source tree without an install
        return "unknown"
