"""Records to JSON-ready dicts, with the key names of the contract in DESIGN.md."""

from __future__ import annotations

import dataclasses
import datetime as dt
from enum import Enum
from typing import Any

from newsfuse.model import (
    REMOVAL_REASON_TEXT,
    Article,
    ArticleAnnotations,
    Brief,
    Family,
    Removal,
    RunReport,
    Story,
)

__all__ = [
    "article_to_dict",
    "brief_to_dict",
    "family_to_dict",
    "report_to_dict",
    "story_to_dict",
    "to_jsonable",
]


def to_jsonable(value: Any) -> Any:
    """Dataclasses to dicts, tuples to lists, dates to ISO strings, enums to their values."""
    if isinstance(value, Removal):
        return {"text": value.text, "reason": value.reason.value, "paragraph": value.paragraph}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


def brief_to_dict(brief: Brief) -> dict[str, Any]:
    """The brief in the contract's shape (`sources[].removed` as text + reason)."""
    data: dict[str, Any] = to_jsonable(brief)
    return data


def story_to_dict(story: Story) -> dict[str, Any]:
    """One line of `stories.jsonl`: id, headline, articles, and why each one joined."""
    return {
        "story_id": story.story_id,
        "headline": story.headline,
        "articles": list(story.article_ids),
        "evidence": [
            {
                "article": e.article_id,
                "closest": e.closest,
                "similarity": e.similarity,
                "closest_similarity": e.closest_similarity,
                "shared": list(e.shared),
                "shared_years": list(e.shared_years),
            }
            for e in story.evidence
        ],
    }


def family_to_dict(family: Family) -> dict[str, Any]:
    """One line of `families.jsonl`: id, canonical member, members, and how each matched."""
    return {
        "family_id": family.family_id,
        "canonical": family.canonical,
        "members": list(family.members),
        "evidence": [
            {"article": m.article_id, "matched": m.matched, "jaccard": m.jaccard}
            for m in family.evidence
        ],
    }


def article_to_dict(article: Article, *, story_id: str | None = None) -> dict[str, Any]:
    """One line of `articles.jsonl`: the cleaned article, its metadata and its removals."""
    return {
        "id": article.id,
        "story_id": story_id,
        "family": article.family or article.id,
        "family_match": to_jsonable(article.family_match),
        "voice": article.voice,
        "source": article.source,
        "outlet": article.outlet,
        "url": article.url,
        "title": article.title,
        "published": to_jsonable(article.published),
        "status": article.status,
        "origin": article.origin,
        "bylines": list(article.bylines),
        "credits": list(article.credits),
        "agency": article.agency,
        "text": article.clean_text,
        "paragraphs": list(article.paragraphs),
        "removals": to_jsonable(article.removals),
        **_annotations_to_dict(article.annotations),
    }


def _annotations_to_dict(annotations: ArticleAnnotations | None) -> dict[str, Any]:
    """`sentences` of an `articles.jsonl` line: each sentence with what extraction found
    in it (entities, times, quantities, quotes starting there, attributions); and the
    counts the title states."""
    if annotations is None:
        return {}
    rows: list[dict[str, Any]] = [
        {
            "index": s.index,
            "start": s.start,
            "end": s.end,
            "text": s.text,
            "entities": [],
            "times": [],
            "quantities": [],
            "quotes": [],
            "attributions": [],
        }
        for s in annotations.sentences
    ]
    for key, items in (
        ("entities", annotations.entities),
        ("times", annotations.times),
        ("quantities", annotations.quantities),
        ("quotes", annotations.quotes),
        ("attributions", annotations.attributions),
    ):
        for item in items:
            row = to_jsonable(item)
            del row["sentence"]
            rows[item.sentence][key].append(row)
    headline = [to_jsonable(q) for q in annotations.headline_quantities]
    places = [to_jsonable(place) for place in annotations.headline_places]
    for row in [*headline, *places]:
        del row["sentence"]
    return {
        "sentences": rows,
        "headline_quantities": headline,
        "headline_places": places,
        "extraction_skipped": annotations.skipped,
        "extraction_limited_to": annotations.limited_to,
    }


def report_to_dict(report: RunReport) -> dict[str, Any]:
    """`report.json`: counts first, then every skip and warning naming its input."""
    return {
        "inputs": report.inputs,
        "articles": report.articles,
        "skipped": len(report.skipped),
        "skipped_by_reason": report.skipped_by_reason,
        "warnings": len(report.warnings),
        "warnings_by_kind": report.warnings_by_kind,
        "removed_lines": report.removed_lines,
        "removed_by_reason": {reason.value: count for reason, count in report.removals},
        "removal_reasons": {reason.value: text for reason, text in REMOVAL_REASON_TEXT.items()},
        "families": report.families,
        "stories": report.stories,
        "skips": to_jsonable(report.skipped),
        "warning_list": to_jsonable(report.warnings),
    }
