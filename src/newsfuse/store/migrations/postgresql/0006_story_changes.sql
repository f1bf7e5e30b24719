-- newsfuse store, version 6 (PostgreSQL). Kept in step with ../sqlite/0006_story_changes.sql.
-- What changed (issue 19): a row each time a story's brief is written, saying what the new
-- brief tells that the one it replaced did not (`newsfuse.changes.StoryChange`), and how
-- much (`weight`: articles, facts, figures and disputes, for the "most changed" order).
-- No foreign key to stories: the history of a story merged away is kept with its id.
CREATE TABLE story_changes (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    story_id TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    weight INTEGER NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX story_changes_story ON story_changes (story_id, changed_at);
CREATE INDEX story_changes_time ON story_changes (changed_at);
