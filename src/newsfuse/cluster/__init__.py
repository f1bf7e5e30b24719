"""The `cluster` stage: articles about the same real-world story form a story.

`StoryStream` is the incremental form (feed a day at a time, stories close as they age);
`group_stories` runs a finite corpus through it in publication order. See `stream.py` for
how a story is recognised and `GroupSettings` for every threshold and how it was measured.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from newsfuse.cluster.embed import Embedder, LeadEmbedder, StaticEmbedder, load_embedder
from newsfuse.cluster.stream import OpenStory, StoryStream
from newsfuse.config import GroupSettings
from newsfuse.model import Article, Story
from newsfuse.text import first_sentence

__all__ = [
    "Embedder",
    "GroupingState",
    "LeadEmbedder",
    "StaticEmbedder",
    "StoryStream",
    "day_batches",
    "group_stories",
    "group_stories_from",
    "load_embedder",
    "story_headline",
]

_MAX_HEADLINE_WORDS = 25


def group_stories(
    articles: Sequence[Article],
    *,
    settings: GroupSettings | None = None,
    embedder: Embedder | None = None,
    known: Mapping[str, Article] | None = None,
) -> list[Story]:
    """Group cleaned articles into stories, ordered by their first article. `known` finds
    an article by id (default: a dict of `articles`; a run passes its spill's lookup)."""
    stream = StoryStream(settings=settings, embedder=embedder)
    by_id = known if known is not None else {article.id: article for article in articles}
    # Each story made final as it closes: an open one holds its members' vectors.
    stories: list[Story] = []
    for batch in day_batches(articles):
        stories.extend(to_story(story, by_id) for story in stream.add(batch))
    stories.extend(to_story(story, by_id) for story in stream.close_all())
    return sorted(stories, key=lambda story: _first_key(story, by_id))


@dataclass(frozen=True, slots=True)
class GroupingState:
    """Where a grouping can resume: the stream as it stood before the day `day` (the last
    dated day it saw), the stories it had closed by then, and what made it (`key`: the
    settings and version; `articles`: how many stored articles it covered)."""

    day: dt.date
    stream: bytes
    closed: tuple[Story, ...]
    key: str
    articles: int


def group_stories_from(
    articles: Sequence[Article],
    known: Mapping[str, Article],
    *,
    settings: GroupSettings | None = None,
    embedder: Embedder | None = None,
    resume: GroupingState | None = None,
    key: str = "",
    covered: int = 0,
) -> tuple[list[Story], GroupingState | None]:
    """`group_stories`, resumable: with `resume`, `articles` are those of `resume.day` and
    after (and the undated), and the stories are the same as a grouping of every article
    would make. Also returns the state to resume from next time (None: no dated article).
    `known` holds every article a story may name (for ordering and headlines)."""
    stream = StoryStream(settings=settings, embedder=embedder)
    closed: list[Story] = list(resume.closed) if resume is not None else []
    if resume is not None:
        stream.restore(resume.stream)
    batches = list(day_batches(articles))
    dated = [batch[0].published_date for batch in batches if batch[0].published_date]
    last = max(dated) if dated else None
    state = None
    for batch in batches:
        if last is not None and batch[0].published_date == last:
            state = GroupingState(last, stream.snapshot(), tuple(closed), key, covered)
        closed.extend(to_story(story, known) for story in stream.add(batch))
    closed.extend(to_story(story, known) for story in stream.close_all())
    return sorted(closed, key=lambda story: _first_key(story, known)), state


def day_batches(articles: Sequence[Article]) -> Iterator[list[Article]]:
    """Articles in publication order, one list per day; undated articles come last. Only
    the order is sorted, so a day's articles are the only ones read back from a spill."""
    keys = [_day_key(article) for article in articles]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    for _, positions in itertools.groupby(order, key=lambda position: keys[position][0]):
        yield [articles[position] for position in positions]


def to_story(story: OpenStory, articles: Mapping[str, Article]) -> Story:
    members = [articles[article_id] for article_id in story.article_ids]
    return Story(
        story_id=story.story_id,
        headline=story_headline(members),
        article_ids=tuple(story.article_ids),
        evidence=tuple(story.evidence),
    )


def story_headline(ordered: Sequence[Article]) -> str:
    """The first member's title, else the opening sentence of the first article with text."""
    for article in ordered:
        if article.title:
            return article.title
    for article in ordered:
        if article.paragraphs:
            words = first_sentence(article.paragraphs[0]).split()
            suffix = " …" if len(words) > _MAX_HEADLINE_WORDS else ""
            return " ".join(words[:_MAX_HEADLINE_WORDS]) + suffix
    return ordered[0].id


def _day_key(article: Article) -> tuple[int, str]:
    day = article.published_date
    return (day.toordinal() if day else 10**9, article.id)


def _first_key(story: Story, articles: Mapping[str, Article]) -> tuple[int, str]:
    return _day_key(articles[story.article_ids[0]])
