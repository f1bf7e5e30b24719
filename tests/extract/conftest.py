"""Fixtures for extraction tests: the spaCy model loads once per test session."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.config import Settings
from newsfuse.extract import Extractor, default_extractor, extract_story
from newsfuse.model import Article, ArticleAnnotations, StoryExtraction
from newsfuse.runners.extract import annotate_inputs
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return default_extractor()


@pytest.fixture(scope="session")
def seeds_annotated(extractor: Extractor) -> dict[str, Article]:
    """The five seeds, cleaned and annotated, by id."""
    articles, _ = annotate_inputs([SEEDS], settings=Settings(), extractor=extractor)
    return {article.id: article for article in articles}


@pytest.fixture(scope="session")
def seeds_story(seeds_annotated: dict[str, Article]) -> StoryExtraction:
    return extract_story([a.annotations for a in seeds_annotated.values() if a.annotations])


def annotate(
    extractor: Extractor, text: str, published: dt.date | None = dt.date(2025, 6, 1)
) -> ArticleAnnotations:
    """Annotations of one made-up article (plain text, not cleaned)."""
    return extractor(Article(id="t", text=text, origin="test", published=published))
