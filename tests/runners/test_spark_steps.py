"""The Spark runner's own steps — replaying ids in input order, placing articles in time
blocks, linking stories across blocks — as plain functions (no Spark, no Java needed)."""

from __future__ import annotations

import datetime as dt

from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.runners.local import ReadTally, unique_articles
from newsfuse.runners.spark import _id_key, _unique_in_order
from newsfuse.runners.spark_blocks import _Blocks, _continuations


def _article(article_id: str, text: str, day: dt.date | None = None) -> Article:
    return Article(id=article_id, text=text, origin=f"{article_id}.txt", published=day)


def test_ids_a_clash_can_rename_into_share_one_group_and_replay_as_locally() -> None:
    # Locally: `x~2` first, then `x`, then another `x`, which cannot be `x~2` again.
    items = [
        _article("x~2", "A ferry opened."),
        _article("x", "The bridge closed."),
        _article("x", "Trains stopped."),
        _article("x", "The bridge closed."),
    ]
    assert len({_id_key(item) for item in items}) == 1
    local = list(unique_articles(items, ReadTally(0, [], [])))
    ordered = [((0, position), item) for position, item in enumerate(items)]
    replayed = _unique_in_order(reversed(ordered))  # a shuffle's order, not the input's
    kept = [(order, item) for order, item in replayed if isinstance(item, Article)]
    assert [a.id for _, a in kept] == [a.id for a in local] == ["x~2", "x", "x~3"]
    recorded = sorted((order, item) for order, item in replayed if not isinstance(item, Article))
    assert [(order, type(item)) for order, item in recorded] == [
        ((0, 2), ReadWarning),  # the renamed clash, at its own place
        ((0, 3), Skip),  # the exact repeat
    ]
    assert isinstance(recorded[1][1], Skip)
    assert recorded[1][1].reason is SkipReason.DUPLICATE


def test_an_article_warms_up_every_later_block_its_window_reaches() -> None:
    start = dt.date(2025, 6, 1)
    blocks = _Blocks(start.toordinal(), block_days=2, window_days=5, last_block=4)
    day = _article("a", "text", start + dt.timedelta(days=3))  # block 1 (days 2-3)
    # Blocks 2, 3 and 4 start on days 4, 6 and 8; a 5-day window reaches back to day 3
    # from days 4, 6 and 8 (day 8 - 5 = day 3).
    assert blocks.of(day) == [(1, True), (2, False), (3, False), (4, False)]
    early = _article("b", "text", start)
    assert blocks.of(early) == [(0, True), (1, False), (2, False)]
    assert blocks.of(_article("c", "text")) == [(4, True)]  # undated: last, as locally
    assert not blocks.exported(_article("d", "text", start + dt.timedelta(days=9)))


def test_block_stories_continue_the_story_owning_most_of_their_warm_up() -> None:
    links = [
        (0, (1, "a1"), "sA", (), ("a1", "a2")),
        (0, (1, "b1"), "sB", (), ("b1",)),
        # Block 1: one story took a1 and a2 (sA's) and b1 (sB's): it continues sA.
        (1, (1, "a1"), "sA", ("a1", "a2", "b1"), ("c1",)),
        # A tie between sA and sB goes to the story that began first (sA: a1 < b1).
        (1, (3, "c0"), "sC", ("a2", "b1"), ()),
        # Block 2 continues block 1's continuation, back to where it began.
        (2, (5, "c1"), "sD", ("c1",), ()),
        # A story with no warm-up is its own.
        (2, (5, "e1"), "sE", (), ()),
    ]
    final, continued = _continuations(links)
    assert final == {
        (0, "sA"): "sA",
        (0, "sB"): "sB",
        (1, "sA"): "sA",
        (1, "sC"): "sA",
        (2, "sD"): "sA",
        (2, "sE"): "sE",
    }
    assert continued == 3
