"""The schema: migrated from empty on open, once, the same tables on both databases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newsfuse.store import Store, open_store
from newsfuse.store.backend import migrations

TABLES = {
    "articles",
    "briefs",
    "embeddings",
    "facts",
    "families",
    "fetched",
    "grouping_state",
    "intake_queue",
    "intake_skips",
    "runs",
    "schema_version",
    "store_state",
    "stories",
    "story_aliases",
    "story_changes",
    "story_entities",
    "storyline_stories",
    "storylines",
}


def test_both_dialects_have_the_same_migrations() -> None:
    sqlite = [(m.version, m.name) for m in migrations("sqlite")]
    postgresql = [(m.version, m.name) for m in migrations("postgresql")]
    assert sqlite == postgresql
    assert [version for version, _ in sqlite] == list(range(1, len(sqlite) + 1))


def test_open_migrates_an_empty_database(store: Store) -> None:
    assert store.schema_version == migrations(store.dialect)[-1].version
    assert _tables(store) >= TABLES
    counts = store.counts()
    assert (counts.articles, counts.stories, counts.briefs, counts.runs) == (0, 0, 0, 0)
    assert not counts.stale


def test_reopening_applies_nothing_again(store_url: str) -> None:
    with open_store(store_url) as first:
        first.start_run("marker")
    with open_store(store_url) as second:
        rows = second._db.execute("SELECT version FROM schema_version")
        assert [row[0] for row in rows] == [m.version for m in migrations(second.dialect)]
        assert second.counts().runs == 1


def test_sqlite_and_postgresql_tables_have_the_same_columns(
    tmp_path: Path, new_database: Callable[[], str]
) -> None:
    with open_store(str(tmp_path / "a.db")) as sqlite, open_store(new_database()) as postgresql:
        for table in sorted(TABLES):
            # PostgreSQL's generated `search` tsvector stands for SQLite's FTS5 tables.
            expected = _columns(sqlite, table)
            assert _columns(postgresql, table) - {"search"} == expected, table


def test_sqlite_store_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'wal.db'}") as store:
        assert store._db.execute("PRAGMA journal_mode")[0][0] == "wal"
        assert store._db.execute("PRAGMA foreign_keys")[0][0] == 1
    assert (tmp_path / "wal.db").is_file()


def _tables(store: Store) -> set[str]:
    if store.dialect == "sqlite":
        rows = store._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        rows = store._db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
    return {row[0] for row in rows}


def _columns(store: Store, table: str) -> set[str]:
    if store.dialect == "sqlite":
        return {row[1] for row in store._db.execute(f"PRAGMA table_info({table})")}
    rows = store._db.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", (table,)
    )
    return {row[0] for row in rows}
