"""`newsfuse spark` killed with SIGKILL at random points, then run again: the outputs equal
those of a run never interrupted, and nothing half-written is left behind.

A Spark run keeps no state between runs but its output folder, so resuming is running
again; what a kill can break is the writing. Every file is renamed into place whole and the
Parquet tables replace the last run's in one rename, so a kill anywhere must leave either
the old file or the new one under each name, never a mix or a part.
"""

from __future__ import annotations

import contextlib
import filecmp
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.runners.local import run_pipeline, write_outputs
from tests.conftest import SEEDS

pytest.importorskip("pyspark", reason="the spark extra is not installed")
if shutil.which("java") is None:
    pytest.skip(
        "no Java on this machine: Spark's local mode needs Java 17+", allow_module_level=True
    )

from newsfuse.runners.spark import load_output

pytestmark = [
    pytest.mark.slow,
    # pyspark leaves the local sockets of collect() and toLocalIterator() to the garbage
    # collector; that is Spark's client, not newsfuse, and it loses nothing.
    pytest.mark.filterwarnings(
        r"ignore:Exception ignored in. <socket\.socket:pytest.PytestUnraisableExceptionWarning"
    ),
]

# Kill points: 3 in the default suite, two over the writing and one before it (each run
# starts a JVM and four Python workers that import spaCy and torch: ~50 s beside the rest
# of the suite on 2 cores; 6 kills took 11 of CI's 23 minutes; with 2, the one kill meant
# for the writing missed it once on a loaded machine), 20 as issue 8 asked in `make
# test-long` (NEWSFUSE_KILL_POINTS=20), more for a longer soak. The kills alternate: over
# the writing first, then before it.
KILL_POINTS = int(os.environ.get("NEWSFUSE_KILL_POINTS", "3"))
_SEED = 20261122


def _spark_command(out: Path, config: Path | None = None) -> list[str]:
    # One core and no embedding model: every attempt starts a JVM and a Python worker that
    # loads spaCy, and what a kill can break (the writing) does not depend on either.
    return [
        str(Path(sys.executable).with_name("newsfuse")),
        "spark",
        str(SEEDS),
        "--out",
        str(out),
        "--master",
        "local[1]",
        "--quiet",
        *(["--config", str(config)] if config else []),
    ]


def _start(out: Path, config: Path) -> subprocess.Popen[bytes]:
    # Its own process group, so the kill takes the JVM and the Python workers with it.
    return subprocess.Popen(
        _spark_command(out, config),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@dataclass(frozen=True)
class Attempt:
    """What one run did before its kill point: killed or ended, and when it started writing
    (seconds from its start; None if it never did)."""

    killed: bool
    writing_at: float | None
    length: float
    # How long its `parquet.partial` stood before the rename (None: not seen to end).
    partial_for: float | None = None


def _partial_signature(out: Path) -> tuple[int, int] | None:
    """Which `parquet.partial` is there now, so a new run's own is told from one a killed
    run left behind."""
    try:
        status = (out / "parquet.partial").stat()
    except FileNotFoundError:
        return None
    return status.st_ino, status.st_ctime_ns


def _run_until_killed(
    out: Path, config: Path, *, after_start: float | None = None, after_writing: float | None = None
) -> Attempt:
    """Start a run and kill it `after_start` seconds in, or `after_writing` seconds after it
    starts writing its own Parquet tables, unless it ends first."""
    left_behind = _partial_signature(out)
    process = _start(out, config)
    started = time.monotonic()
    writing_at = partial_for = None
    while process.poll() is None:
        now = time.monotonic() - started
        signature = _partial_signature(out)
        if writing_at is None:
            if signature is not None and signature != left_behind:
                writing_at = now
        elif partial_for is None and signature is None:
            partial_for = now - writing_at
        if after_start is not None:
            deadline: float | None = after_start
        else:
            deadline = None if writing_at is None else writing_at + (after_writing or 0.0)
        if deadline is not None and now >= deadline:
            _kill(process)
            return Attempt(True, writing_at, now)
        time.sleep(0.02)
    return Attempt(False, writing_at, time.monotonic() - started, partial_for)


def test_killed_spark_runs_resume_to_the_uninterrupted_outputs(
    tmp_path: Path, settings_file: Path, settings: Settings
) -> None:
    reference = tmp_path / "reference"
    write_outputs(run_pipeline([SEEDS], settings=settings), reference)
    out = tmp_path / "out"
    # One run to time it. Half the kill points fall before the writing; half wait until the
    # run starts writing and fall within it, where a kill can do harm. A shared machine makes
    # runs' lengths vary, so the kill times follow the quickest run seen so far, and a run
    # that ends before its kill point (a valid history, but no kill) does not count as one.
    first = _run_until_killed(out, settings_file, after_start=float("inf"))
    assert not first.killed
    assert first.writing_at is not None
    writing_from = first.writing_at
    writing_takes = first.length - first.writing_at
    # The Parquet tables stand as `parquet.partial` for part of the writing only: the first
    # kill over the writing is drawn within that part (drawn over all of the writing, both
    # kills missed it on a loaded machine), the next ones over all of it.
    partial_for = first.partial_for or writing_takes
    shutil.rmtree(out)
    draw = random.Random(_SEED)
    kills = while_writing = attempts = 0
    while kills < KILL_POINTS and attempts < 2 * KILL_POINTS:
        if attempts % 2:
            attempt = _run_until_killed(
                out, settings_file, after_start=draw.uniform(0.5, 0.9 * writing_from)
            )
        else:
            window = partial_for if while_writing == 0 else writing_takes
            attempt = _run_until_killed(
                out, settings_file, after_writing=draw.uniform(0.0, 0.9 * window)
            )
        attempts += 1
        if attempt.writing_at is not None:
            writing_from = min(writing_from, attempt.writing_at)
        if attempt.killed:
            kills += 1
            # Killed while writing: the Parquet tables were not yet renamed into place.
            while_writing += (out / "parquet.partial").exists()
        elif attempt.writing_at is not None:
            writing_takes = min(writing_takes, attempt.length - attempt.writing_at)
    assert kills == KILL_POINTS, f"only {kills} of {attempts} runs were really killed"
    assert while_writing >= 1, "no kill landed while the outputs were being written"
    done = subprocess.run(
        _spark_command(out, settings_file), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for name in ("articles.jsonl", "families.jsonl", "stories.jsonl", "report.json", "index.html"):
        assert filecmp.cmp(reference / name, out / name, shallow=False), name
    for path in (reference / "briefs").iterdir():
        assert filecmp.cmp(path, out / "briefs" / path.name, shallow=False), path.name
    assert sorted(p.name for p in (out / "briefs").iterdir()) == sorted(
        p.name for p in (reference / "briefs").iterdir()
    )
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert not (out / "parquet.partial").exists()
    assert not (out / "parquet.stale").exists()
    loaded = load_output(out)
    assert len(loaded.articles) == 5
    assert len(loaded.stories) == 1


def test_a_spark_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    environment = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java-here")}
    done = subprocess.run(
        _spark_command(tmp_path / "out"),
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Spark could not start with master 'local[1]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_what_is_not_a_master_url_is_refused_before_spark_starts(tmp_path: Path) -> None:
    command = _spark_command(tmp_path / "out")
    command[command.index("local[1]")] = "nowhere://at-all"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "'nowhere://at-all' is not a Spark master URL" in done.stderr


def test_block_days_below_one_is_refused_before_spark_starts(tmp_path: Path) -> None:
    done = subprocess.run(
        [*_spark_command(tmp_path / "out"), "--block-days", "0"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "--block-days must be at least 1" in done.stderr
