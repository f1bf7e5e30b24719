"""Crash safety of `newsfuse ingest` (issue 8): SIGKILLed at 20+ random points and resumed
it ends with the store an uninterrupted ingest makes, nothing lost and nothing duplicated;
a full disk and a read-only folder end it with a message naming the store (exit 3, no
traceback) and leave a store that passes `PRAGMA integrity_check` and that a rerun
completes.

Kill points: each run is SIGKILLed a random (seeded) delay after its first commit of
articles or of a story, or, one run in five, after it starts; every episode ends with an
uninterrupted rerun and is compared, table by table, with a never-interrupted ingest.
SQLite only: the kill points are the store's own commits, the same on both databases, and
test_resume.py kills PostgreSQL ingests too. For a longer run, raise NEWSFUSE_KILLS.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newsfuse.cli import main
from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import open_store
from tests.conftest import SEEDS, shared_data, without_root_override
from tests.store.conftest import store_content

KILLS = int(os.environ.get("NEWSFUSE_KILLS", "20"))
# Every 16th ECB+ article (49, from all its topics: ~37 stories, most of one article), 4 per
# transaction: 13 commits of articles, then 37 stories written one transaction each.
STRIDE = 16
BATCH = 4
SEED = 20250603
# A kill comes this long (uniformly drawn) after the run's first commit of articles, or of
# a story (they come faster), or, one time in five, after the run starts (while it imports,
# reads, loads spaCy or annotates).
_AFTER_ARTICLES_S = (0.0, 0.4)
_AFTER_STORY_S = (0.0, 0.1)
_AFTER_START_S = (0.0, 1.0)
_AT_RANDOM = 0.2
# Kills wanted in each phase, besides KILLS in all.
_PER_PHASE = 3
_POLL_S = 0.01
_RUN_TIMEOUT_S = 180
# The killed runs are forked from a server process that imported newsfuse once (`newsfuse
# ingest` in a fresh interpreter spends ~3 s importing spaCy and friends before it does
# anything): the same code as the console script, each run its own process, SIGKILLed.
_FORKS = multiprocessing.get_context("forkserver")
_FORKS.set_forkserver_preload(["newsfuse.cli", "newsfuse.runners.ingest"])
TABLES = ("articles", "families", "stories", "briefs", "facts", "story_entities", "runs")


@dataclass(frozen=True, slots=True)
class Kill:
    phase: str  # "before its first commit", "storing articles", "updating stories", "finishing"
    articles: int
    stories: int


@pytest.fixture(scope="module")
def ecb_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = shared_data("ecbplus-dev", "ecbplus-dev.jsonl")
    path = tmp_path_factory.mktemp("ecb") / "ecb.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[::STRIDE]), encoding="utf-8")
    return path


def _articles(ecb_input: Path) -> int:
    return len(ecb_input.read_text(encoding="utf-8").splitlines())


@pytest.fixture(scope="module")
def uninterrupted(
    ecb_input: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """The store's content (and its tables' row counts) after one uninterrupted ingest."""
    path = tmp_path_factory.mktemp("reference") / "reference.db"
    with open_store(str(path)) as store:
        ingest([ecb_input], store, settings=settings, batch_size=BATCH)
        content = store_content(store)
    return {"content": content, "rows": _rows(path)}


@pytest.mark.slow
@pytest.mark.shared_data
def test_random_sigkills_resume_to_the_uninterrupted_store(
    tmp_path: Path, ecb_input: Path, settings_file: Path, uninterrupted: dict[str, Any]
) -> None:
    rng = random.Random(SEED)
    kills: list[Kill] = []
    episode = 0
    articles = _articles(ecb_input)
    # Each episode kills one store's ingest until enough kills landed, then lets it run to
    # the end; another episode (a fresh store) only where a run ended by itself first.
    while not _enough(kills):
        path = tmp_path / f"episode-{episode}.db"
        command = _command(path, ecb_input, settings_file)
        landed = 0
        while not _enough(kills):
            kill = _kill_once(command, path, rng, articles)
            if kill is None:
                break  # it ran to the end
            kills.append(kill)
            landed += 1
        else:
            subprocess.run(command, check=True, capture_output=True, timeout=_RUN_TIMEOUT_S)
        assert _integrity(path) == "ok"
        with open_store(str(path)) as store:
            assert store_content(store) == uninterrupted["content"]
            runs = store.runs(limit=1_000)
        assert _rows(path) == {**uninterrupted["rows"], "runs": landed + 1}
        # One run recorded per start; the last one finished (a killed one may have, too, if
        # the kill came after its report was written).
        assert runs[0].finished_at is not None
        episode += 1
    phases = Counter(kill.phase for kill in kills)
    print(f"{len(kills)} kills in {episode} episode(s): {dict(phases)}")


def _enough(kills: list[Kill]) -> bool:
    phases = Counter(kill.phase for kill in kills)
    in_each = min(phases["storing articles"], phases["updating stories"])
    return len(kills) >= KILLS and in_each >= _PER_PHASE


@pytest.mark.shared_data
def test_full_disk_then_read_only_folder_are_clear_errors_and_a_rerun_completes(
    tmp_path: Path, ecb_input: Path, settings_file: Path, uninterrupted: dict[str, Any]
) -> None:
    folder = tmp_path / "stores"
    folder.mkdir()
    path = folder / "store.db"
    command = _command(path, ecb_input, settings_file)
    # 1. Files this ingest writes stop growing at 500 kB (RLIMIT_FSIZE; SIGXFSZ ignored, so
    # a write past it fails with EFBIG as on a full disk): past the ~310 kB of log that
    # migrating an empty store writes, a few batches fit, then not.
    full = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=_RUN_TIMEOUT_S,
        preexec_fn=_disk_of(500_000),
    )
    _assert_clear_error(full, path, "is the disk full")
    assert _integrity(path) == "ok"
    with open_store(str(path)) as store:
        assert 0 < store.counts().articles < _articles(ecb_input)
    # 2. The folder made read-only: SQLite cannot keep its -wal and -shm files beside it.
    folder.chmod(0o555)
    try:
        refused = subprocess.run(
            without_root_override(command), capture_output=True, text=True, timeout=_RUN_TIMEOUT_S
        )
    finally:
        folder.chmod(0o755)
    _assert_clear_error(refused, path, f"the folder {folder} must be writable")
    assert _integrity(path) == "ok"
    # 3. Room again: the rerun completes the store.
    subprocess.run(command, check=True, capture_output=True, timeout=_RUN_TIMEOUT_S)
    with open_store(str(path)) as store:
        assert store_content(store) == uninterrupted["content"]


def test_a_new_store_in_a_read_only_folder_is_a_clear_error(
    tmp_path: Path, settings_file: Path
) -> None:
    folder = tmp_path / "read-only"
    folder.mkdir(mode=0o555)
    path = folder / "store.db"
    command = _command(path, SEEDS, settings_file)
    refused = subprocess.run(
        without_root_override(command), capture_output=True, text=True, timeout=_RUN_TIMEOUT_S
    )
    _assert_clear_error(refused, path, f"the folder {folder} must be writable")
    assert list(folder.iterdir()) == []


def _assert_clear_error(done: subprocess.CompletedProcess[str], path: Path, hint: str) -> None:
    """Exit 3 with one line naming the store and what to check; no traceback."""
    assert done.returncode == 3, done.stderr
    assert str(path) in done.stderr
    assert hint in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("newsfuse: ")


def _command(path: Path, ecb_input: Path, settings_file: Path) -> list[str]:
    return [
        sys.executable, "-m", "newsfuse.cli", "ingest", str(ecb_input), "--db", str(path),
        "--config", str(settings_file), "--quiet", "--batch-size", str(BATCH),
    ]  # fmt: skip


def _kill_once(command: list[str], path: Path, rng: random.Random, articles: int) -> Kill | None:
    """Run `command` and SIGKILL it at a random point; None if it ended by itself first."""
    before = _progress(path)
    runs = _count(path, "runs")
    at_random = rng.random() < _AT_RANDOM
    process = _FORKS.Process(target=_ingest, args=(command[command.index("ingest") :],))
    process.start()
    try:
        if _wait(process, lambda: _count(path, "runs") > runs):
            if at_random:
                time.sleep(rng.uniform(*_AFTER_START_S))
            elif _wait(process, lambda: _progress(path) > before):
                stored_articles = _progress(path)[0] > before[0]
                time.sleep(rng.uniform(*(_AFTER_ARTICLES_S if stored_articles else _AFTER_STORY_S)))
    finally:
        process.kill()  # SIGKILL; nothing if it has ended
        process.join(_RUN_TIMEOUT_S)
    assert process.exitcode in (0, -signal.SIGKILL), process.exitcode
    return _kill_point(path, before, articles) if process.exitcode else None


def _ingest(argv: list[str]) -> None:
    """`newsfuse ingest` in a process forked from the fork server."""
    sys.exit(main(argv))


def _wait(process: multiprocessing.process.BaseProcess, ready: Any) -> bool:
    """Wait until `ready()` holds (True) or the process ends (False)."""
    deadline = time.monotonic() + _RUN_TIMEOUT_S
    while process.is_alive() and time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(_POLL_S)
    return False


def _kill_point(path: Path, before: tuple[int, int], total: int) -> Kill:
    articles, stories = _progress(path)
    if (articles, stories) == before:
        phase = "before its first commit"
    elif articles < total:
        phase = "storing articles"
    elif _stale(path):
        phase = "updating stories"
    else:
        phase = "finishing"
    return Kill(phase, articles, stories)


def _progress(path: Path) -> tuple[int, int]:
    return _count(path, "articles"), _count(path, "stories")


def _count(path: Path, table: str) -> int:
    if not path.exists():
        return 0
    with _read(path) as db:
        try:
            return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        except sqlite3.OperationalError:  # the first run has not made its tables yet
            return 0


def _stale(path: Path) -> bool:
    with _read(path) as db:
        versions = db.execute("SELECT articles_version, stories_version FROM store_state")
        articles, stories = versions.fetchone()
    return bool(articles != stories)


def _rows(path: Path) -> dict[str, int]:
    return {table: _count(path, table) for table in TABLES}


def _integrity(path: Path) -> str:
    with _read(path) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def _read(path: Path) -> sqlite3.Connection:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    db.execute("PRAGMA busy_timeout = 30000")
    return db


def _disk_of(size: int) -> Any:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit
