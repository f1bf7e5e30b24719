"""One embedding model per test session, and the seeds cleaned once."""

from __future__ import annotations

import pytest

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.cluster import LeadEmbedder
from newsfuse.config import CleanSettings
from newsfuse.model import Article


@pytest.fixture(scope="session")
def embedder() -> LeadEmbedder:
    return LeadEmbedder()


@pytest.fixture(scope="session")
def clean_seeds(seed_articles: dict[str, Article]) -> list[Article]:
    settings = CleanSettings()
    index = BoilerplateIndex(settings=settings)
    index.observe(list(seed_articles.values()))
    return [
        clean(article, settings=settings, boilerplate=index)
        for article in sorted(seed_articles.values(), key=lambda a: a.id)
    ]
