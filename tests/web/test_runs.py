"""Honest run reports: an ingest of inputs with unreadable records says how many inputs and
articles it read, what it skipped (by reason) and what it recovered from (warnings, by
kind), in its run record, on the command line, at /api/runs and on /runs."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsfuse.cli import main
from newsfuse.config import Settings
from newsfuse.store import open_store
from newsfuse.web import create_app

TEXT = "Flood waters rose across the Danube delta on Tuesday, officials said."
# Written by hand: 3 articles kept (2 of them with a warning), 2 records skipped, and an
# empty file skipped.
LINES = [
    {"id": "ok", "text": TEXT},
    {"id": "odd-date", "text": TEXT + " Again.", "published": "last Tuesday"},
    {"id": "odd-status", "text": TEXT + " Once more.", "status": "fine"},
    {"id": "no-text"},
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, settings_file: Path) -> str:
    folder = tmp_path_factory.mktemp("inputs")
    lines = [json.dumps(line) for line in LINES]
    lines.insert(2, '{"id": "broken", "text": ')
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    path = str(tmp_path_factory.mktemp("store") / "runs.db")
    command = ["ingest", str(folder), "--db", path, "--config", str(settings_file)]
    assert main(command) == 0
    return path


@pytest.fixture(scope="module")
def client(db: str, settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(db, settings=settings), raise_server_exceptions=False) as client:
        yield client


def test_run_record_counts_reads_skips_and_warnings(db: str) -> None:
    with open_store(db) as store:
        report = store.runs()[0].report
    assert report is not None
    assert (report["inputs"], report["articles"], report["new_articles"]) == (2, 3, 3)
    assert report["skipped"] == 3
    assert report["skipped_by_reason"] == {"empty": 1, "malformed_json": 1, "missing_field": 1}
    assert report["warnings"] == 2
    assert report["warnings_by_kind"] == {"bad_status": 1, "unparsed_date": 1}
    assert {skip["input"].rsplit("/", 1)[-1] for skip in report["skips"]} == {
        "empty.txt",
        "feed.jsonl:3",
        "feed.jsonl:5",
    }


def test_api_and_page_show_the_same_counts(client: TestClient) -> None:
    run = client.get("/api/runs").json()["runs"][0]
    assert (run["inputs"], run["articles"], run["skipped"], run["warnings"]) == (2, 3, 3, 2)
    assert run["skipped_by_reason"] == {"empty": 1, "malformed_json": 1, "missing_field": 1}
    assert len(client.get(run["href"]).json()["report"]["warning_list"]) == 2
    html = re.sub(r"\s+", " ", client.get("/runs").text)
    assert '3 <span class="muted">(empty 1, malformed_json 1, missing_field 1)</span>' in html
    assert '2 <span class="muted">(bad_status 1, unparsed_date 1)</span>' in html
    assert html.count("<li>skipped ") == 3
    assert html.count("<li>recovered ") == 2
    index = re.sub(r"\s+", " ", client.get("/").text)
    assert "3 articles read from 2 inputs, 3 skipped, 2 recovered with a warning" in index


def test_ingest_prints_the_counts(
    tmp_path: Path, settings_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps(LINES[1]) + "\n{oops\n", encoding="utf-8")
    command = ["ingest", str(feed), "--db", str(tmp_path / "s.db"), "--config", str(settings_file)]
    assert main(command) == 0
    out = re.sub(r"[│┃|]", " ", capsys.readouterr().out)
    assert re.search(r"skipped\s+1 \(malformed_json 1\)", out)
    assert re.search(r"recovered \(warnings\)\s+1 \(unparsed_date 1\)", out)


def test_an_interrupted_run_says_so(client: TestClient, db: str) -> None:
    with open_store(db) as store:
        store.start_run("newsfuse ingest killed.jsonl")  # never finished, as after SIGKILL
    run = client.get("/api/runs").json()["runs"][0]
    assert run["finished_at"] is None
    assert run["articles"] is None
    assert "interrupted (or still running)" in client.get("/runs").text
