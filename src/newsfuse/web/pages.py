"""The pages people read: story list, story page, article page, search, and the runs that
filled the store (what each read, skipped and recovered from).

Server-rendered with Jinja (autoescaping every value); no page runs a script. Filters
arrive from HTML forms, where an empty field is an empty string: they are parsed here, and
a bad value is a 400 page saying which field is wrong.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, cast

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsfuse.render.html import brief_context
from newsfuse.web.runtime import WebContext
from newsfuse.web.views import (
    api_article_href,
    api_story_href,
    api_storyline_href,
    article_href,
    article_view,
    date_range,
    default_changed_since,
    iso_time,
    merged_days,
    page_href,
    run_view,
    sparkline,
    story_href,
    story_row,
    storyline_href,
)

__all__ = ["RUNS_PER_PAGE", "STORIES_PER_PAGE", "context", "router"]

STORIES_PER_PAGE = 50
RUNS_PER_PAGE = 50
MAX_QUERY_CHARS = 200
SEARCH_LIMIT = 20

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)

_Text = Annotated[str, Query(max_length=MAX_QUERY_CHARS)]


def context(request: Request) -> WebContext:
    return cast(WebContext, request.app.state.context)


@router.get("/")
def story_list(
    request: Request,
    since: _Text = "",
    until: _Text = "",
    entity: _Text = "",
    sort: Literal["newest", "changed"] = "newest",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    web = context(request)
    first, last = _date(since, "since"), _date(until, "until")
    with web.pool.store() as store:
        if sort == "changed":  # the last day's most changed stories (filters do not apply)
            ids = store.most_changed(
                since=iso_time(default_changed_since()),
                limit=STORIES_PER_PAGE + 1,
                offset=(page - 1) * STORIES_PER_PAGE,
            )
            found = store.story_summaries(ids)
            summaries = [found[story_id] for story_id in ids if story_id in found]
        else:
            summaries = store.list_stories(
                since=first,
                until=last,
                entity=entity.strip() or None,
                limit=STORIES_PER_PAGE + 1,
                offset=(page - 1) * STORIES_PER_PAGE,
            )
        shown = summaries[:STORIES_PER_PAGE]
        days = store.story_days([s.story_id for s in shown])
        counts = store.counts()
        last_runs = store.runs(limit=1)
    filters = {"since": since, "until": until, "entity": entity}
    links = {"sort": sort} if sort == "changed" else filters
    html = web.render(
        "stories.html",
        most_changed=sort == "changed",
        rows=[story_row(summary, days[summary.story_id]) for summary in shown],
        filters=filters,
        filtered=sort != "changed" and any(value.strip() for value in filters.values()),
        page=page,
        newer=page_href("/", **links, page=page - 1) if page > 1 else None,
        older=page_href("/", **links, page=page + 1) if len(summaries) > STORIES_PER_PAGE else None,
        counts=counts,
        last_run=run_view(last_runs[0]) if last_runs else None,
    )
    return HTMLResponse(html)


@router.get("/stories/{story_id:path}")
def story_page(request: Request, story_id: str, changed_since: _Text = "") -> Response:
    """A story's page; the id of a story merged into another redirects (301) to that one.
    "What changed" lists the latest updates of its brief, or those after `changed_since`."""
    web = context(request)
    after = _time(changed_since, "changed_since")
    with web.pool.store() as store:
        stored = store.get_story(story_id)
        successor = store.successor(story_id) if stored is None else None
        storyline = store.storyline_of(story_id) if stored is not None else None
        changes = store.story_changes(story_id, since=after, limit=50 if after else 10)
    if successor is not None:
        return RedirectResponse(story_href(successor), status_code=301)
    if stored is None:
        raise HTTPException(404, f"no story {story_id!r}")
    articles = {item.article.id: item.article for item in stored.articles}
    links = {article_id: article_href(article_id) for article_id in articles}
    values: dict[str, object] = {
        "story_summary": stored.summary,
        "story_articles": [(article_href(a.article.id), a.article) for a in stored.articles],
        "dates": date_range(stored.summary.first_published, stored.summary.last_published),
        "api_href": api_story_href(story_id),
        "storyline_href": storyline_href(storyline) if storyline else None,
        "changes": changes,
        "changed_since": after,
        "last_day": iso_time(default_changed_since()),
    }
    if stored.brief is not None:
        values.update(brief_context(stored.brief, articles, back_href="/", article_links=links))
    return HTMLResponse(web.render("story.html", has_brief=stored.brief is not None, **values))


@router.get("/storylines")
def storyline_list(
    request: Request, page: Annotated[int, Query(ge=1, le=10_000)] = 1
) -> HTMLResponse:
    """Storylines, newest first: each a topic's stories linked over time."""
    web = context(request)
    with web.pool.store() as store:
        lines = store.list_storylines(
            limit=STORIES_PER_PAGE + 1, offset=(page - 1) * STORIES_PER_PAGE
        )
        shown = lines[:STORIES_PER_PAGE]
        story_ids = [s for line in shown for s in line.story_ids]
        days = store.story_days(story_ids)
        summaries = store.story_summaries(story_ids)
        counts = store.counts()
    rows = [
        {
            "href": storyline_href(line.storyline_id),
            "title": line.title,
            "stories": len(line.story_ids),
            "articles": sum(summaries[s].article_count for s in line.story_ids if s in summaries),
            "dates": date_range(line.first, line.last),
            "sparkline": sparkline(merged_days(days[s] for s in line.story_ids)),
        }
        for line in shown
    ]
    html = web.render(
        "storylines.html",
        rows=rows,
        counts=counts,
        newer=page_href("/storylines", page=page - 1) if page > 1 else None,
        older=page_href("/storylines", page=page + 1) if len(lines) > STORIES_PER_PAGE else None,
    )
    return HTMLResponse(html)


@router.get("/storylines/{storyline_id:path}")
def storyline_page(request: Request, storyline_id: str) -> HTMLResponse:
    """A storyline's stories in order, with its articles over time."""
    web = context(request)
    with web.pool.store() as store:
        line = store.get_storyline(storyline_id)
        if line is None:
            raise HTTPException(404, f"no storyline {storyline_id!r}")
        summaries = store.story_summaries(line.story_ids)
        days = store.story_days(list(line.story_ids))
    stories = [
        story_row(summaries[story_id], days[story_id])
        for story_id in line.story_ids
        if story_id in summaries
    ]
    html = web.render(
        "storyline.html",
        line=line,
        dates=date_range(line.first, line.last),
        stories=stories,
        timeline=sparkline(merged_days(days.values()), width=720, height=120),
        api_href=api_storyline_href(storyline_id),
    )
    return HTMLResponse(html)


@router.get("/articles/{article_id:path}")
def article_page(request: Request, article_id: str) -> HTMLResponse:
    web = context(request)
    with web.pool.store() as store:
        stored = store.get_article(article_id)
    if stored is None:
        raise HTTPException(404, f"no article {article_id!r}")
    view = article_view(stored)
    api_href = api_article_href(article_id)
    return HTMLResponse(web.render("article.html", article=view, api_href=api_href))


@router.get("/search")
def search_page(request: Request, q: _Text = "") -> HTMLResponse:
    web = context(request)
    results = None
    if q.strip():
        with web.pool.store() as store:
            results = store.search(q, limit=SEARCH_LIMIT)
    html = web.render(
        "search.html",
        query=q,
        results=results,
        story_href=story_href,
        article_href=article_href,
    )
    return HTMLResponse(html)


@router.get("/runs")
def runs_page(request: Request) -> HTMLResponse:
    """The latest runs, newest first: inputs and articles read, skips by reason, warnings
    by kind, and the first few of each by name."""
    web = context(request)
    with web.pool.store() as store:
        runs = [run_view(run) for run in store.runs(limit=RUNS_PER_PAGE)]
    return HTMLResponse(web.render("runs.html", runs=runs, shown=RUNS_PER_PAGE))


@router.get("/static/newsfuse.css")
def stylesheet(request: Request) -> Response:
    """The one stylesheet: the briefs' CSS and the app's own, from the template folders
    (fixed names; no path from a request ever reaches the file system)."""
    web = context(request)
    css = web.render("base.css") + "\n" + web.render("web.css")
    return Response(css, media_type="text/css", headers={"Cache-Control": "max-age=300"})


def _date(value: str, name: str) -> dt.date | None:
    text = value.strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise HTTPException(400, f"{name}: {text!r} is not a date (YYYY-MM-DD)") from exc


def _time(value: str, name: str) -> str | None:
    """An ISO date or time from a form or link, as the store compares times (UTC text)."""
    text = value.strip()
    if not text:
        return None
    try:
        return iso_time(dt.datetime.fromisoformat(text))
    except ValueError as exc:
        raise HTTPException(400, f"{name}: {text!r} is not an ISO date or time") from exc
