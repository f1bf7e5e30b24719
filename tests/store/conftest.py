"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server (the
throwaway server of tests/conftest.py; its tests skip, saying why, only where none starts)."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import Store, StoreCounts, open_store
from tests.conftest import SEEDS, shared_data

# ECB+ dev topic 11, Turkmenistan's parliamentary election (see tests/store/test_story_ids.py):
# the first and last alone are two stories, the bridge joins them into one.
TURNOUT, BRIDGE, CRITICS = "11_11ecb", "11_3ecb", "11_6ecb"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store, once per database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    make: Callable[[], str] = request.getfixturevalue("new_database")
    return make()


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    with open_store(store_url) as opened:
        yield opened


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def store_content(store: Store) -> dict[str, Any]:
    """Everything ingest computes, by id (insertion order and timestamps left out)."""
    articles = {a.article.id: (a.article, a.story_id) for a in store.load_articles()}
    stories = {
        summary.story_id: store.get_story(summary.story_id)
        for summary in store.list_stories(limit=10_000)
    }
    counts = store.counts()
    return {
        "articles": articles,
        "stories": {
            story_id: (story.summary, story.story, story.brief)
            for story_id, story in stories.items()
            if story is not None
        },
        "digests": store.story_digests(),
        "counts": (counts.articles, counts.stories, counts.briefs, counts.families),
    }


def ecb_articles(folder: Path, *ids: str) -> Path:
    """A JSONL file of the ECB+ dev articles `ids`, as they are in the public set."""
    wanted = set(ids)
    lines = shared_data("ecbplus-dev", "ecbplus-dev.jsonl").read_text(encoding="utf-8")
    kept = [line for line in lines.splitlines() if json.loads(line)["id"] in wanted]
    assert len(kept) == len(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{'-'.join(ids)}.jsonl"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def merged_store(store: Store, settings: Settings, folder: Path) -> tuple[str, str]:
    """Two stories, then the article that joins them: (the retired id, the surviving id)."""
    ingest([ecb_articles(folder / "first", TURNOUT, CRITICS)], store, settings=settings)
    before = sorted(s.story_id for s in store.list_stories())
    assert len(before) == 2
    ingest([ecb_articles(folder / "bridge", BRIDGE)], store, settings=settings)
    [after] = store.list_stories()
    assert after.article_count == 3
    # Each old story shares one article with the merged one: the smaller id goes on.
    assert after.story_id == before[0]
    return before[1], before[0]


def kill_when(
    command: list[str], ready: Callable[[], bool], *, timeout: float = 300, poll: float = 0.01
) -> StoreCounts | None:
    """Start `command` (a `newsfuse` command line with `--db URL`), SIGKILL it once `ready()`
    holds; the store's counts right after the kill (None if it ended first)."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while process.poll() is None and time.monotonic() < deadline:
            if ready():
                process.send_signal(signal.SIGKILL)
                process.wait()
                with open_store(command[command.index("--db") + 1]) as store:
                    return store.counts()
            time.sleep(poll)
        return None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
