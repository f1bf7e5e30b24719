-- newsfuse store, version 1 (SQLite). Kept column for column in step with
-- ../postgresql/0001_initial.sql; tests/store/test_migrations.py compares the two.
-- Dates are ISO-8601 text in both dialects ('2025-06-01', '2025-06-01T09:30:00+00:00'),
-- which sorts and compares correctly as text. JSON columns hold records as
-- newsfuse.store.codec writes them.

-- One row: `articles_version` grows with each batch of new articles, `stories_version`
-- is the articles_version the stories were last computed from. They differ while stories
-- are stale (new articles, or an interrupted ingest).
CREATE TABLE store_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    articles_version INTEGER NOT NULL,
    stories_version INTEGER NOT NULL
);
INSERT INTO store_state (id, articles_version, stories_version) VALUES (1, 0, 0);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    headline TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    article_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    -- Hash of what the brief was built from (members, their families and voices, settings):
    -- a story is re-fused only when this changes.
    digest TEXT NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_listing ON stories (last_published DESC, article_count DESC);

-- `seq` is the rowid the full-text index points at (an explicit INTEGER PRIMARY KEY, so
-- VACUUM never renumbers it); `id` is the article's own stable id.
CREATE TABLE articles (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT,
    text TEXT NOT NULL,
    outlet TEXT,
    url TEXT,
    published TEXT,
    published_at TEXT,
    content_hash TEXT NOT NULL,
    story_id TEXT REFERENCES stories (id),
    family TEXT,
    voice TEXT,
    family_match TEXT,
    record TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_published ON articles (published);

CREATE TABLE families (
    id TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    size INTEGER NOT NULL,
    record TEXT NOT NULL
);

CREATE TABLE briefs (
    seq INTEGER PRIMARY KEY,
    story_id TEXT NOT NULL UNIQUE REFERENCES stories (id) ON DELETE CASCADE,
    headline TEXT NOT NULL,
    text TEXT NOT NULL,
    record TEXT NOT NULL
);

CREATE TABLE facts (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    independent_sources INTEGER NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (story_id, position)
);

-- Every name and alias of every entity in a story's brief, lower-cased in `key`, for the
-- story list's entity filter.
CREATE TABLE story_entities (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (story_id, key)
);
CREATE INDEX story_entities_key ON story_entities (key);

-- Lead embeddings by hash of the lead text, so re-grouping stored articles never runs the
-- model on them again.
CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);

CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    report TEXT
);

-- Full-text search: external-content FTS5 tables over articles and briefs, kept in sync
-- by triggers (porter stemming, like PostgreSQL's 'english' configuration).
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, text, content = 'articles', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, text)
    VALUES ('delete', old.seq, old.title, old.text);
    INSERT INTO articles_fts (rowid, title, text) VALUES (new.seq, new.title, new.text);
END;

CREATE VIRTUAL TABLE briefs_fts USING fts5 (
    headline, text, content = 'briefs', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TRIGGER briefs_fts_insert AFTER INSERT ON briefs BEGIN
    INSERT INTO briefs_fts (rowid, headline, text) VALUES (new.seq, new.headline, new.text);
END;
CREATE TRIGGER briefs_fts_delete AFTER DELETE ON briefs BEGIN
    INSERT INTO briefs_fts (briefs_fts, rowid, headline, text)
    VALUES ('delete', old.seq, old.headline, old.text);
END;
CREATE TRIGGER briefs_fts_update AFTER UPDATE OF headline, text ON briefs BEGIN
    INSERT INTO briefs_fts (briefs_fts, rowid, headline, text)
    VALUES ('delete', old.seq, old.headline, old.text);
    INSERT INTO briefs_fts (rowid, headline, text) VALUES (new.seq, new.headline, new.text);
END;
