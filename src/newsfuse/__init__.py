"""newsfuse: many raw news reports of the same events in, one cited account out.

The flow, as functions: `read` → `clean` → `dedupe` → `group_stories` → `extract` →
`extract_story` → `write_brief`;
`run` does all.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from newsfuse.brief import write_brief
from newsfuse.clean import clean
from newsfuse.cluster import group_stories
from newsfuse.config import Settings, load_settings
from newsfuse.dedupe import dedupe
from newsfuse.errors import ConfigError, InputError, NewsfuseError, StoreError
from newsfuse.extract import Extractor, extract, extract_story
from newsfuse.model import Article, Brief, RunReport, Skip, Story
from newsfuse.read import read
from newsfuse.runners.local import RunResult, run_pipeline, write_outputs

__all__ = [
    "Article",
    "Brief",
    "ConfigError",
    "Extractor",
    "InputError",
    "NewsfuseError",
    "RunReport",
    "RunResult",
    "Settings",
    "Skip",
    "StoreError",
    "Story",
    "clean",
    "dedupe",
    "extract",
    "extract_story",
    "group_stories",
    "load_settings",
    "read",
    "run",
    "run_pipeline",
    "write_brief",
    "write_outputs",
]

__version__ = "0.1.0"


def run(paths: Iterable[str | Path], *, settings: Settings | None = None) -> list[Brief]:
    """Every stage on `paths`; the brief of each story found."""
    return list(run_pipeline(paths, settings=settings).briefs)
