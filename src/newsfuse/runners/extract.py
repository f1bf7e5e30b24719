"""The flow behind `newsfuse extract` and `eval extract`: read, clean, extract, and
canonicalise the given articles as one story (no dedupe or clustering: the user chose them)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.config import Settings
from newsfuse.extract import Extractor, annotate_articles, extract_story
from newsfuse.model import Article, StoryExtraction
from newsfuse.read import read

__all__ = ["annotate_inputs"]


def annotate_inputs(
    inputs: Iterable[str | Path], *, settings: Settings, extractor: Extractor | None = None
) -> tuple[list[Article], StoryExtraction]:
    """The cleaned, annotated articles of `inputs`, and their story-level extraction."""
    articles = [item for item in read(inputs, settings=settings.read) if isinstance(item, Article)]
    boilerplate = BoilerplateIndex(settings=settings.clean)
    boilerplate.observe(articles)
    cleaned = [clean(a, settings=settings.clean, boilerplate=boilerplate) for a in articles]
    annotated = annotate_articles(cleaned, extractor=extractor)
    story = extract_story([a.annotations for a in annotated if a.annotations is not None])
    return annotated, story
