"""Number conflicts only where figures cannot both be true; checked on the seeds with one
article's casualty figure changed."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsfuse.cluster import LeadEmbedder
from newsfuse.config import FuseSettings
from newsfuse.extract import default_extractor
from newsfuse.fuse.conflicts import number_conflicts
from newsfuse.fuse.quantities import agree
from newsfuse.fuse.statements import DatedMention, Statement
from newsfuse.model import Conflict, ConflictKind, QuantityMention
from newsfuse.runners.local import run_pipeline
from tests.conftest import SEEDS


def figure(value: float, qualifier: str | None = None) -> QuantityMention:
    return QuantityMention(f"{value:g}", value, 0, 0, 1, qualifier, "people", "killed")


@pytest.mark.parametrize(
    ("first", "second", "agreeing"),
    [
        (figure(7, "at least"), figure(7), True),
        (figure(7, "at least"), figure(8), True),
        (figure(40, "over"), figure(41), True),
        (figure(40, "over"), figure(40), False),
        (figure(7), figure(8), False),
        (figure(40, "about"), figure(43), True),
        (figure(10, "nearly"), figure(12), False),
        (figure(7, "at least"), figure(5), False),
    ],
)
def test_reported_figures_agree_when_both_can_be_true(
    first: QuantityMention, second: QuantityMention, agreeing: bool
) -> None:
    assert agree(first, second) is agreeing
    assert agree(second, first) is agreeing


def seeds_with_004_saying(tmp_path: Path, words: str) -> Path:
    """The seeds, with 004's "at least seven people were killed" changed to `words`."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    path = folder / "004_5719f1dc47fb68ca.txt"
    text = path.read_text(encoding="utf-8")
    assert "at least seven people were killed" in text
    path.write_text(text.replace("at least seven people were killed", words), encoding="utf-8")
    return folder


def test_a_lower_death_toll_is_a_conflict_with_both_sides_cited(
    tmp_path: Path, fuse_embedder: LeadEmbedder
) -> None:
    folder = seeds_with_004_saying(tmp_path, "five people were killed")
    (brief,) = run_pipeline([folder], extractor=default_extractor(), embedder=fuse_embedder).briefs
    conflicts = [c for c in brief.conflicts if c.kind == ConflictKind.NUMBER]
    assert len(conflicts) == 1
    sides = {claim.value: {s[:3] for s in claim.sources} for claim in conflicts[0].claims}
    assert sides["5"] == {"004"}
    assert {"000", "002"} <= sides["at least 7"]
    assert "killed" in conflicts[0].about


def test_a_higher_toll_than_at_least_seven_is_no_conflict(
    tmp_path: Path, fuse_embedder: LeadEmbedder
) -> None:
    folder = seeds_with_004_saying(tmp_path, "eight people were killed")
    (brief,) = run_pipeline([folder], extractor=default_extractor(), embedder=fuse_embedder).briefs
    assert not [c for c in brief.conflicts if c.kind == ConflictKind.NUMBER]


def test_an_update_by_the_same_sources_is_no_conflict() -> None:
    """Two outlets each update 7 killed to 8; a third says "at least 7": nobody disagrees."""

    def said(article: str, sentence: int, value: float, qualifier: str | None = None) -> Statement:
        words = "at least seven" if qualifier else {7: "Seven", 8: "Eight"}[int(value)]
        text = f"{words} people were killed when the bridge in Bryansk collapsed."
        return Statement(
            article_id=article,
            sentence=sentence,
            text=text,
            words=frozenset(),
            entities=frozenset({"bryansk"}),
            places=frozenset({"bryansk"}),
            quantities=(
                QuantityMention(words, value, sentence, 0, 5, qualifier, "people", "killed"),
            ),
            dates=(),
            quotes=frozenset(),
            start=0,
        )

    statements = [said("a", 0, 7), said("a", 1, 8), said("b", 0, 7), said("b", 1, 8),
                  said("c", 0, 7, "at least")]  # fmt: skip
    context = np.ones((5, 5), dtype=np.float32)
    assert number_conflicts(statements, context, FuseSettings()) == []


# FA-KES sentences (outlets reporting the Syrian war), read by hand: what is and is not one
# toll told two ways. Quantities are written as the sentences give them.


def _fakes_statement(
    article: str,
    text: str,
    counts: list[tuple[float, str | None, str]],
    *,
    place: str = "idlib",
    day: dt.date | None = None,
) -> Statement:
    quantities = tuple(
        QuantityMention(f"{value:g}", value, 0, 0, 1, qualifier, noun, "killed")
        for value, qualifier, noun in counts
    )
    return Statement(
        article_id=article,
        sentence=0,
        text=text,
        words=frozenset(),
        entities=frozenset({place}),
        places=frozenset({place}),
        quantities=quantities,
        dates=(DatedMention(day, "on Monday", 0, 1),) if day else (),
        quotes=frozenset(),
        start=0,
        published=dt.date(2016, 7, 4),
    )


def _number_conflicts(statements: list[Statement]) -> list[Conflict]:
    context = np.ones((len(statements), len(statements)), dtype=np.float32)
    return number_conflicts(statements, context, FuseSettings())


def test_a_whole_wars_toll_is_no_rival_to_one_strikes() -> None:
    war = _fakes_statement(
        "alaraby",
        "The conflict in Syria which has lasted five years has killed more than 280000 people.",
        [(280000, "over", "people")],
    )
    strike = _fakes_statement(
        "ahram",
        "Fierce government bombardment of an opposition-controlled Syrian town has killed 43 "
        "people among them children and medical staff a monitoring group said Sunday.",
        [(43, None, "people")],
    )
    assert _number_conflicts([war, strike]) == []


def test_a_part_named_beside_the_toll_is_no_rival_to_it() -> None:
    """The 2 of "31 people including two medics" is a part of the 31, not a rival to
    another outlet's "at least 31"."""
    first = _fakes_statement(
        "ahram",
        "Syrian government shelling of a rebel-held town killed 31 people including two medics "
        "on Saturday as a two-year local truce broke down.",
        [(2, None, "medics"), (31, None, "people")],
    )
    second = _fakes_statement(
        "dailysabah",
        "At least 31 people were killed on Saturday in Syrian government shelling of an "
        "opposition-held town northeast of the capital.",
        [(31, "at least", "people")],
    )
    assert _number_conflicts([first, second]) == []


def test_fighters_and_civilians_killed_are_two_tolls_but_people_may_be_either() -> None:
    forces = _fakes_statement(
        "arabiya",
        "The Observatory said 19 regime forces were killed Monday when rebels blew up a tunnel.",
        [(19, None, "regime forces")],
    )
    civilians = _fakes_statement(
        "dailysabah",
        "The Observatory said at least 56 civilians including 11 children were killed in the "
        "strikes on the villages.",
        [(56, "at least", "civilians")],
    )
    assert _number_conflicts([forces, civilians]) == []
    rebels = _fakes_statement(
        "ahram", "Blast at Syria-Turkey border kills 20 rebels.", [(20, None, "rebels")]
    )
    people = _fakes_statement(
        "trt",
        "At least 29 people were killed and dozens wounded in a suicide bombing that targeted "
        "a Syria-Turkey border crossing.",
        [(29, "at least", "people")],
    )
    (conflict,) = _number_conflicts([rebels, people])
    assert {claim.value for claim in conflict.claims} == {"20", "at least 29"}


def test_tolls_of_days_apart_do_not_chain_into_one_dispute() -> None:
    """Tolls named on Monday, Tuesday and Wednesday: Monday's and Wednesday's are two
    strikes, so no dispute holds both, even through Tuesday's."""
    monday, tuesday, wednesday = dt.date(2016, 7, 18), dt.date(2016, 7, 19), dt.date(2016, 7, 20)
    statements = [
        _fakes_statement("ahram", "Air strikes killed 21 civilians on Monday.",
                         [(21, None, "civilians")], day=monday),
        _fakes_statement("dailysabah", "Airstrikes killed 85 civilians on Tuesday.",
                         [(85, None, "civilians")], day=tuesday),
        _fakes_statement("sputnik", "Strikes killed 16 civilians on Wednesday.",
                         [(16, None, "civilians")], day=wednesday),
    ]  # fmt: skip
    for conflict in _number_conflicts(statements):
        values = {claim.value for claim in conflict.claims}
        assert not {"21", "16"} <= values


def _counted(
    article: str, text: str, count: str, value: float, qualifier: str | None = None
) -> Statement:
    """A statement of `text` placed in Damascus on one day, counting `count` (its words as
    the text gives them, at their place in it) killed."""
    at = text.index(count)
    quantity = QuantityMention(count, value, 0, at, at + len(count), qualifier, "people", "killed")
    day = dt.date(2015, 2, 5)
    return replace(
        _fakes_statement(article, text, [], place="damascus", day=day), quantities=(quantity,)
    )


def test_what_a_hospital_received_is_no_rival_to_the_toll() -> None:
    """FA-KES: a hospital source's "bodies of two martyrs" arrived against the monitor's
    45 killed across the Damascus suburbs; the two counts are of different wholes."""
    hospital = _counted(
        "manar",
        "Meanwhile a source at Damascus hospital said that bodies of two martyrs and several "
        "injured civilians some of them in critical condition arrived in the hospital.",
        "two martyrs",
        2,
    )
    toll = _counted(
        "ahram",
        "At least 45 people were killed in Syrian government air strikes on opposition areas "
        "around Damascus Thursday after rebels fired dozens of mortar rounds at the capital.",
        "At least 45 people",
        45,
        "at least",
    )
    assert _number_conflicts([hospital, toll]) == []
    # The same count told as a toll is a rival.
    killed = replace(hospital, text="Two people were killed in Damascus a hospital source said.")
    killed = replace(killed, quantities=(replace(hospital.quantities[0], start=0, end=3),))
    assert len(_number_conflicts([killed, toll])) == 1


def test_a_toll_beside_those_taken_to_hospital_is_still_a_toll() -> None:
    first = _counted(
        "first",
        "Five people were killed in Damascus and 12 others were taken to hospital after the "
        "rocket attack.",
        "Five people",
        5,
    )
    second = _counted(
        "second",
        "Seven people were killed in Damascus in the rocket attack a monitor said.",
        "Seven people",
        7,
    )
    (conflict,) = _number_conflicts([first, second])
    assert {str(claim.value) for claim in conflict.claims} == {"5", "7"}
