"""The front door's queue (issue 19): a posted article is committed as posted, then stored
by the worker exactly once; what cannot be stored is a recorded skip that does not hold up
the queue; a worker killed at any point resumes to the store an uninterrupted one makes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.extract import Extractor, Timings
from newsfuse.model import Article, ArticleAnnotations
from newsfuse.read.jsonl import parse_published
from newsfuse.runners.intake import drain_queue, work_once
from newsfuse.store import Store, open_store
from tests.conftest import shared_data
from tests.store.conftest import kill_when, store_content

# Every 16th ECB+ dev article (49), 4 per batch: 13 transactions of articles to kill between.
STRIDE = 16
BATCH = 4
_RUN_TIMEOUT_S = 300


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def posted(seed_articles: dict[str, Article]) -> list[Article]:
    """The seeds as the API hands them to the store: raw, uncleaned, unannotated."""
    return [replace(article, origin="api") for article in seed_articles.values()]


def test_queued_articles_are_stored_once_then_grouped(
    store: Store, seed_articles: dict[str, Article], settings: Settings, extractor: Extractor
) -> None:
    articles = posted(seed_articles)
    ids = [article.id for article in articles]
    first = store.enqueue_articles(articles[:3])
    assert (first.queued, first.already_queued, first.already_stored) == (tuple(ids[:3]), (), ())
    second = store.enqueue_articles(articles)
    assert (second.queued, second.already_queued) == (tuple(ids[3:]), tuple(ids[:3]))
    assert {s.state for s in store.intake_states(ids).values()} == {"queued"}
    assert (store.counts().queued, store.counts().articles) == (5, 0)

    result = work_once(store, settings=settings, extractor=extractor)

    assert (result.drained.stored, result.drained.skipped) == (5, ())
    counts = store.counts()
    assert (counts.queued, counts.articles, counts.stale) == (0, 5, False)
    states = store.intake_states(ids)
    assert {s.state for s in states.values()} == {"stored"}
    # The five seeds report one event: one story, which each state names.
    assert len({s.story_id for s in states.values()}) == 1
    assert None not in {s.story_id for s in states.values()}
    stored = {a.article.id: a.article for a in store.load_articles()}
    assert all(a.annotations is not None and a.clean_text for a in stored.values())
    again = store.enqueue_articles(articles)
    assert (again.queued, again.already_stored) == ((), tuple(ids))
    assert store.intake_states(["never-posted"])["never-posted"].state == "unknown"


def test_an_unreadable_queued_record_is_skipped_with_its_reason(
    store: Store, seed_articles: dict[str, Article], settings: Settings, extractor: Extractor
) -> None:
    # A row an older or newer newsfuse wrote in a shape this one cannot read.
    store._db.execute(
        "INSERT INTO intake_queue (id, record, received_at) VALUES (?, ?, ?)",
        ("broken", json.dumps({"id": "broken", "words": 3}), "2026-12-06T00:00:00+00:00"),
    )
    [article, *_] = posted(seed_articles)
    store.enqueue_articles([article])

    drained = drain_queue(store, settings=settings, extractor=extractor)

    assert drained.stored == 1
    [skip] = drained.skipped
    assert (skip.article_id, skip.reason) == ("broken", "unreadable")
    state = store.intake_states(["broken", article.id])
    assert (state["broken"].state, state["broken"].reason) == ("skipped", "unreadable")
    assert "Article" in (state["broken"].detail or "")
    assert state[article.id].state == "stored"
    assert store.counts().queued == 0


class _FailsOn(Extractor):
    """spaCy's pipeline, failing (as a model bug would) on any article whose text holds
    `marker`: a whole batch fails, then the worker retries it article by article."""

    def __init__(self, marker: str) -> None:
        super().__init__()
        self.marker = marker

    def extract_many(
        self, articles: Iterable[Article], *, timings: Timings | None = None
    ) -> Iterator[ArticleAnnotations]:
        batch = list(articles)
        if any(self.marker in article.text for article in batch):
            raise RuntimeError(f"cannot annotate text holding {self.marker!r}")
        return super().extract_many(batch, timings=timings)


def test_an_article_the_model_fails_on_is_skipped_alone(
    store: Store, seed_articles: dict[str, Article], settings: Settings
) -> None:
    articles = posted(seed_articles)
    poisoned = replace(articles[0], text=articles[0].text + "\n\nPOISON PARAGRAPH")
    store.enqueue_articles([poisoned, *articles[1:]])

    drained = drain_queue(store, settings=settings, extractor=_FailsOn("POISON"))

    assert drained.stored == 4
    [skip] = drained.skipped
    assert skip.article_id == poisoned.id
    assert "cannot annotate" in skip.detail
    assert store.intake_states([poisoned.id])[poisoned.id].state == "skipped"
    # Posted again (fixed), it is queued and stored; the skip is forgotten.
    store.enqueue_articles([articles[0]])
    drain_queue(store, settings=settings, extractor=Extractor())
    assert store.intake_states([poisoned.id])[poisoned.id].state == "stored"


def _ecb_posted() -> list[Article]:
    lines = shared_data("ecbplus-dev", "ecbplus-dev.jsonl").read_text(encoding="utf-8")
    records = [json.loads(line) for line in lines.splitlines()[::STRIDE]]
    return [
        Article(
            id=record["id"],
            text=record["text"],
            origin="api",
            title=record.get("title"),
            published=parse_published(record.get("published")),
            source=record.get("source"),
        )
        for record in records
    ]


@pytest.mark.shared_data
def test_a_killed_worker_resumes_to_the_store_an_uninterrupted_one_makes(
    tmp_path: Path, settings: Settings, settings_file: Path
) -> None:
    articles = _ecb_posted()
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    killed = f"sqlite:///{tmp_path / 'killed.db'}"
    for url in (reference, killed):
        with open_store(url) as store:
            store.enqueue_articles(articles)
    command = [sys.executable, "-m", "newsfuse.cli", "work", "--once", "--quiet"]
    command += ["--config", str(settings_file), "--batch-size", str(BATCH)]
    subprocess.run([*command, "--db", reference], check=True, timeout=_RUN_TIMEOUT_S)
    with open_store(killed) as watcher:
        # Killed between two batches' commits, then once every article is in (during the
        # story update); then run to the end.
        at = kill_when([*command, "--db", killed], lambda: watcher.counts().articles > 0)
        assert at is not None
        assert 0 < at.articles < len(articles)
        assert at.articles + at.queued == len(articles)  # nothing lost, nothing in twice
        during = kill_when([*command, "--db", killed], lambda: watcher.counts().queued == 0)
        assert during is not None  # killed once every article was in, before stories caught up
        assert (during.queued, during.articles) == (0, len(articles))
        subprocess.run([*command, "--db", killed], check=True, timeout=_RUN_TIMEOUT_S)
        with open_store(reference) as uninterrupted:
            assert store_content(watcher) == store_content(uninterrupted)
        assert watcher.counts().queued == 0
