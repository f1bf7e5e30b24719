-- newsfuse store, version 2 (PostgreSQL). Kept in step with ../sqlite/0002_story_aliases.sql
-- (see the comments there): ids of stories that merged into another (issue 6).
CREATE TABLE story_aliases (
    id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL,
    added_at TEXT NOT NULL
);
