"""The seeds run through every stage once per test session (models loaded once), and a
run on a few gva-dev articles."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

import pytest

from newsfuse.cluster import LeadEmbedder
from newsfuse.config import Settings
from newsfuse.extract import default_extractor
from newsfuse.model import Brief
from newsfuse.runners.local import RunResult, run_pipeline
from tests.conftest import SEEDS, shared_data


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


def run_gva_articles(tmp_path: Path, settings: Settings, ids: Collection[str]) -> RunResult:
    """`newsfuse run` on the gva-dev articles of `ids` alone."""
    records = [
        line
        for line in (shared_data("gva-dev") / "articles.jsonl").read_text().splitlines()
        if json.loads(line)["id"] in ids
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(records) + "\n", encoding="utf-8")
    return run_pipeline([path], settings=settings, extractor=default_extractor())
