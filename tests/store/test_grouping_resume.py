"""Story updates resume grouping where the last one left it (issue 19, part 1): a batch of
later articles regroups only the last day and after, and the store ends exactly as when
every stored article is grouped again; a back-dated article, or other settings, group
everything again."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import Store, open_store
from tests.conftest import shared_data
from tests.store.conftest import store_content

# gva-dev local news in publication order: the articles of the first days (30 or a few
# more, whole days), then those of the following days (15 or a few more).
FIRST, LATER = 30, 15


def _dated_gva(folder: Path) -> tuple[Path, Path]:
    lines = shared_data("gva-dev", "articles.jsonl").read_text(encoding="utf-8")
    records = sorted(
        (r for r in map(json.loads, lines.splitlines()) if r.get("published") and r["text"]),
        key=lambda r: (r["published"][:10], r["id"]),
    )
    first = _whole_days(records, FIRST)
    later = _whole_days(records[len(first) :], LATER)
    paths = []
    for name, part in (("first", first), ("later", later), ("all", first + later)):
        path = folder / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in part), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def _whole_days(records: list[dict[str, Any]], at_least: int) -> list[dict[str, Any]]:
    """The first `at_least` records and the rest of the last one's day."""
    day = records[at_least - 1]["published"][:10]
    return records[:at_least] + [r for r in records[at_least:] if r["published"][:10] == day]


def _stories(store: Store) -> dict[str, Any]:
    content = store_content(store)
    return {"articles": content["articles"], "stories": content["stories"]}


@pytest.mark.shared_data
def test_a_later_batch_resumes_grouping_and_ends_as_grouping_everything(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    first, later = _dated_gva(tmp_path)
    ingest([first], store, settings=settings)
    state = store.grouping_state()
    assert state is not None
    assert state.articles == len(first.read_text(encoding="utf-8").splitlines())

    result = ingest([later], store, settings=settings)

    assert result.update.resumed_from == state.day
    # The same two ingests, the second grouping every article (no state to resume from).
    with open_store(str(tmp_path / "all.db")) as reference:
        ingest([first], reference, settings=settings)
        reference.save_grouping_state(None)
        whole = ingest([later], reference, settings=settings)
        assert whole.update.resumed_from is None
        assert _stories(store) == _stories(reference)
        assert store.grouping_state() == reference.grouping_state()


@pytest.mark.shared_data
def test_a_back_dated_article_or_new_settings_group_everything_again(
    settings: Settings, tmp_path: Path
) -> None:
    """The rule alone (both databases store the state alike: the test above)."""
    first, later = _dated_gva(tmp_path)
    with open_store(str(tmp_path / "rule.db")) as store:
        _back_dated_then_new_settings(store, settings, first, later, tmp_path)


def _back_dated_then_new_settings(
    store: Store, settings: Settings, first: Path, later: Path, tmp_path: Path
) -> None:
    ingest([later], store, settings=settings)
    # The earlier articles predate the stream's last day: no resuming.
    assert ingest([first], store, settings=settings).update.resumed_from is None
    extra = tmp_path / "one.jsonl"
    record = json.loads(later.read_text(encoding="utf-8").splitlines()[-1])
    extra.write_text(json.dumps({**record, "id": "one-more"}) + "\n", encoding="utf-8")
    other = Settings(group=type(settings.group)(**{**_fields(settings.group), "window_days": 3}))
    assert ingest([extra], store, settings=other).update.resumed_from is None


def _fields(value: Any) -> dict[str, Any]:
    return {name: getattr(value, name) for name in value.__dataclass_fields__}
