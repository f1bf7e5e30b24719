-- newsfuse store, version 1 (PostgreSQL). Kept column for column in step with
-- ../sqlite/0001_initial.sql (see the comments there); tests/store/test_migrations.py
-- compares the two. Full-text search: a stored generated tsvector with a GIN index.

CREATE TABLE store_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    articles_version BIGINT NOT NULL,
    stories_version BIGINT NOT NULL
);
INSERT INTO store_state (id, articles_version, stories_version) VALUES (1, 0, 0);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    headline TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    article_count INTEGER NOT NULL,
    source_count INTEGER NOT NULL,
    digest TEXT NOT NULL,
    record TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_listing ON stories (last_published DESC NULLS LAST, article_count DESC);

CREATE TABLE articles (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    id TEXT PRIMARY KEY,
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
    added_at TEXT NOT NULL,
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('english', text), 'B')
    ) STORED
);
CREATE INDEX articles_story ON articles (story_id);
CREATE INDEX articles_published ON articles (published);
CREATE INDEX articles_search ON articles USING GIN (search);

CREATE TABLE families (
    id TEXT PRIMARY KEY,
    canonical TEXT NOT NULL,
    size INTEGER NOT NULL,
    record TEXT NOT NULL
);

CREATE TABLE briefs (
    seq BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    story_id TEXT PRIMARY KEY REFERENCES stories (id) ON DELETE CASCADE,
    headline TEXT NOT NULL,
    text TEXT NOT NULL,
    record TEXT NOT NULL,
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', headline), 'A')
        || setweight(to_tsvector('english', text), 'B')
    ) STORED
);
CREATE INDEX briefs_search ON briefs USING GIN (search);

CREATE TABLE facts (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    independent_sources INTEGER NOT NULL,
    sources TEXT NOT NULL,
    PRIMARY KEY (story_id, position)
);

CREATE TABLE story_entities (
    story_id TEXT NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (story_id, key)
);
CREATE INDEX story_entities_key ON story_entities (key);

CREATE TABLE embeddings (
    key TEXT PRIMARY KEY,
    vector BYTEA NOT NULL
);

CREATE TABLE runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    command TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    report TEXT
);
