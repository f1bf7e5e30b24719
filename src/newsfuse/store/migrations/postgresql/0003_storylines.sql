-- newsfuse store, version 3 (PostgreSQL). Kept in step with ../sqlite/0003_storylines.sql.
-- Storylines (issue 18): the stories of one topic linked over time, replaced whole each
-- time the stories are brought up to date. A story belongs to one storyline; no foreign
-- key to stories: both tables are rewritten in the transaction that writes the storylines.
CREATE TABLE storylines (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    first_day TEXT,
    last_day TEXT,
    story_count INTEGER NOT NULL
);
CREATE INDEX storylines_listing ON storylines (last_day DESC, story_count DESC);

CREATE TABLE storyline_stories (
    story_id TEXT PRIMARY KEY,
    storyline_id TEXT NOT NULL,
    position INTEGER NOT NULL
);
CREATE INDEX storyline_stories_line ON storyline_stories (storyline_id, position);
