"""What fusion asks the sentence model for: nothing for a story of one voice (one article,
or one outlet's copies), and, in a run, each distinct sentence once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from newsfuse.cluster import LeadEmbedder
from newsfuse.config import FuseSettings
from newsfuse.extract import default_extractor, extract_story
from newsfuse.fuse import fuse_story, story_statements
from newsfuse.fuse.conflicts import date_windows
from newsfuse.model import Story
from newsfuse.runners.local import RunResult, run_pipeline
from tests.conftest import SEEDS


class _Counting:
    def __init__(self, inner: LeadEmbedder) -> None:
        self.inner, self.name, self.dimensions = inner, inner.name, inner.dimensions
        self.asked: list[str] = []
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked.extend(texts)
        self.calls += 1
        return self.inner.encode(texts)


def test_a_story_of_one_article_encodes_nothing(
    seeds_run: RunResult, fuse_embedder: LeadEmbedder
) -> None:
    by_id = {article.id[:3]: article for article in seeds_run.articles}
    model = _Counting(fuse_embedder)
    alone = Story("s1", "one", ("000",))
    annotations = [by_id["000"].annotations] if by_id["000"].annotations else []
    fusion = fuse_story(alone, by_id, extract_story(annotations), encode=model.encode)
    assert fusion.statements
    assert model.asked == []
    pair = Story("s2", "two", ("000", "002"))
    both = [a for i in pair.article_ids if (a := by_id[i].annotations) is not None]
    fuse_story(pair, by_id, extract_story(both), encode=model.encode)
    assert model.asked


def test_a_story_of_one_outlet_encodes_nothing_and_still_aligns_its_articles(
    seeds_run: RunResult, fuse_embedder: LeadEmbedder
) -> None:
    """001 and 003 (both tell the bridge blasts and the call) as if one outlet had published
    both: one voice, so no independent paraphrase for a vector to find; their shared words
    and names still align what both say."""
    by_id = {article.id[:3]: article for article in seeds_run.articles}
    first = by_id["001"]
    assert first.outlet
    second = replace(by_id["003"], source=first.outlet)
    annotations = [a for a in (first.annotations, second.annotations) if a is not None]
    model = _Counting(fuse_embedder)
    story = Story("s3", "one outlet", (first.id, second.id))
    fusion = fuse_story(
        story, {first.id: first, second.id: second}, extract_story(annotations), encode=model.encode
    )
    assert model.asked == []
    assert all(fact.independent_sources == 1 for fact in fusion.facts)
    told_by_both = [
        fact
        for fact in fusion.facts
        if {first.id, second.id} <= {*fact.sources, *(p.article_id for p in fact.also_reported)}
    ]
    assert told_by_both


def test_a_run_encodes_each_distinct_fusion_sentence_once(
    seeds_run: RunResult, fuse_embedder: LeadEmbedder
) -> None:
    sentences = _Counting(fuse_embedder)
    again = run_pipeline(
        [SEEDS], extractor=default_extractor(), embedder=fuse_embedder, sentence_embedder=sentences
    )
    assert len(sentences.asked) == len(set(sentences.asked))
    # The statements (the sentences of 5+ words) of the seeds' one story are among them.
    first = again.articles[0].annotations
    assert first is not None
    statements = {s.text for s in first.sentences if len(s.text.split()) >= 8}
    assert statements & set(sentences.asked)
    assert again.briefs == seeds_run.briefs


def test_a_run_encodes_the_words_around_each_day_with_the_statements(
    seeds_run: RunResult, fuse_embedder: LeadEmbedder
) -> None:
    """The seeds' one story names May 31, June 1 and June 2: the words around each day
    (what tells one dated event from another) are encoded in the same bulk call as the
    statements, not one story at a time after it."""
    sentences = _Counting(fuse_embedder)
    again = run_pipeline(
        [SEEDS], extractor=default_extractor(), embedder=fuse_embedder, sentence_embedder=sentences
    )
    assert sentences.calls == 1
    (story,) = again.stories
    lookup = again.article_lookup()
    members = [lookup[article_id] for article_id in story.article_ids]
    extraction = extract_story([a.annotations for a in members if a.annotations])
    statements = story_statements(story, lookup, extraction, FuseSettings())
    windows = date_windows(statements, FuseSettings())
    assert windows
    assert set(windows) <= set(sentences.asked)
    assert again.briefs == seeds_run.briefs
