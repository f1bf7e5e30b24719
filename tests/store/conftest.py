"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server (the
throwaway server of tests/conftest.py; its tests skip, saying why, only where none starts)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.store import Store, open_store
from tests.conftest import SEEDS


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
