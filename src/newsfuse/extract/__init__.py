"""The extract stage (issue 4): who, where, when, how many, and who said what.

Per article (`Extractor`, or `extract` with a model loaded once per process): sentences,
entity mentions with repaired types and roles, time expressions resolved to calendar days,
quantities with what they count, direct quotes with speakers, and attributions. Per story
(`extract_story`): one canonical entity per real entity, and quotes with canonical
speakers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from functools import cache

from newsfuse.extract.canonical import canonicalise
from newsfuse.extract.extractor import MAX_ARTICLE_CHARS, Extractor, Timings
from newsfuse.extract.parse import MODEL
from newsfuse.extract.story import attribute_quotes, extract_story
from newsfuse.model import Article, ArticleAnnotations, Story, StoryExtraction

__all__ = [
    "MAX_ARTICLE_CHARS",
    "MODEL",
    "Extractor",
    "Timings",
    "annotate_articles",
    "attribute_quotes",
    "canonicalise",
    "default_extractor",
    "extract",
    "extract_stories",
    "extract_story",
]


@cache
def default_extractor() -> Extractor:
    """The process's one Extractor: the model loads on first use, never per article."""
    return Extractor()


def extract(article: Article) -> ArticleAnnotations:
    """Annotate one article with the process's shared Extractor."""
    return default_extractor()(article)


def annotate_articles(
    articles: Iterable[Article], *, extractor: Extractor | None = None
) -> list[Article]:
    """The articles with their `annotations` filled (one batched pass of the model)."""
    articles = list(articles)
    annotations = (extractor or default_extractor()).extract_many(articles)
    return [
        replace(article, annotations=annotation)
        for article, annotation in zip(articles, annotations, strict=True)
    ]


def extract_stories(
    stories: Iterable[Story], articles: Mapping[str, Article]
) -> dict[str, StoryExtraction]:
    """Each story's canonical entities and quotes, from its annotated articles."""
    return {
        story.story_id: extract_story(
            [
                annotation
                for article_id in story.article_ids
                if (annotation := articles[article_id].annotations) is not None
            ]
        )
        for story in stories
    }
