"""The JSON API for programs: stories, articles, search, and posting new articles.

Records are serialised with `render.json`, the shapes `newsfuse run` writes. Posted
articles take the fields of a JSONL input line; they are committed to the store's queue
before the answer (202), then stored and grouped in the background (`GET /api/intake/{id}`
says where one is, `GET /api/status` when all are done).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator

from newsfuse.read.jsonl import parse_published
from newsfuse.render.json import article_to_dict, brief_to_dict, story_to_dict, to_jsonable
from newsfuse.store import SearchHit, StorySummary
from newsfuse.storylines import Storyline, storyline_to_dict
from newsfuse.web.pages import MAX_QUERY_CHARS, context
from newsfuse.web.runtime import PostedArticle
from newsfuse.web.views import (
    RunView,
    api_story_href,
    api_storyline_href,
    article_href,
    default_changed_since,
    intake_href,
    iso_time,
    run_view,
    story_href,
    storyline_href,
)

__all__ = ["MAX_POSTED_ARTICLES", "ArticleIn", "router"]

#: Articles one POST may carry; the body size limit (guard.py) bounds their text.
MAX_POSTED_ARTICLES = 500

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
router = APIRouter(prefix="/api", tags=["api"])


class ArticleIn(BaseModel):
    """One article, as a line of JSONL input: `id` and `text` required."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=False)

    id: str = Field(min_length=1, max_length=500, description="stable id; re-posting it is a no-op")
    text: str = Field(min_length=1, description="the article's text, paragraphs on lines")
    title: str | None = Field(None, max_length=2_000)
    published: str | None = Field(None, description="ISO date or datetime", max_length=40)
    source: str | None = Field(None, max_length=500, description="the outlet")
    url: str | None = Field(None, max_length=4_000)
    status: int | None = Field(None, ge=100, le=599, description="HTTP status of the crawl")

    @field_validator("id", "text", "title", "source", "url", "published")
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        # The readers refuse these too: NUL breaks PostgreSQL text, and \x02/\x03 mark
        # search matches.
        if value is not None and _CONTROL.search(value):
            raise ValueError("must not contain control characters (other than tab and newline)")
        return value

    @field_validator("id", "text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank")
        return value

    @field_validator("published")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None and value.strip() and parse_published(value) is None:
            raise ValueError("not an ISO date or datetime")
        return value

    def posted(self) -> PostedArticle:
        return PostedArticle(
            id=self.id.strip(),
            text=self.text,
            title=_optional(self.title),
            published=parse_published(self.published),
            source=_optional(self.source),
            url=_optional(self.url),
            status=self.status,
        )


_Posted = Annotated[
    ArticleIn | Annotated[list[ArticleIn], Field(min_length=1, max_length=MAX_POSTED_ARTICLES)],
    Body(description="one article, or a list of them"),
]


@router.get("/stories", summary="Stories, newest then biggest (or most changed)")
def list_stories(
    request: Request,
    since: dt.date | None = None,
    until: dt.date | None = None,
    entity: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS)] = None,
    sort: Literal["newest", "changed"] = "newest",
    changed_since: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    """Stories with an article in [since, until], naming `entity` if given; `sort=changed`:
    the stories whose briefs changed most after `changed_since` (default: the last day),
    by new articles, facts, figures and disputes."""
    with context(request).pool.store() as store:
        if sort == "changed":
            after = iso_time(changed_since or default_changed_since())
            ids = store.most_changed(since=after, limit=limit, offset=offset)
            rows = store.story_summaries(ids)
            stories = [rows[story_id] for story_id in ids if story_id in rows]
        else:
            stories = store.list_stories(
                since=since, until=until, entity=entity, limit=limit, offset=offset
            )
    return {"stories": [_summary(s) for s in stories], "limit": limit, "offset": offset}


@router.get(
    "/stories/{story_id:path}",
    summary="One story with its brief",
    response_model=None,
    responses={301: {"description": "The story merged into another: `Location` names it"}},
)
def get_story(
    request: Request, story_id: str, changed_since: dt.datetime | None = None
) -> dict[str, Any] | JSONResponse:
    """A story merged into another answers 301, its successor's URL in `Location` and its
    id in the body. `changes`: what each update of its brief added, newest first (those
    after `changed_since` if given, else the latest 20)."""
    with context(request).pool.store() as store:
        stored = store.get_story(story_id)
        successor = store.successor(story_id) if stored is None else None
        after = iso_time(changed_since) if changed_since else None
        changes = store.story_changes(story_id, since=after, limit=200 if after else 20)
    if successor is not None:
        href = api_story_href(successor)
        moved = {"story_id": successor, "merged_from": story_id, "href": href}
        return JSONResponse(moved, status_code=301, headers={"Location": href})
    if stored is None:
        raise HTTPException(404, f"no story {story_id!r}")
    return {
        **_summary(stored.summary),
        "story": story_to_dict(stored.story),
        "brief": brief_to_dict(stored.brief) if stored.brief else None,
        "articles": [
            {
                "id": item.article.id,
                "title": item.article.title,
                "outlet": item.article.outlet,
                "published": item.article.published_date,
                "href": article_href(item.article.id),
            }
            for item in stored.articles
        ],
        "changes": [{"changed_at": c.changed_at, **to_jsonable(c.change)} for c in changes],
    }


@router.get("/storylines", summary="Storylines (stories of one topic over time), newest first")
def list_storylines(
    request: Request,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> dict[str, Any]:
    with context(request).pool.store() as store:
        lines = store.list_storylines(limit=limit, offset=offset)
    return {"storylines": [_storyline(line) for line in lines], "limit": limit, "offset": offset}


@router.get("/storylines/{storyline_id:path}", summary="One storyline with its stories in order")
def get_storyline(request: Request, storyline_id: str) -> dict[str, Any]:
    with context(request).pool.store() as store:
        line = store.get_storyline(storyline_id)
        if line is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        summaries = store.story_summaries(line.story_ids)
    return {
        **_storyline(line),
        "story_list": [_summary(summaries[s]) for s in line.story_ids if s in summaries],
    }


@router.get("/articles/{article_id:path}", summary="One stored article")
def get_article(request: Request, article_id: str) -> dict[str, Any]:
    with context(request).pool.store() as store:
        stored = store.get_article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id!r}")
    return {
        **article_to_dict(stored.article, story_id=stored.story_id),
        "added_at": stored.added_at,
    }


@router.get("/search", summary="Search stories (their briefs) and articles")
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS)],
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Every word of `q` must match; quotes, operators and other syntax are ignored."""
    with context(request).pool.store() as store:
        results = store.search(q, limit=limit)
    return {
        "query": q,
        "stories": [_hit(hit) for hit in results.stories],
        "articles": [_hit(hit) for hit in results.articles],
    }


@router.post("/articles", status_code=202, summary="Add articles; stored and grouped in background")
def post_articles(request: Request, body: _Posted) -> dict[str, Any]:
    """Queues the articles neither stored nor queued (by id): committed before the answer,
    then cleaned, annotated, stored and grouped by the worker. `/api/intake/{id}` says where
    each one is."""
    web = context(request)
    items = body if isinstance(body, list) else [body]
    result = web.intake.add([item.posted() for item in items], web.pool)
    if result.queued:
        web.updater.request()
    return {
        "queued": list(result.queued),
        "already_stored": list(result.already_stored),
        "already_queued": list(result.already_queued),
        "intake": [intake_href(article_id) for article_id in result.queued],
        "status": "/api/status",
    }


@router.get("/intake/{article_id:path}", summary="Where a posted article is")
def intake_state(request: Request, article_id: str) -> dict[str, Any]:
    """`queued` (waiting for the worker), `stored` (with its `story_id` once stories have
    caught up), `skipped` (with the `reason` and `detail`); 404 if never posted or ingested."""
    with context(request).pool.store() as store:
        state = store.intake_states([article_id])[article_id]
    if state.state == "unknown":
        raise HTTPException(404, f"no article {article_id!r} was posted or stored")
    return {
        "id": state.article_id,
        "state": state.state,
        "story_id": state.story_id,
        "story_href": story_href(state.story_id) if state.story_id else None,
        "reason": state.reason,
        "detail": state.detail,
    }


@router.get("/status", summary="What the store holds; whether stories are being updated")
def status(request: Request) -> dict[str, Any]:
    web = context(request)
    with web.pool.store() as store:
        counts = store.counts()
    return {
        "articles": counts.articles,
        "stories": counts.stories,
        "briefs": counts.briefs,
        "families": counts.families,
        "stale": counts.stale,
        "queued": counts.queued,
        "updating": web.updater.busy,
        "updates_failed": web.updater.failures,
    }


@router.get("/runs", summary="The latest ingests and runs: what each read, skipped, recovered")
def list_runs(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 20) -> dict[str, Any]:
    """Newest first; counts only (`/api/runs/{run_id}` lists every skip and warning). A run
    with no `finished_at` was interrupted, or is still running."""
    with context(request).pool.store() as store:
        runs = store.runs(limit=limit)
    return {"runs": [_run(run_view(run, details=0)) for run in runs]}


@router.get("/runs/{run_id}", summary="One run's full report")
def get_run(request: Request, run_id: Annotated[int, Path(ge=1, le=2**62)]) -> dict[str, Any]:
    with context(request).pool.store() as store:
        run = store.get_run(run_id)
    if run is None:
        raise HTTPException(404, f"no run {run_id}")
    return {**_run(run_view(run, details=0)), "report": run.report}


def _run(view: RunView) -> dict[str, Any]:
    return {
        "run_id": view.run_id,
        "command": view.command,
        "started_at": view.started_at,
        "finished_at": view.finished_at,
        "inputs": view.inputs,
        "articles": view.articles,
        "new_articles": view.new_articles,
        "skipped": view.skipped,
        "skipped_by_reason": dict(view.skipped_by_reason),
        "warnings": view.warnings,
        "warnings_by_kind": dict(view.warnings_by_kind),
        "removed_lines": view.removed_lines,
        "stories": view.stories,
        "stories_changed": view.stories_changed,
        "seconds": view.seconds,
        "href": f"/api/runs/{view.run_id}",
    }


def _summary(summary: StorySummary) -> dict[str, Any]:
    return {
        "story_id": summary.story_id,
        "headline": summary.headline,
        "first_published": summary.first_published,
        "last_published": summary.last_published,
        "article_count": summary.article_count,
        "source_count": summary.source_count,
        "href": story_href(summary.story_id),
    }


def _storyline(line: Storyline) -> dict[str, Any]:
    """The shape of `storylines.jsonl`, with the links a client follows."""
    return {
        **storyline_to_dict(line),
        "href": storyline_href(line.storyline_id),
        "api_href": api_storyline_href(line.storyline_id),
    }


def _hit(hit: SearchHit) -> dict[str, Any]:
    return {
        "kind": hit.kind,
        "id": hit.id,
        "story_id": hit.story_id,
        "title": hit.title,
        "published": hit.published,
        "snippet": "".join(part.text for part in hit.snippet),
        "matches": [part.text for part in hit.snippet if part.match],
        "rank": hit.rank,
        "href": story_href(hit.id) if hit.kind == "story" else article_href(hit.id),
    }


def _optional(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None
