-- newsfuse store, version 7 (PostgreSQL). Kept in step with ../sqlite/0007_grouping_state.sql.
-- Where the next story update resumes grouping (issue 19): the story stream as it stood
-- before the last day it saw, and the stories it had closed by then
-- (`newsfuse.cluster.GroupingState`), made under `key` (settings and version) from the first
-- `articles` stored articles. One row; rewritten with each update of the stories.
CREATE TABLE grouping_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL,
    day TEXT NOT NULL,
    articles INTEGER NOT NULL,
    stream BYTEA NOT NULL,
    closed TEXT NOT NULL
);
