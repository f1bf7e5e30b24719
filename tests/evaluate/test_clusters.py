"""B-cubed scoring, on cases worked out by hand."""

from __future__ import annotations

import pytest

from newsfuse.errors import InputError
from newsfuse.evaluate.clusters import bcubed


def test_perfect_clustering_scores_one() -> None:
    gold = {"a": "x", "b": "x", "c": "y"}
    score = bcubed(gold, {"a": "1", "b": "1", "c": "2"})
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_everything_in_one_story() -> None:
    # a, b: precision 2/3 each; c: 1/3 -> 5/9. Recall is 1 for all.
    score = bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "1"})
    assert score.precision == pytest.approx(5 / 9)
    assert score.recall == 1.0
    assert score.predicted_stories == 1


def test_all_singletons() -> None:
    # Recall: a and b find 1 of their 2 gold mates each (1/2), c 1/1 -> (1/2+1/2+1)/3 = 2/3.
    score = bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "2", "c": "3"})
    assert score.precision == 1.0
    assert score.recall == pytest.approx(2 / 3)


def test_articles_missing_from_the_prediction_are_counted() -> None:
    score = bcubed({"a": "x", "b": "x"}, {"a": "1"})
    assert score.missing == 1


def test_no_overlap_is_an_error() -> None:
    with pytest.raises(InputError):
        bcubed({"a": "x"}, {"z": "1"})
