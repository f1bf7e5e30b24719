"""Story grouping on real text: the seeds, and paragraphs of them as a stream of short items."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.cluster import LeadEmbedder, StoryStream, day_batches, group_stories
from newsfuse.config import GroupSettings
from newsfuse.model import Article, Story

SUNDAY = dt.date(2025, 6, 1)


def _paragraph_articles(seeds: list[Article]) -> list[Article]:
    """Each paragraph of each seed as its own short article: several sub-events, one day."""
    return [
        Article(
            id=f"{seed.id[:3]}-p{index:02d}",
            text=paragraph,
            origin=seed.origin,
            published=SUNDAY,
            paragraphs=(paragraph,),
        )
        for seed in seeds
        for index, paragraph in enumerate(seed.paragraphs)
        if len(paragraph.split()) >= 12
    ]


def _one_a_day(seeds: list[Article]) -> list[Article]:
    """The seeds published on consecutive days from Sunday: one story told over five days."""
    return [
        dataclasses.replace(a, published=SUNDAY + dt.timedelta(days=i)) for i, a in enumerate(seeds)
    ]


def _partition(stories: list[Story]) -> list[tuple[str, tuple[str, ...]]]:
    return [(s.story_id, tuple(sorted(s.article_ids))) for s in stories]


def test_the_five_seeds_form_one_story(clean_seeds: list[Article], embedder: LeadEmbedder) -> None:
    stories = group_stories(clean_seeds, embedder=embedder)
    assert len(stories) == 1
    assert sorted(stories[0].article_ids) == sorted(a.id for a in clean_seeds)


def test_every_article_after_the_first_says_why_it_joined(
    clean_seeds: list[Article], embedder: LeadEmbedder
) -> None:
    (story,) = group_stories(clean_seeds, embedder=embedder)
    explained = {e.article_id for e in story.evidence}
    assert explained == set(story.article_ids[1:])
    for evidence in story.evidence:
        assert evidence.closest in story.article_ids
        assert evidence.closest != evidence.article_id
        assert evidence.similarity >= GroupSettings().event_similarity
        assert evidence.shared  # the names and words the two share
    # Seeds 001 and 003 are two rewrites of one MENAFN dispatch: each is the other's closest.
    by_article = {e.article_id: e for e in story.evidence}
    later = max(("001", "003"), key=lambda p: story.article_ids.index(_id(story, p)))
    assert by_article[_id(story, later)].closest.startswith("001" if later == "003" else "003")


def _id(story: Story, prefix: str) -> str:
    return next(a for a in story.article_ids if a.startswith(prefix))


def test_paragraph_stream_splits_into_several_stories(
    clean_seeds: list[Article], embedder: LeadEmbedder
) -> None:
    items = _paragraph_articles(clean_seeds)
    stories = group_stories(items, embedder=embedder)
    assert 1 < len(stories) < len(items)
    assert sorted(a for s in stories for a in s.article_ids) == sorted(a.id for a in items)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_the_order_of_articles_sharing_a_day(
    clean_seeds: list[Article], embedder: LeadEmbedder, order: object
) -> None:
    items = _paragraph_articles(clean_seeds)
    expected = _partition(group_stories(items, embedder=embedder))
    shuffled = list(items)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    assert _partition(group_stories(shuffled, embedder=embedder)) == expected


def test_rerun_gives_the_same_story_ids(clean_seeds: list[Article], embedder: LeadEmbedder) -> None:
    first = group_stories(clean_seeds, embedder=embedder)
    again = group_stories(list(reversed(clean_seeds)), embedder=embedder)
    assert _partition(first) == _partition(again)
    assert [s.evidence for s in first] == [s.evidence for s in again]


def test_a_story_closes_after_its_window_and_leaves_the_index(
    clean_seeds: list[Article], embedder: LeadEmbedder
) -> None:
    window = GroupSettings().window_days
    june = [dataclasses.replace(a, published=SUNDAY) for a in clean_seeds[:3]]
    july = [
        dataclasses.replace(a, id=a.id + "-later", published=SUNDAY + dt.timedelta(days=window + 5))
        for a in clean_seeds[3:]
    ]
    stream = StoryStream(embedder=embedder)
    assert stream.add(june) == []
    assert stream.open_stories == 1
    assert stream.index_keys > 0
    closed = stream.add(july)
    # The June story closed when July arrived; the same event told a month later opens anew.
    assert [sorted(s.article_ids) for s in closed] == [sorted(a.id for a in june)]
    assert stream.open_stories == 1
    remaining = stream.close_all()
    assert sorted(remaining[0].article_ids) == sorted(a.id for a in july)
    assert stream.open_stories == 0
    assert stream.index_keys == 0


def test_articles_join_an_open_story_across_days(
    clean_seeds: list[Article], embedder: LeadEmbedder
) -> None:
    spread = _one_a_day(clean_seeds)
    assert [len(b) for b in day_batches(spread)] == [1, 1, 1, 1, 1]
    stories = group_stories(spread, embedder=embedder)
    assert len(stories) == 1
    assert stories[0].article_ids[0] == spread[0].id  # named by its first article


def test_a_long_story_is_indexed_by_its_latest_members_only(
    clean_seeds: list[Article], embedder: LeadEmbedder
) -> None:
    # A story that never closes must not collect blocking keys without end: once a member
    # is no longer compared, the keys only it held leave the index.
    spread = _one_a_day(clean_seeds)
    stream = StoryStream(settings=GroupSettings(max_story_members=2), embedder=embedder)
    for article in spread:
        stream.add([article])
    (story,) = stream._open.values()
    assert len(story.article_ids) == 5
    assert [s.article_id for s in story.recent] == [a.id for a in spread[-2:]]
    latest = set().union(*story.recent_keys)
    assert set(story.keys) == latest
    assert set(stream._index) == latest
    everyone = StoryStream(settings=GroupSettings(max_story_members=5), embedder=embedder)
    for article in spread:
        everyone.add([article])
    assert everyone.index_keys > stream.index_keys
    stream.close_all()
    assert stream.index_keys == 0


def test_headline_only_records_group(embedder: LeadEmbedder) -> None:
    headlines = [
        ("h1", "Explosions collapse bridges in Russia's Bryansk and Kursk regions, trains derail"),
        ("h2", "Bridge blasts in Bryansk and Kursk derail two trains, killing seven"),
        ("h3", "Lavrov and Rubio discuss Ukraine talks in phone call"),
        ("h4", "Rubio, Lavrov speak by phone ahead of Istanbul talks on Ukraine"),
    ]
    items = [Article(id=i, text=t, origin="test", title=t, published=SUNDAY) for i, t in headlines]
    stories = group_stories(items, embedder=embedder)
    assert sorted(sorted(s.article_ids) for s in stories) == [["h1", "h2"], ["h3", "h4"]]


def test_without_embeddings_the_model_is_never_loaded(clean_seeds: list[Article]) -> None:
    class Refusing(LeadEmbedder):
        def encode(self, texts):  # type: ignore[no-untyped-def]
            raise AssertionError("the embedding model was asked for")

    stories = group_stories(
        clean_seeds, settings=GroupSettings(embeddings=False), embedder=Refusing()
    )
    assert sum(len(s.article_ids) for s in stories) == len(clean_seeds)


def test_a_batch_must_hold_one_day(clean_seeds: list[Article]) -> None:
    mixed = [
        dataclasses.replace(clean_seeds[0], published=SUNDAY),
        dataclasses.replace(clean_seeds[1], published=SUNDAY + dt.timedelta(days=1)),
    ]
    stream = StoryStream(settings=GroupSettings(embeddings=False))
    with pytest.raises(ValueError, match="one publication day"):
        stream.add(mixed)


# A refinement split one event into {0, 1, 2} and {3, 4, 5}, and shed 6 and 7 on their own.
_PARTS = [[0, 1, 2], [3, 4, 5], [6], [7]]
_FIRST_PASS = {
    **{(i, j): 0.5 for i in range(3) for j in range(i + 1, 3)},
    **{(i, j): 0.5 for i in range(3, 6) for j in range(i + 1, 6)},
    (0, 6): 0.3,
    (1, 6): 0.2,
    (3, 6): 0.4,
    (6, 7): 0.4,
    (0, 7): -0.2,
    (3, 7): -0.1,
    (4, 7): 0.2,
}


def _rejoined(
    locked: list[list[int]], similarity: dict[tuple[int, int], float] = _FIRST_PASS
) -> list[list[int]]:
    stream = StoryStream(settings=GroupSettings(embeddings=False, min_split_size=3))
    parts = [(part, similarity) for part in _PARTS]
    return [event for event, _ in stream._rejoin_fragments(parts, similarity, locked)]


def test_a_single_article_a_refinement_shed_rejoins_the_closest_part() -> None:
    # 6 is closer to {0, 1, 2} (mean 0.5 / 3) than to {3, 4, 5} (0.4 / 3); 7 leans to
    # {3, 4, 5} (0.1 / 3) but under the event threshold (0.12 on terms alone): it stays alone.
    assert _rejoined(locked=[]) == [[0, 1, 2, 6], [3, 4, 5], [7]]


def test_a_fragment_holding_a_story_never_rejoins_another_story() -> None:
    # 6 is an open story and so is {0, 1, 2}: 6 goes to the next closest part instead.
    assert _rejoined(locked=[[6], [0, 1, 2]]) == [[0, 1, 2], [3, 4, 5, 6], [7]]


def test_two_fragments_holding_stories_never_end_up_in_one_part() -> None:
    # 6 and 7 are both open stories and both closest to {0, 1, 2}: once 6 has joined it,
    # 7 takes the next closest part.
    leaning = {**_FIRST_PASS, (0, 7): 0.45, (3, 7): 0.2}
    assert _rejoined(locked=[[6], [7]], similarity=leaning) == [[0, 1, 2, 6], [3, 4, 5, 7]]
