-- newsfuse store, version 4 (PostgreSQL). Kept in step with ../sqlite/0004_intake_queue.sql.
-- The front door's queue (issue 19): a posted article is committed here, as posted, before
-- the API answers 202; a worker cleans and annotates it, and moves it into `articles` (or
-- into `intake_skips`, with the reason) in the transaction that deletes it from the queue,
-- so a kill at any moment loses nothing and stores nothing twice.
CREATE TABLE intake_queue (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- `record`: what was posted, kept where it could not be read back (nothing is lost).
CREATE TABLE intake_skips (
    id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    detail TEXT NOT NULL,
    record TEXT,
    skipped_at TEXT NOT NULL
);
