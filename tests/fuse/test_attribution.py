"""Who carried out an attack, as each sentence says it, and when that is a conflict."""

from __future__ import annotations

import numpy as np
import pytest

from newsfuse.config import FuseSettings
from newsfuse.fuse.attribution import attack_reports, attribution_conflicts
from newsfuse.fuse.statements import Statement


def statement(article: str, text: str, sentence: int = 0) -> Statement:
    return Statement(
        article_id=article,
        sentence=sentence,
        text=text,
        words=frozenset(),
        entities=frozenset(),
        places=frozenset(),
        quantities=(),
        dates=(),
        quotes=frozenset(),
        start=0,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The seeds' own sentences (002, 004, 001, 003).
        ("This comes after Ukraine carried out a massive drone attack against Russia.",
         [("Ukraine", "Russia")]),
        ("The conversation between the two officials came after Ukraine carried out an "
         "unprecedented attack on Russian air bases.", [("Ukraine", "Russia")]),
        ("They also addressed a series of recent Ukrainian assaults on Russian territory.",
         [("Ukraine", "Russia")]),
        ("Following the Ukrainian raids, Russia responded with multiple counterstrikes aimed at "
         "Ukrainian defense industry sites.", [("Russia", "Ukraine")]),
        ("Meanwhile, Ukrainian media described the Russian counterattacks as part of a "
         "“historic” operation codenamed Spiderweb, allegedly planned for over 18 months and "
         "targeting Russia’s “strategic aviation.”", [("Russia", "Russia")]),
        # Initials are a side too; a country after "on" is the target, never the side.
        ("U.S. strikes on Syrian air bases continued overnight.", [("United States", "Syria")]),
        ("Drone attacks carried out on Russian air bases damaged aircraft.", []),
    ],
)  # fmt: skip
def test_side_and_target_of_an_attack(text: str, expected: list[tuple[str, str]]) -> None:
    reports = attack_reports([statement("a", text)])
    assert [(r.side, r.target) for r in reports] == expected


def test_one_article_naming_two_attackers_is_no_conflict() -> None:
    """An article telling of Russian strikes and of a Ukrainian counter-offensive on its own
    occupied land disputes nobody."""
    statements = [
        statement("a", "Russian strikes on Ukraine continued through the night.", 0),
        statement("a", "Ukrainian forces launched strikes on Ukraine's occupied south.", 1),
    ]
    context = np.zeros((2, 2), dtype=np.float32)
    assert attribution_conflicts(statements, context, FuseSettings()) == []


def test_sources_giving_one_attack_on_x_to_x_and_to_y_conflict() -> None:
    statements = [
        statement("a", "Ukraine carried out a massive drone attack against Russia."),
        statement("b", "Officials described the Russian counterattacks as part of an operation "
                  "targeting Russia's strategic aviation."),
    ]  # fmt: skip
    context = np.zeros((2, 2), dtype=np.float32)
    (conflict,) = attribution_conflicts(statements, context, FuseSettings())
    assert {claim.value: claim.sources for claim in conflict.claims} == {
        "Ukraine": ("a",),
        "Russia": ("b",),
    }
