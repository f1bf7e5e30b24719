"""`newsfuse ingest` and `newsfuse run --db` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.cli import main
from newsfuse.render.json import brief_to_dict
from newsfuse.store import open_store


def test_ingest_command_fills_the_store_and_is_idempotent(
    store_url: str, seeds: Path, settings_file: Path
) -> None:
    command = ["ingest", str(seeds), "--db", store_url, "--config", str(settings_file)]
    assert main([*command, "--quiet"]) == 0
    assert main([*command, "--quiet"]) == 0
    with open_store(store_url) as store:
        counts = store.counts()
        assert (counts.articles, counts.stories, counts.briefs, counts.runs) == (5, 1, 1, 2)


def test_ingest_command_without_readable_input_exits_1(store_url: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["ingest", str(empty), "--db", store_url, "--quiet"]) == 1


def test_run_with_db_stores_what_it_writes(
    store_url: str, seeds: Path, settings_file: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    command = ["run", str(seeds), "--out", str(out), "--db", store_url]
    assert main([*command, "--config", str(settings_file), "--quiet"]) == 0
    [written] = sorted((out / "briefs").glob("*.json"))
    with open_store(store_url) as store:
        story = store.get_story(written.stem)
        assert story is not None
        assert story.brief is not None
        assert brief_to_dict(story.brief) == json.loads(written.read_text(encoding="utf-8"))
        assert not store.counts().stale


def test_unknown_url_scheme_exits_3(seeds: Path) -> None:
    assert main(["ingest", str(seeds), "--db", "mysql://localhost/x", "--quiet"]) == 3
