"""Numbers, what they count, their qualifier and their predicate."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsfuse.extract import Extractor
from newsfuse.extract.quantities import parse_number
from tests.extract.conftest import annotate


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("seven", 7),
        ("69", 69),
        ("4,300", 4300),
        ("two hundred", 200),
        ("1.5 million", 1_500_000),
        ("forty", 40),
        ("a dozen", 12),
        ("thirty-five", 35),
    ],
)
def test_numbers_in_words_and_digits(words: str, value: float) -> None:
    assert parse_number(words) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_digits_with_thousands_separators_round_trip(number: int) -> None:
    assert parse_number(f"{number:,}") == number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("At least seven people were killed in the attack.", (7, "at least", "people", "killed")),
        ("Over 40 bombers were hit, the agency said.", (40, "over", "bombers", "hit")),
        ("The train was carrying 388 passengers.", (388, None, "passengers", "carried")),
        ("About 300 drones were launched overnight.", (300, "about", "drones", "launched")),
        ("Up to 12 aircraft were damaged.", (12, "up to", "aircraft", "damaged")),
        ("34% of the strategic carriers were hit.", (34, None, "carriers", "hit")),
    ],
)
def test_quantities_know_what_they_count(
    text: str, expected: tuple[float, str | None, str, str], extractor: Extractor
) -> None:
    found = [
        (q.value, q.qualifier, q.noun, q.predicate) for q in annotate(extractor, text).quantities
    ]
    assert expected in found


def test_a_distance_keeps_its_unit(extractor: Extractor) -> None:
    text = "The base is over 4,300 kilometres from the border."
    found = [(q.value, q.qualifier, q.unit) for q in annotate(extractor, text).quantities]
    assert (4300, "over", "kilometres") in found
