"""Stage 6 of the Spark runner: stories, a time block at a time.

`group_stories` runs per block of `block_days`, each block first replaying the
`window_days` before it (its warm-up); a story that takes in warm-up articles continues
the earlier block's story owning most of them, followed back to where that story began.
The linking runs on the driver over warm-up and exported ids only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from newsfuse.cluster import group_stories
from newsfuse.cluster.embed import Embedder, load_embedder
from newsfuse.config import GroupSettings, Settings
from newsfuse.model import Article, JoinEvidence, Story

if TYPE_CHECKING:
    from pyspark import RDD

__all__ = ["BlockedStories", "executor_embedder", "group_in_blocks"]


@cache
def executor_embedder(name: str) -> Embedder:
    """This process's embedding model of that name (loaded on first use, kept for later
    tasks)."""
    return load_embedder(name)


@dataclass(frozen=True, slots=True)
class _BlockStory:
    """One story as one block's `group_stories` saw it: its own (core) articles in join
    order, and the warm-up articles (owned by the block before) it took in."""

    block: int
    story: Story
    first_key: tuple[int, str]
    core: tuple[str, ...]
    warm_up: tuple[str, ...]
    exported: tuple[str, ...]  # core articles the next block replays as its warm-up


@dataclass(frozen=True, slots=True)
class BlockedStories:
    """Stories made a time block at a time: the stories, (article id, story id) for every
    member, how many blocks there were and how many block stories continued another."""

    stories: RDD[Story]
    members: RDD[tuple[str, str]]  # (article id, story id)
    blocks: int
    linked: int


@dataclass(frozen=True, slots=True)
class _Blocks:
    """Which block(s) an article goes to: its own, and the warm-up of every later block
    whose grouping window (the `window_days` before it starts) reaches back to its day."""

    first_day: int
    block_days: int
    window_days: int
    last_block: int

    def of(self, article: Article) -> list[tuple[int, bool]]:
        day = article.published_date
        if day is None:  # undated articles come last, as in the local stream
            return [(self.last_block, True)]
        block = (day.toordinal() - self.first_day) // self.block_days
        placed = [(block, True)]
        for later in range(block + 1, self.last_block + 1):
            if day.toordinal() < self.first_day + later * self.block_days - self.window_days:
                break
            placed.append((later, False))
        return placed

    def exported(self, article: Article) -> bool:
        return len(self.of(article)) > 1


def group_in_blocks(
    deduped: RDD[tuple[int, Article]], settings: Settings, block_days: int
) -> BlockedStories:
    """`group_stories` per time block, then stories linked across blocks through the
    warm-up articles they share."""
    context = deduped.context
    days = deduped.flatMap(
        lambda ranked: [ranked[1].published_date.toordinal()] if ranked[1].published_date else []
    ).persist()
    dated = not days.isEmpty()
    first_day = days.min() if dated else 0
    last_day = days.max() if dated else 0
    days.unpersist()
    blocks = _Blocks(
        first_day, block_days, settings.group.window_days, (last_day - first_day) // block_days
    )
    group_settings = settings.group
    block_stories = (
        deduped.flatMap(
            lambda ranked: [(block, (ranked[1], own)) for block, own in blocks.of(ranked[1])]
        )
        # Partitions are not blocks: a stray old date must not make thousands of tasks.
        .groupByKey(min(blocks.last_block + 1, 4 * deduped.context.defaultParallelism))
        .flatMap(lambda block: _group_block(block[0], list(block[1]), blocks, group_settings))
        .persist()
    )
    # Linking, on the driver over warm-up and exported ids only.
    links = block_stories.map(
        lambda s: (s.block, s.first_key, s.story.story_id, s.warm_up, s.exported)
    ).collect()
    continues, linked = _continuations(links)
    final = context.broadcast(continues)
    merged = (
        block_stories.filter(lambda s: bool(s.core))
        .map(lambda s: (final.value.get((s.block, s.story.story_id), s.story.story_id), s))
        .groupByKey()
        .map(lambda group: _joined_story(group[0], list(group[1])))
        .persist()
    )
    stories = merged.sortBy(lambda pair: pair[0]).map(lambda pair: pair[1])
    members = merged.flatMap(
        lambda pair: [(article_id, pair[1].story_id) for article_id in pair[1].article_ids]
    )
    block_stories.unpersist()
    return BlockedStories(stories.persist(), members, blocks.last_block + 1, linked)


def _group_block(
    block: int, placed: list[tuple[Article, bool]], blocks: _Blocks, settings: GroupSettings
) -> list[_BlockStory]:
    articles = [article for article, _ in placed]
    own = {article.id for article, is_own in placed if is_own}
    by_id = {article.id: article for article in articles}
    grouped = group_stories(
        articles,
        settings=settings,
        embedder=executor_embedder(settings.embedding_model) if settings.embeddings else None,
    )
    out = []
    for story in grouped:
        core = tuple(article_id for article_id in story.article_ids if article_id in own)
        day = by_id[story.article_ids[0]].published_date
        out.append(
            _BlockStory(
                block,
                story,
                (day.toordinal() if day else 10**9, story.article_ids[0]),
                core,
                tuple(article_id for article_id in story.article_ids if article_id not in own),
                tuple(article_id for article_id in core if blocks.exported(by_id[article_id])),
            )
        )
    return out


def _continuations(
    links: Sequence[tuple[int, tuple[int, str], str, tuple[str, ...], tuple[str, ...]]],
) -> tuple[dict[tuple[int, str], str], int]:
    """For each block story (block, first article's key, id, warm-up ids, exported ids),
    the id of the story it belongs to: its own, or — when it took in warm-up articles —
    that of the earlier block story owning most of them (the one that began first on a
    tie), followed back to where that story began; and how many continued one."""
    owner: dict[str, tuple[int, str]] = {}
    began: dict[tuple[int, str], tuple[int, str]] = {}
    final: dict[tuple[int, str], str] = {}
    continued = 0
    for block, first_key, story_id, warm_up, exported in sorted(links):
        key = (block, story_id)
        began[key] = first_key
        votes = Counter(owner[article_id] for article_id in warm_up if article_id in owner)
        if votes:
            best = min(votes, key=lambda candidate: (-votes[candidate], began[candidate]))
            final[key] = final[best]
            continued += 1
        else:
            final[key] = story_id
        for article_id in exported:
            owner[article_id] = key
    return final, continued


def _joined_story(story_id: str, parts: list[_BlockStory]) -> tuple[tuple[int, str], Story]:
    """One story from its block parts: the first part whole, then each later part's own
    articles, with the evidence for why they joined."""
    parts.sort(key=lambda part: (part.block, part.first_key))
    first = parts[0]
    article_ids = list(first.core)
    evidence = [e for e in first.story.evidence if e.article_id in set(first.core)]
    for part in parts[1:]:
        article_ids.extend(part.core)
        core = set(part.core)
        evidence.extend(e for e in part.story.evidence if e.article_id in core)
    story = Story(
        story_id=story_id,
        headline=first.story.headline,
        article_ids=tuple(article_ids),
        evidence=tuple(_evidence_in(evidence)),
    )
    return first.first_key, story


def _evidence_in(evidence: Iterable[JoinEvidence]) -> Iterator[JoinEvidence]:
    seen: set[str] = set()
    for item in evidence:
        if item.article_id not in seen:
            seen.add(item.article_id)
            yield item
