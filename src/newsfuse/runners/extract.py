"""The flow behind `newsfuse extract` and `eval extract`: read, clean, extract, and
canonicalise the given articles as one story (no dedupe or clustering: the user chose them)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.extract import Extractor, annotate_articles, extract_story
from newsfuse.model import Article, StoryExtraction
from newsfuse.runners.local import read_clean

__all__ = ["annotate_inputs"]


def annotate_inputs(
    inputs: Iterable[str | Path], *, settings: Settings, extractor: Extractor | None = None
) -> tuple[list[Article], StoryExtraction]:
    """The cleaned, annotated articles of `inputs`, and their story-level extraction."""
    cleaned = read_clean(inputs, settings)
    annotated = annotate_articles(cleaned, extractor=extractor)
    story = extract_story([a.annotations for a in annotated if a.annotations is not None])
    return annotated, story
