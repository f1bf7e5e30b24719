"""A short soak of `newsfuse serve` (bench/soak.py for 20 s instead of 5 minutes): 16
clients mixing posts, pages, search and API reads against a real server process on
loopback. Every posted article is stored and found again, no request gets a 5xx, and the
server's memory does not keep growing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

SECONDS = 20
# Resident memory may grow this much from the first third of the load to the last: the
# store grows (posted articles, more stories), and with it each story update's working set.
MAX_RSS_GROWTH_PCT = 50


def test_short_soak_stores_every_post_without_5xx_or_growing_memory(
    tmp_path: Path, settings_file: Path
) -> None:
    out = tmp_path / "soak.json"
    command = [sys.executable, str(REPO / "bench" / "soak.py"), "--seconds", str(SECONDS)]
    command += ["--clients", "16", "--config", str(settings_file), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert out.exists(), done.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["server_errors"] == 0, result["kinds"]
    assert result["posted"] > 0
    assert result["catch_up"]["stored"] == result["posted"] == result["found_again"]
    assert not result["catch_up"]["stale"]
    assert result["catch_up"]["updates_failed"] == 0
    assert all(kind["requests"] > 0 for kind in result["kinds"].values())
    assert result["rss"]["growth_pct"] < MAX_RSS_GROWTH_PCT, result["rss"]
    assert "Traceback" not in result["server_log_tail"]
    assert done.returncode == 0, done.stdout[-3000:]
