"""View records for the app's pages: plain values the templates lay out (they escape
everything), with links built here so that no template assembles a URL from data."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from newsfuse.model import REMOVAL_REASON_TEXT
from newsfuse.render.html import is_web_url
from newsfuse.store import RunRecord, StoredArticle, StorySummary

__all__ = [
    "ArticleView",
    "RunView",
    "Sparkline",
    "StoryRow",
    "api_article_href",
    "api_story_href",
    "api_storyline_href",
    "article_href",
    "article_view",
    "date_range",
    "default_changed_since",
    "intake_href",
    "iso_time",
    "merged_days",
    "page_href",
    "run_view",
    "sparkline",
    "story_href",
    "story_row",
    "storyline_href",
]

# Sparkline geometry (SVG user units): 120 × 28 fits a table cell; at most 60 bars' worth
# of points, so a story running for months is drawn by bucketed days, not 1-pixel steps.
_SPARK_WIDTH = 120
_SPARK_HEIGHT = 28
_SPARK_PAD = 3
_SPARK_MAX_POINTS = 60
# Skips and warnings listed by name per run on /runs; the counts always cover them all, and
# /api/runs/{id} has the full lists.
RUN_DETAILS = 20


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    points: str  # "x,y x,y …" for a polyline
    dots: tuple[tuple[float, float], ...]
    label: str


@dataclass(frozen=True, slots=True)
class StoryRow:
    href: str
    headline: str
    articles: int
    sources: int
    dates: str
    sparkline: Sparkline | None


@dataclass(frozen=True, slots=True)
class ArticleView:
    id: str
    title: str
    outlet: str | None
    published: str | None
    url: str | None
    url_is_link: bool
    status: int | None
    story_href: str | None
    story_id: str | None
    family: str | None
    added_at: str
    paragraphs: tuple[str, ...]
    removed: tuple[tuple[str, str], ...]
    bylines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RunView:
    """One run's report: inputs and articles read, articles skipped (by reason) and
    recovered from (warnings, by kind). Counts are None for a run that never finished."""

    run_id: int
    command: str
    started_at: str
    finished_at: str | None
    inputs: int | None
    articles: int | None
    new_articles: int | None
    skipped: int | None
    skipped_by_reason: Mapping[str, int]
    warnings: int | None
    warnings_by_kind: Mapping[str, int]
    removed_lines: int | None
    stories: int | None
    stories_changed: int | None
    seconds: float | None
    skips: tuple[tuple[str, str, str], ...]  # (input, reason, detail), the first few
    warning_list: tuple[tuple[str, str, str], ...]  # (input, kind, detail), the first few

    @property
    def status(self) -> str:
        return "finished" if self.finished_at else "interrupted (or still running)"


def story_href(story_id: str) -> str:
    # Every character but unreserved ones percent-encoded: an id is data, never a path.
    return "/stories/" + quote(story_id, safe="")


def article_href(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def api_story_href(story_id: str) -> str:
    return "/api/stories/" + quote(story_id, safe="")


def api_article_href(article_id: str) -> str:
    return "/api/articles/" + quote(article_id, safe="")


#: "What changed" without a time given: the last day.
CHANGED_WINDOW = dt.timedelta(days=1)


def default_changed_since() -> dt.datetime:
    return dt.datetime.now(dt.UTC) - CHANGED_WINDOW


def iso_time(value: dt.datetime) -> str:
    """A time as the store writes its own (`backend.now`: UTC, ISO 8601), so the two compare
    as text; a time without a zone is taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat(timespec="seconds")


def intake_href(article_id: str) -> str:
    return "/api/intake/" + quote(article_id, safe="")


def storyline_href(storyline_id: str) -> str:
    return "/storylines/" + quote(storyline_id, safe="")


def api_storyline_href(storyline_id: str) -> str:
    return "/api/storylines/" + quote(storyline_id, safe="")


def merged_days(
    days: Iterable[Sequence[tuple[dt.date, int]]],
) -> list[tuple[dt.date, int]]:
    """Articles per day over several stories (a storyline's timeline), in day order."""
    total: Counter[dt.date] = Counter()
    for story in days:
        for day, count in story:
            total[day] += count
    return sorted(total.items())


def page_href(path: str, **params: str | int | None) -> str:
    """`path` with the query of the params that are set."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    return f"{path}?{query}" if query else path


def date_range(first: dt.date | None, last: dt.date | None) -> str:
    if first is None or last is None:
        return "undated"
    return first.isoformat() if first == last else f"{first} – {last}"


def story_row(summary: StorySummary, days: Sequence[tuple[dt.date, int]]) -> StoryRow:
    return StoryRow(
        href=story_href(summary.story_id),
        headline=summary.headline,
        articles=summary.article_count,
        sources=summary.source_count,
        dates=date_range(summary.first_published, summary.last_published),
        sparkline=sparkline(days),
    )


def sparkline(
    days: Sequence[tuple[dt.date, int]],
    *,
    width: int = _SPARK_WIDTH,
    height: int = _SPARK_HEIGHT,
) -> Sparkline | None:
    """Articles per day from a story's first day to its last (days without one count 0);
    None for a story with no dated article. A wider chart (a storyline's) keeps at most
    one point per two units of width."""
    if not days:
        return None
    first, last = days[0][0], days[-1][0]
    span = (last - first).days + 1
    per_bucket = math.ceil(span / max(_SPARK_MAX_POINTS, width // 2))
    counts = [0] * math.ceil(span / per_bucket)
    for day, count in days:
        counts[(day - first).days // per_bucket] += count
    top = max(counts)
    inner_w, inner_h = width - 2 * _SPARK_PAD, height - 2 * _SPARK_PAD
    step = inner_w / (len(counts) - 1) if len(counts) > 1 else 0.0
    coords = [
        (
            round(_SPARK_PAD + (index * step if len(counts) > 1 else inner_w / 2), 1),
            round(_SPARK_PAD + inner_h * (1 - count / top), 1),
        )
        for index, count in enumerate(counts)
    ]
    total = sum(count for _, count in days)
    unit = "day" if per_bucket == 1 else f"{per_bucket} days"
    label = (
        f"{total} dated article{'s' * (total != 1)} over {span} day{'s' * (span != 1)}, "
        f"at most {top} a {unit}"
    )
    return Sparkline(
        width,
        height,
        " ".join(f"{x},{y}" for x, y in coords),
        tuple(coords) if len(coords) <= 12 else (coords[-1],),
        label,
    )


def article_view(stored: StoredArticle) -> ArticleView:
    article = stored.article
    return ArticleView(
        id=article.id,
        title=article.title or article.id,
        outlet=article.outlet,
        published=article.published.isoformat() if article.published else None,
        url=article.url,
        url_is_link=is_web_url(article.url),
        status=article.status,
        story_href=story_href(stored.story_id) if stored.story_id else None,
        story_id=stored.story_id,
        family=article.family,
        added_at=stored.added_at,
        paragraphs=article.paragraphs if article.cleaned else (article.text,),
        removed=tuple((REMOVAL_REASON_TEXT[r.reason], r.text) for r in article.removals),
        bylines=article.bylines,
    )


def run_view(run: RunRecord, *, details: int = RUN_DETAILS) -> RunView:
    """A run record as shown; `details` skips and warnings listed by name."""
    report: Mapping[str, Any] = run.report or {}
    skips = report.get("skips", [])
    warnings = report.get("warning_list", [])
    by_kind = report.get("warnings_by_kind")
    if by_kind is None:  # runs recorded before the store kept the breakdown
        by_kind = dict(sorted(Counter(str(w.get("kind")) for w in warnings).items()))
    seconds = report.get("seconds")
    return RunView(
        run_id=run.run_id,
        command=run.command,
        started_at=run.started_at,
        finished_at=run.finished_at,
        inputs=report.get("inputs"),
        articles=report.get("articles"),
        new_articles=report.get("new_articles"),
        skipped=report.get("skipped"),
        skipped_by_reason=report.get("skipped_by_reason", {}),
        warnings=report.get("warnings"),
        warnings_by_kind=by_kind,
        removed_lines=report.get("removed_lines"),
        stories=report.get("stories"),
        stories_changed=report.get("stories_changed"),
        seconds=round(sum(seconds.values()), 1) if seconds else None,
        skips=tuple(_triple(s, "reason") for s in skips[:details]),
        warning_list=tuple(_triple(w, "kind") for w in warnings[:details]),
    )


def _triple(entry: Mapping[str, Any], name: str) -> tuple[str, str, str]:
    return (str(entry.get("input", "")), str(entry.get(name, "")), str(entry.get("detail", "")))
