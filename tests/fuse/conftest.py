"""The seeds run through every stage once per test session (models loaded once)."""

from __future__ import annotations

import pytest

from newsfuse.cluster import LeadEmbedder
from newsfuse.extract import default_extractor
from newsfuse.model import Brief
from newsfuse.runners.local import RunResult, run_pipeline
from tests.conftest import SEEDS


@pytest.fixture(scope="session")
def fuse_embedder() -> LeadEmbedder:
    return LeadEmbedder()


@pytest.fixture(scope="session")
def seeds_run(fuse_embedder: LeadEmbedder) -> RunResult:
    return run_pipeline([SEEDS], extractor=default_extractor(), embedder=fuse_embedder)


@pytest.fixture(scope="session")
def seeds_brief(seeds_run: RunResult) -> Brief:
    (brief,) = seeds_run.briefs
    return brief
