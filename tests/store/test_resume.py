"""Kill `newsfuse ingest` with SIGKILL mid-run, run it again, and get the same store as an
ingest that was never interrupted: nothing lost, nothing duplicated (issue 6)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import open_store
from tests.conftest import shared_data
from tests.store.conftest import kill_when, store_content

# ECB+ articles ingested (its first topics); small batches so kills land between commits.
ARTICLES = 60
BATCH = 10
_RUN_TIMEOUT_S = 120


@pytest.fixture(scope="module")
def ecb_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = shared_data("ecbplus-dev", "ecbplus-dev.jsonl")
    path = tmp_path_factory.mktemp("ecb") / "ecb.jsonl"
    with source.open(encoding="utf-8") as lines:
        path.write_text("".join(next(lines) for _ in range(ARTICLES)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(
    ecb_input: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The store's content after one ingest that ran to the end."""
    url = str(tmp_path_factory.mktemp("reference") / "reference.db")
    with open_store(url) as store:
        ingest([ecb_input], store, settings=settings, batch_size=BATCH)
        return store_content(store)


@pytest.mark.shared_data
def test_killed_ingest_resumes_to_the_uninterrupted_store(
    store_url: str, ecb_input: Path, settings_file: Path, uninterrupted: dict[str, Any]
) -> None:
    command = [sys.executable, "-m", "newsfuse.cli", "ingest", str(ecb_input)]
    command += ["--db", store_url, "--config", str(settings_file), "--quiet"]
    command += ["--batch-size", str(BATCH)]
    with open_store(store_url) as watcher:
        # 1. Killed while articles are being committed (some batches in, not all).
        at = kill_when(
            command,
            lambda: 0 < watcher.counts().articles < ARTICLES,
            timeout=_RUN_TIMEOUT_S,
            poll=0.05,
        )
        assert at is not None
        assert 0 < at.articles < ARTICLES
        # 2. Killed as soon as every article is in: during the story update, or before it.
        kill_when(
            command,
            lambda: watcher.counts().articles == ARTICLES,
            timeout=_RUN_TIMEOUT_S,
            poll=0.05,
        )
        # 3. Run to the end.
        subprocess.run(command, check=True, timeout=_RUN_TIMEOUT_S, capture_output=True)
        assert not watcher.counts().stale
        assert store_content(watcher) == uninterrupted
        runs = watcher.runs()
        assert runs[0].finished_at is not None
        assert [run.finished_at for run in runs[1:]] == [None, None]  # the two killed runs
