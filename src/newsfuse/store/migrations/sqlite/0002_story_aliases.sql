-- newsfuse store, version 2 (SQLite). Kept in step with ../postgresql/0002_story_aliases.sql.
-- Ids of stories that merged into another (issue 6): `id` retired, `story_id` the story
-- that took its articles. No foreign key: the successor may later merge on in turn (a
-- chain, followed when a link is resolved) and is written after its alias. A retired id
-- that names a story again has its alias removed (Store.write_story).
CREATE TABLE story_aliases (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    added_at TEXT NOT NULL
);
