"""The `brief` stage: the account of one story, in the JSON contract of DESIGN.md.

Until fusion lands (issue 5) the brief carries what is already known for certain: the
headline, the opening sentence of the story's first article (cited to it), and per source
who published it, when, its crawl status and what cleaning removed. Every other list is
empty rather than guessed.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsfuse.model import (
    Article,
    Brief,
    Entity,
    EntityRecord,
    SourceRecord,
    Story,
    StoryExtraction,
    SummarySentence,
)
from newsfuse.text import first_sentence

__all__ = ["write_brief"]


def write_brief(
    story: Story,
    articles: Mapping[str, Article],
    *,
    extraction: StoryExtraction | None = None,
) -> Brief:
    """Build the brief of `story` from its (cleaned) articles, looked up by id; who's who
    and quotes come from the story's extraction when it ran."""
    members = [articles[article_id] for article_id in story.article_ids]
    lede = next((a for a in members if a.paragraphs), None)
    summary = (
        (SummarySentence(first_sentence(lede.paragraphs[0]), (lede.id,)),)
        if lede is not None
        else ()
    )
    return Brief(
        story_id=story.story_id,
        headline=story.headline,
        summary=summary,
        entities=tuple(_entity_record(e) for e in extraction.entities) if extraction else (),
        quotes=extraction.quotes if extraction else (),
        sources=tuple(_source_record(article) for article in members),
    )


def _entity_record(entity: Entity) -> EntityRecord:
    return EntityRecord(
        name=entity.name,
        type=entity.type,
        aliases=entity.aliases,
        sources=entity.sources,
        roles=entity.roles,
        mentions=entity.mentions,
    )


def _source_record(article: Article) -> SourceRecord:
    return SourceRecord(
        id=article.id,
        outlet=article.outlet,
        published=article.published_date,
        status=article.status,
        family=article.family or article.id,
        title=article.title,
        url=article.url,
        removed=article.removals,
        bylines=article.bylines,
    )
