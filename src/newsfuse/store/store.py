"""The store: articles, families, stories, briefs, facts and run reports in one database.

One schema on SQLite (embedded) and PostgreSQL (server), one set of SQL with `?`
parameters (see `backend.py`). Writes are keyed by id: an article is inserted once
(`ON CONFLICT DO NOTHING`), a story and its brief are replaced together in one
transaction. The read half (`list_stories`, `get_story`, `get_article`, `search`,
`counts`, and the storylines of `store/storylines.py`) is what `newsfuse serve` shows;
`successor` follows the id of a story that merged into another to the story that holds its
articles now.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from types import TracebackType
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.model import Article, Brief, Family, FamilyMatch, Story
from newsfuse.store.backend import Backend, Row, connect, now
from newsfuse.store.changes import ChangeQueries
from newsfuse.store.codec import decode, encode, stored_day
from newsfuse.store.fetched import FetchedQueries
from newsfuse.store.grouping import GroupingQueries
from newsfuse.store.intake import IntakeQueries
from newsfuse.store.keys import chunked, marks
from newsfuse.store.search import SearchHit, SearchQueries, SearchResults, SnippetPart
from newsfuse.store.storylines import StorylineQueries

__all__ = [
    "ArticleFamily",
    "RunRecord",
    "SearchHit",
    "SearchResults",
    "SnippetPart",
    "Store",
    "StoreCounts",
    "StoreState",
    "StoredArticle",
    "StoredStory",
    "StorySummary",
    "content_hash",
    "open_store",
]


@dataclass(frozen=True, slots=True)
class StorySummary:
    """One row of the story list; `source_count` counts distinct outlets."""

    story_id: str
    headline: str
    first_published: dt.date | None
    last_published: dt.date | None
    article_count: int
    source_count: int


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """An article as stored: the cleaned, annotated record with its family and voice, the
    story it belongs to (None until stories are computed) and when it was added."""

    article: Article
    story_id: str | None
    added_at: str


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story page's data: the story, its brief (None until fused) and its articles in
    publication order."""

    summary: StorySummary
    story: Story
    brief: Brief | None
    articles: tuple[StoredArticle, ...]


@dataclass(frozen=True, slots=True)
class StoreCounts:
    articles: int
    stories: int
    briefs: int
    families: int
    runs: int
    # True while stored stories do not yet reflect every stored article (new articles,
    # or an interrupted ingest): the next ingest brings them up to date.
    stale: bool
    # Posted articles waiting for the worker to clean, annotate and store them.
    queued: int = 0


@dataclass(frozen=True, slots=True)
class StoreState:
    articles_version: int
    stories_version: int


@dataclass(frozen=True, slots=True)
class RunRecord:
    run_id: int
    command: str
    started_at: str
    finished_at: str | None
    report: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class ArticleFamily:
    """Where dedupe put one article: family, voice, and the match that joined it."""

    family: str | None
    voice: str | None
    family_match: FamilyMatch | None


def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the store at `url`: `sqlite:///path.db`,
    a plain path, or `postgresql://user@host/db`."""
    return Store(connect(url))


def content_hash(article: Article) -> str:
    """Hash of what was read: tells a re-read of the same article from a clash of ids."""
    return hashlib.sha1(article.text.encode("utf-8")).hexdigest()


class Store(
    StorylineQueries,
    IntakeQueries,
    FetchedQueries,
    ChangeQueries,
    GroupingQueries,
    SearchQueries,
):
    """The database behind ingest and serve. Use as a context manager, or call `close`."""

    def __init__(self, backend: Backend) -> None:
        self._db = backend
        self.schema_version = backend.migrate()

    @property
    def url(self) -> str:
        return self._db.url

    @property
    def dialect(self) -> str:
        return self._db.dialect

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- reads ---------------------------------------------------------------------------

    def counts(self) -> StoreCounts:
        """How many of each record the store holds, and whether stories are stale."""
        row = self._db.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM stories), "
            "(SELECT count(*) FROM briefs), (SELECT count(*) FROM families), "
            "(SELECT count(*) FROM runs), (SELECT count(*) FROM intake_queue)"
        )[0]
        articles, stories, briefs, families, runs, queued = (int(n) for n in row)
        return StoreCounts(
            articles, stories, briefs, families, runs, stale=_stale(self.state()), queued=queued
        )

    def list_stories(
        self,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
        entity: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[StorySummary]:
        """Stories newest first (by last article), then biggest; `since`/`until` keep the
        stories with articles in that range of days, `entity` those whose brief names it
        (a name or alias, any case)."""
        where, params = [], []
        if since is not None:
            where.append("s.last_published >= ?")
            params.append(since.isoformat())
        if until is not None:
            where.append("s.first_published <= ?")
            params.append(until.isoformat())
        if entity is not None:
            where.append(
                "EXISTS (SELECT 1 FROM story_entities e WHERE e.story_id = s.id AND e.key = ?)"
            )
            params.append(_entity_key(entity))
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        rows = self._db.execute(
            "SELECT s.id, s.headline, s.first_published, s.last_published, s.article_count, "
            f"s.source_count FROM stories s {clause}"
            "ORDER BY s.last_published DESC NULLS LAST, s.article_count DESC, s.id "
            "LIMIT ? OFFSET ?",
            (*params, max(0, limit), max(0, offset)),
        )
        return [_summary(row) for row in rows]

    def story_summaries(self, story_ids: Sequence[str]) -> dict[str, StorySummary]:
        """The list rows of the given stories (those that exist), by id."""
        summaries: dict[str, StorySummary] = {}
        for chunk in chunked(story_ids):
            rows = self._db.execute(
                "SELECT s.id, s.headline, s.first_published, s.last_published, "
                f"s.article_count, s.source_count FROM stories s WHERE s.id IN ({marks(chunk)})",
                chunk,
            )
            summaries.update((str(row[0]), _summary(row)) for row in rows)
        return summaries

    def story_days(self, story_ids: Sequence[str]) -> dict[str, list[tuple[dt.date, int]]]:
        """Articles per publication day of each story (for a sparkline); undated left out."""
        days: dict[str, list[tuple[dt.date, int]]] = {story_id: [] for story_id in story_ids}
        for chunk in chunked(story_ids):
            rows = self._db.execute(
                "SELECT story_id, published, count(*) FROM articles "
                f"WHERE story_id IN ({marks(chunk)}) AND published IS NOT NULL "
                "GROUP BY story_id, published ORDER BY story_id, published",
                chunk,
            )
            for story_id, day, count in rows:
                days[story_id].append((dt.date.fromisoformat(day), int(count)))
        return days

    def get_story(self, story_id: str) -> StoredStory | None:
        """A story with its brief and articles, or None if there is no such story."""
        with self._db.snapshot():  # one consistent view of story, brief and articles
            rows = self._db.execute(
                "SELECT s.id, s.headline, s.first_published, s.last_published, "
                "s.article_count, s.source_count, s.record, b.record "
                "FROM stories s LEFT JOIN briefs b ON b.story_id = s.id WHERE s.id = ?",
                (story_id,),
            )
            if not rows:
                return None
            articles = self._articles("WHERE a.story_id = ?", (story_id,))
        row = rows[0]
        articles.sort(key=lambda a: (a.article.published_date or dt.date.max, a.article.id))
        return StoredStory(
            summary=_summary(row[:6]),
            story=decode(Story, row[6]),
            brief=decode(Brief, row[7]) if row[7] is not None else None,
            articles=tuple(articles),
        )

    def successor(self, story_id: str) -> str | None:
        """The stored story that `story_id`, a story merged into another, lives on as:
        aliases followed in a chain (a → b, b → c gives c); None where there is none."""
        seen = {story_id}
        with self._db.snapshot():
            while True:
                rows = self._db.execute(
                    "SELECT a.story_id, EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id) "
                    "FROM story_aliases a WHERE a.id = ?",
                    (story_id,),
                )
                if not rows:
                    return None
                story_id, stored = rows[0]
                if stored:
                    return str(story_id)
                if story_id in seen:  # a cycle: no story at its end
                    return None
                seen.add(story_id)

    def get_article(self, article_id: str) -> StoredArticle | None:
        """One stored article, or None."""
        found = self._articles("WHERE a.id = ?", (article_id,))
        return found[0] if found else None

    def runs(self, *, limit: int = 20) -> list[RunRecord]:
        """The latest runs first; a run with no `finished_at` was interrupted (or is on)."""
        rows = self._db.execute(
            "SELECT id, command, started_at, finished_at, report FROM runs "
            "ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        return [_run(row) for row in rows]

    def get_run(self, run_id: int) -> RunRecord | None:
        """One run by id, or None."""
        rows = self._db.execute(
            "SELECT id, command, started_at, finished_at, report FROM runs WHERE id = ?",
            (run_id,),
        )
        return _run(rows[0]) if rows else None

    # --- writes (ingest) -----------------------------------------------------------------

    def state(self) -> StoreState:
        row = self._db.execute("SELECT articles_version, stories_version FROM store_state")[0]
        return StoreState(int(row[0]), int(row[1]))

    def writer_lock(self) -> Any:
        """A context manager held while stories are rewritten: one writer at a time."""
        return self._db.writer_lock()

    def stored_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        """`content_hash` of each of `article_ids` already stored."""
        hashes: dict[str, str] = {}
        for chunk in chunked(list(article_ids)):
            rows = self._db.execute(
                f"SELECT id, content_hash FROM articles WHERE id IN ({marks(chunk)})", chunk
            )
            hashes.update((row[0], row[1]) for row in rows)
        return hashes

    def add_articles(self, articles: Sequence[Article]) -> int:
        """Insert the articles not yet stored (by id), in one transaction; how many were new.
        Stories become stale until `update_stories` (runners.ingest) catches up."""
        return len(self.insert_articles(articles))

    def insert_articles(self, articles: Sequence[Article]) -> list[str]:
        """`add_articles`, returning the ids this call inserted (an id another writer stored
        first is not among them)."""
        added = now()
        inserted: list[str] = []
        with self._db.transaction():
            for article in articles:
                day = article.published_date
                rows = self._db.execute(
                    "INSERT INTO articles (id, title, text, outlet, url, published, "
                    "published_at, content_hash, record, added_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING "
                    "RETURNING id",
                    (
                        article.id,
                        article.title,
                        article.clean_text,
                        article.outlet,
                        article.url,
                        day.isoformat() if day else None,
                        article.published.isoformat() if article.published else None,
                        content_hash(article),
                        encode(replace(article, family=None, family_match=None, voice=None)),
                        added,
                    ),
                )
                inserted.extend(str(row[0]) for row in rows)
            if inserted:
                self._db.execute("UPDATE store_state SET articles_version = articles_version + 1")
        return inserted

    def load_articles(self) -> list[StoredArticle]:
        """Every stored article, in the order they were added."""
        return self._articles("", ())

    def story_digests(self) -> dict[str, str]:
        """Stored stories by id, with the digest of what their brief was built from."""
        return {row[0]: row[1] for row in self._db.execute("SELECT id, digest FROM stories")}

    def write_families(
        self, families: Sequence[Family], changed: Mapping[str, ArticleFamily]
    ) -> None:
        """Replace the families and set the family, voice and match of `changed` articles,
        in one transaction."""
        with self._db.transaction():
            stored = {row[0]: row[1] for row in self._db.execute("SELECT id, record FROM families")}
            wanted = {family.family_id: encode(family) for family in families}
            gone = [family_id for family_id in stored if family_id not in wanted]
            for chunk in chunked(gone):
                self._db.execute(f"DELETE FROM families WHERE id IN ({marks(chunk)})", chunk)
            self._db.executemany(
                "INSERT INTO families (id, canonical, size, record) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET canonical = excluded.canonical, "
                "size = excluded.size, record = excluded.record",
                [
                    (f.family_id, f.canonical, len(f.members), wanted[f.family_id])
                    for f in families
                    if stored.get(f.family_id) != wanted[f.family_id]
                ],
            )
            self._db.executemany(
                "UPDATE articles SET family = ?, voice = ?, family_match = ? WHERE id = ?",
                [
                    (
                        where.family,
                        where.voice,
                        encode(where.family_match) if where.family_match else None,
                        article_id,
                    )
                    for article_id, where in changed.items()
                ],
            )

    def write_story(
        self, story: Story, brief: Brief, members: Sequence[Article], *, digest: str
    ) -> None:
        """Store (or replace) one story, its brief, facts and entities, and point its
        articles at it: all in one transaction."""
        days = [a.published_date for a in members if a.published_date is not None]
        outlets = {a.outlet or f"\x00{a.id}" for a in members}
        with self._db.transaction():
            self._db.execute(
                "INSERT INTO stories (id, headline, first_published, last_published, "
                "article_count, source_count, digest, record, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                "headline = excluded.headline, first_published = excluded.first_published, "
                "last_published = excluded.last_published, "
                "article_count = excluded.article_count, source_count = excluded.source_count, "
                "digest = excluded.digest, record = excluded.record, "
                "updated_at = excluded.updated_at",
                (
                    story.story_id,
                    story.headline,
                    min(days).isoformat() if days else None,
                    max(days).isoformat() if days else None,
                    len(story.article_ids),
                    len(outlets),
                    digest,
                    encode(story),
                    now(),
                ),
            )
            self._record_change(brief)
            self._write_brief(brief)
            # A retired id that names a story again is that story, no longer an alias.
            self._db.execute("DELETE FROM story_aliases WHERE id = ?", (story.story_id,))
            for chunk in chunked(list(story.article_ids)):
                self._db.execute(
                    f"UPDATE articles SET story_id = ? WHERE id IN ({marks(chunk)})",
                    (story.story_id, *chunk),
                )

    def add_story_aliases(self, successors: Mapping[str, str]) -> None:
        """Record that each story id of `successors` lives on as the story it maps to (the
        story it merged into), in one transaction; a later alias for the same id wins."""
        added = now()
        with self._db.transaction():
            self._db.executemany(
                "INSERT INTO story_aliases (id, story_id, added_at) VALUES (?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id, "
                "added_at = excluded.added_at",
                [(old, new, added) for old, new in successors.items()],
            )

    def delete_stories(self, story_ids: Sequence[str]) -> None:
        """Remove stories (with their briefs, facts and entities) no article points at."""
        with self._db.transaction():
            for chunk in chunked(list(story_ids)):
                self._db.execute(
                    f"UPDATE articles SET story_id = NULL WHERE story_id IN ({marks(chunk)})",
                    chunk,
                )
                self._db.execute(f"DELETE FROM stories WHERE id IN ({marks(chunk)})", chunk)

    def mark_stories_current(self, articles_version: int) -> None:
        """Stories now reflect the articles as of `articles_version`."""
        with self._db.transaction():
            self._db.execute("UPDATE store_state SET stories_version = ?", (articles_version,))

    def load_embeddings(self) -> dict[str, npt.NDArray[np.float32]]:
        """Stored lead embeddings by key (a hash of the lead text)."""
        return {
            key: np.frombuffer(bytes(vector), dtype=np.float32)
            for key, vector in self._db.execute("SELECT key, vector FROM embeddings")
        }

    def add_embeddings(self, vectors: Mapping[str, npt.NDArray[np.float32]]) -> None:
        with self._db.transaction():
            self._db.executemany(
                "INSERT INTO embeddings (key, vector) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
                [
                    (key, np.asarray(vector, dtype=np.float32).tobytes())
                    for key, vector in vectors.items()
                ],
            )

    def start_run(self, command: str) -> int:
        """Record that a run began; its id."""
        with self._db.transaction():
            rows = self._db.execute(
                "INSERT INTO runs (command, started_at) VALUES (?, ?) RETURNING id",
                (command, now()),
            )
        return int(rows[0][0])

    def finish_run(self, run_id: int, report: Mapping[str, Any]) -> None:
        with self._db.transaction():
            self._db.execute(
                "UPDATE runs SET finished_at = ?, report = ? WHERE id = ?",
                (now(), json.dumps(report, ensure_ascii=False), run_id),
            )

    # --- helpers ---------------------------------------------------------------------------

    def _write_brief(self, brief: Brief) -> None:
        story_id = brief.story_id
        searchable = "\n".join([*(s.text for s in brief.summary), *(f.text for f in brief.facts)])
        self._db.execute(
            "INSERT INTO briefs (story_id, headline, text, record) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (story_id) DO UPDATE SET headline = excluded.headline, "
            "text = excluded.text, record = excluded.record",
            (story_id, brief.headline, searchable, encode(brief)),
        )
        self._db.execute("DELETE FROM facts WHERE story_id = ?", (story_id,))
        self._db.executemany(
            "INSERT INTO facts (story_id, position, text, independent_sources, sources) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (story_id, position, f.text, f.independent_sources, json.dumps(list(f.sources)))
                for position, f in enumerate(brief.facts)
            ],
        )
        self._db.execute("DELETE FROM story_entities WHERE story_id = ?", (story_id,))
        names: dict[str, tuple[str, str]] = {}
        for entity in brief.entities:
            for name in (entity.name, *entity.aliases):
                names.setdefault(_entity_key(name), (entity.name, entity.type))
        self._db.executemany(
            "INSERT INTO story_entities (story_id, key, name, type) VALUES (?, ?, ?, ?)",
            [(story_id, key, name, kind) for key, (name, kind) in names.items()],
        )

    def _articles(self, clause: str, params: Sequence[Any]) -> list[StoredArticle]:
        rows = self._db.execute(
            "SELECT a.record, a.story_id, a.family, a.voice, a.family_match, a.added_at "
            f"FROM articles a {clause} ORDER BY a.seq",
            params,
        )
        return [_stored_article(row) for row in rows]


def _stale(state: StoreState) -> bool:
    return state.articles_version != state.stories_version


def _summary(row: Row) -> StorySummary:
    return StorySummary(
        story_id=row[0],
        headline=row[1],
        first_published=stored_day(row[2]),
        last_published=stored_day(row[3]),
        article_count=int(row[4]),
        source_count=int(row[5]),
    )


def _run(row: Row) -> RunRecord:
    report = json.loads(row[4]) if row[4] else None
    return RunRecord(int(row[0]), row[1], row[2], row[3], report)


def _stored_article(row: Row) -> StoredArticle:
    record, story_id, family, voice, match, added_at = row
    article = replace(
        decode(Article, record),
        family=family,
        voice=voice,
        family_match=decode(FamilyMatch, match) if match else None,
    )
    return StoredArticle(article=article, story_id=story_id, added_at=added_at)


def _entity_key(name: str) -> str:
    return " ".join(name.casefold().split())
