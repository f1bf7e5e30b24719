-- newsfuse store, version 5 (SQLite). Kept in step with ../postgresql/0005_fetched.sql.
-- What `newsfuse watch` fetched (issue 19): each feed, sitemap or page URL once, with the
-- validators for a conditional GET next time (`etag`, `last_modified`), the HTTP status,
-- the article a page became (its id), or why it did not (`error`), and how many times it
-- was tried; a page is fetched again only after a passing failure (`retry` = 1).
CREATE TABLE fetched (
    url TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    article_id TEXT,
    error TEXT,
    retry INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    fetched_at TEXT NOT NULL
);
