"""What changed (issue 19): each rewrite of a story's brief is recorded with what the new
brief tells that the old one did not, read back newest first and since a time, and
"most changed" orders stories by it. Written from the seeds as a reader sees them: only
000 and 004 give the injured count (69, tests/data/seeds_brief_gold.json), and 000 dates
the bridge blasts May 31 where 001 and 003 say June 1."""

from __future__ import annotations

import shutil
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import Store
from tests.conftest import SEEDS

FIRST = ("001", "002", "003")
LATER = ("000", "004")


def seed_folder(folder: Path, prefixes: tuple[str, ...]) -> Path:
    """A folder holding the seeds whose names start with `prefixes`."""
    folder.mkdir(parents=True)
    for path in SEEDS.iterdir():
        if path.name[:3] in prefixes:
            shutil.copy(path, folder / path.name)
    return folder


def test_a_story_records_what_each_update_added(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    ingest([seed_folder(tmp_path / "first", FIRST)], store, settings=settings)
    [story] = store.list_stories()
    [first] = store.story_changes(story.story_id)
    assert first.change.first
    assert sorted(s[:3] for s in first.change.new_sources) == list(FIRST)
    before = first.changed_at

    ingest([seed_folder(tmp_path / "later", LATER)], store, settings=settings)

    [after] = store.list_stories()
    assert after.story_id == story.story_id  # the story went on under its id
    latest, earlier = store.story_changes(story.story_id)
    assert earlier == first
    change = latest.change
    assert not change.first
    assert sorted(s[:3] for s in change.new_sources) == list(LATER)
    # 000 puts the blasts on "the night of May 31", 001 and 003 on June 1: a dispute now.
    assert any(about.startswith("date") for about in change.disputes_opened)
    injured = [f for f in change.figures if "injur" in f.what]
    assert [(f.before, f.after) for f in injured] == [(None, "69")]
    assert change.weight >= len(LATER) + 1
    assert store.story_changes(story.story_id, since=latest.changed_at) == []
    assert [c.changed_at for c in store.story_changes(story.story_id, since="2000-01-01")] == [
        latest.changed_at,
        before,
    ]
    assert store.most_changed(since="2000-01-01") == [story.story_id]
    assert store.most_changed(since="2999-01-01") == []


def test_rewriting_an_unchanged_brief_records_nothing(store: Store, settings: Settings) -> None:
    ingest([SEEDS], store, settings=settings)
    [story] = store.list_stories()
    stored = store.get_story(story.story_id)
    assert stored is not None
    assert stored.brief is not None
    members = [item.article for item in stored.articles]
    store.write_story(stored.story, stored.brief, members, digest="same brief again")
    assert len(store.story_changes(story.story_id)) == 1
