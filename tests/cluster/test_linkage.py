"""Average link with locked groups: merges what is close, never two stories, order-free."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.cluster.linkage import average_link

# Two tight triangles (0-1-2 and 3-4-5) joined by one weak edge 2-3.
TRIANGLES = {
    (0, 1): 0.9,
    (0, 2): 0.8,
    (1, 2): 0.85,
    (3, 4): 0.9,
    (3, 5): 0.8,
    (4, 5): 0.7,
    (2, 3): 0.5,
}


def test_a_weak_bridge_does_not_chain_two_groups() -> None:
    # Single link at 0.4 would join all six through 2-3; the average of 2-3 over the two
    # triangles is 0.5 / 9.
    assert average_link(6, TRIANGLES, threshold=0.4) == [[0, 1, 2], [3, 4, 5]]


def test_threshold_above_every_pair_leaves_singletons() -> None:
    assert average_link(3, {(0, 1): 0.3}, threshold=0.5) == [[0], [1], [2]]


def test_locked_groups_never_merge_but_take_new_members() -> None:
    similarity = {(0, 1): 0.9, (1, 2): 0.9, (0, 2): 0.9, (2, 3): 0.9}
    clusters = average_link(4, similarity, threshold=0.3, locked=[[0], [1]])
    assert [0] in clusters or [1] in clusters
    assert not any({0, 1} <= set(c) for c in clusters)
    assert sorted(n for c in clusters for n in c) == [0, 1, 2, 3]


def test_a_locked_group_counts_all_its_members_in_the_average() -> None:
    # Node 3 is close to one member of the story {0, 1, 2} only: mean 0.9 / 3 = 0.3.
    similarity = {(0, 3): 0.9}
    assert average_link(4, similarity, threshold=0.35, locked=[[0, 1, 2]]) == [[0, 1, 2], [3]]
    assert average_link(4, similarity, threshold=0.25, locked=[[0, 1, 2]]) == [[0, 1, 2, 3]]


@given(st.permutations(list(TRIANGLES.items())), st.sampled_from([0.05, 0.3, 0.6, 0.82]))
def test_result_does_not_depend_on_the_order_pairs_are_given(
    pairs: list[tuple[tuple[int, int], float]], threshold: float
) -> None:
    assert average_link(6, dict(pairs), threshold=threshold) == average_link(
        6, TRIANGLES, threshold=threshold
    )


def _two_tight_groups(size: int, inside: float, across: float) -> dict[tuple[int, int], float]:
    """Nodes 0..size-1 and size..2*size-1, `inside` within each group, `across` between."""
    similarity = {}
    for i in range(2 * size):
        for j in range(i + 1, 2 * size):
            similarity[(i, j)] = inside if (i < size) == (j < size) else across
    return similarity


def test_two_cohesive_groups_stay_apart_when_they_are_far_less_alike_than_within() -> None:
    # Two events of one kind: every pair across shares the topic (0.3, over the threshold),
    # every pair within shares the event too (0.8).
    similarity = _two_tight_groups(4, inside=0.8, across=0.3)
    assert average_link(8, similarity, threshold=0.1) == [list(range(8))]
    assert average_link(8, similarity, threshold=0.1, cohesion_ratio=0.5, cohesion_min_size=4) == [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
    ]


def test_halves_of_one_event_still_merge_under_the_cohesion_test() -> None:
    similarity = _two_tight_groups(4, inside=0.8, across=0.6)
    assert average_link(8, similarity, threshold=0.1, cohesion_ratio=0.5, cohesion_min_size=4) == [
        list(range(8))
    ]


def test_groups_below_the_cohesion_size_merge_by_the_threshold_alone() -> None:
    # Three articles per side say too little about how cohesive an event is.
    similarity = _two_tight_groups(3, inside=0.8, across=0.3)
    assert average_link(6, similarity, threshold=0.1, cohesion_ratio=0.5, cohesion_min_size=4) == [
        list(range(6))
    ]


def test_a_locked_story_is_held_to_the_cohesion_test_with_its_own_pairs() -> None:
    similarity = _two_tight_groups(4, inside=0.8, across=0.3)
    clusters = average_link(
        8,
        similarity,
        threshold=0.1,
        locked=[[0, 1, 2, 3]],
        cohesion_ratio=0.5,
        cohesion_min_size=4,
    )
    assert clusters == [[0, 1, 2, 3], [4, 5, 6, 7]]


def test_cohesion_counts_the_pairs_of_both_sides_a_merge_brought_together() -> None:
    # Each side forms by merges (pairs first, then the pairs join): its cohesion must count
    # all six pairs inside it, 0.8 each. Across, 0.35 is under half of that (0.4).
    similarity = _two_tight_groups(4, inside=0.8, across=0.35)
    for side in (0, 4):
        similarity[(side, side + 1)] = similarity[(side + 2, side + 3)] = 0.9
        for i, j in (
            (side, side + 2),
            (side, side + 3),
            (side + 1, side + 2),
            (side + 1, side + 3),
        ):
            similarity[(i, j)] = 0.75
    assert average_link(8, similarity, threshold=0.1, cohesion_ratio=0.5, cohesion_min_size=4) == [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
    ]


# --- the anchor: a merge of small groups needs one strong pair ----------------------------


def test_small_groups_alike_only_faintly_everywhere_stay_apart() -> None:
    """Two reports of two shootings share the template ("police said", a weekday): every
    pair across is 0.12, over the 0.06 threshold, but none reaches the 0.2 anchor."""
    similarity = {(0, 1): 0.5, (2, 3): 0.5, (0, 2): 0.12, (0, 3): 0.12, (1, 2): 0.12, (1, 3): 0.12}
    assert average_link(4, similarity, threshold=0.06) == [[0, 1, 2, 3]]
    assert average_link(4, similarity, threshold=0.06, anchors=[0.2] * 4) == [[0, 1], [2, 3]]


def test_one_strong_pair_anchors_a_merge() -> None:
    similarity = {(0, 1): 0.5, (2, 3): 0.5, (0, 2): 0.3, (0, 3): 0.05, (1, 2): 0.05, (1, 3): 0.05}
    assert average_link(4, similarity, threshold=0.06, anchors=[0.2] * 4) == [[0, 1, 2, 3]]


def test_a_headline_lowers_the_anchor_of_every_merge_it_is_in() -> None:
    similarity = {(0, 1): 0.15}
    assert average_link(2, similarity, threshold=0.06, anchors=[0.2, 0.2]) == [[0], [1]]
    assert average_link(2, similarity, threshold=0.06, anchors=[0.2, 0.14]) == [[0, 1]]


def test_groups_big_enough_for_the_cohesion_test_are_not_held_to_the_anchor() -> None:
    """Each group forms on pairs over the anchor (0.3); across, every pair is 0.15, under
    it, yet two groups of 4 are judged by the cohesion test alone (0.15 is half of 0.3)."""
    similarity = _two_tight_groups(4, inside=0.3, across=0.15)
    merged = average_link(
        8, similarity, threshold=0.1, cohesion_ratio=0.5, cohesion_min_size=4, anchors=[0.25] * 8
    )
    assert merged == [list(range(8))]
