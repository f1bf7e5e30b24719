"""Shared fixtures: the bundled seeds, and the public data in ../shared/data where present."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.config import ReadSettings
from newsfuse.model import Article
from newsfuse.read import read

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
TEST_DATA = REPO / "tests" / "data"
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the test with a reason where it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent (public development data; present in CI, not in a fresh clone)"
        )
    return path


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    """The five bundled seeds, read (not cleaned), by id."""
    return {
        item.id: item
        for item in read([SEEDS], settings=ReadSettings())
        if isinstance(item, Article)
    }
