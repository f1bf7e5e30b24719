"""The seeds' story card against what an editor reads in the seeds (tests/data), and the
card's rules on made-up counts: an update is not a dispute, every value is cited."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

from newsfuse.card import card_figures
from newsfuse.model import Article, Brief, Card, Passage, Quantity
from newsfuse.render.markdown import render_markdown
from tests.conftest import TEST_DATA

GOLD = json.loads((TEST_DATA / "seeds_brief_gold.json").read_text(encoding="utf-8"))["card"]


def short(ids: tuple[str, ...] | list[str]) -> set[str]:
    return {article_id[:3] for article_id in ids}


def test_the_card_gives_both_days_of_the_blasts_as_disputed(seeds_brief: Brief) -> None:
    days = {d.date.isoformat(): d for d in seeds_brief.card.when}
    for day, sources in GOLD["when"].items():
        assert day in days, sorted(days)
        assert set(sources) <= short(days[day].sources)
        assert days[day].disputed


def test_the_card_counts_the_dead_and_injured_with_their_sources(seeds_brief: Brief) -> None:
    for expected in GOLD["figures"]:
        (figure,) = [
            f
            for f in seeds_brief.card.figures
            if f.what == expected["what"] and f.value == expected["value"]
        ]
        assert figure.qualifier == expected["qualifier"]
        assert set(expected["must_cite"]) <= short(figure.sources)
        assert not figure.disputed
    # "at least seven" killed leads the counts: 001 and 003 are one outlet's two rewrites.
    assert seeds_brief.card.figures[0].what == "people killed"
    assert seeds_brief.card.figures[0].independent_sources == 4


def test_the_card_names_the_places_and_people(seeds_brief: Brief) -> None:
    places = " ".join(p.name for p in seeds_brief.card.where)
    people = " ".join(a.name for a in seeds_brief.card.who)
    assert all(place in places for place in GOLD["where"]), places
    assert all(person in people for person in GOLD["who"]), people


def test_no_reporters_noun_is_a_figure(seeds_brief: Brief) -> None:
    for figure in seeds_brief.card.figures:
        assert not any(noun in figure.what for noun in GOLD["not_figures"]), figure


def test_every_card_value_is_cited_to_a_passage_of_its_source(seeds_brief: Brief) -> None:
    card = seeds_brief.card
    values = [*card.when, *card.where, *card.who, *card.figures]
    assert values
    for value in values:
        assert value.sources, value
        assert {p.article_id for p in value.passages} <= set(value.sources)
        assert value.passages, value
    for event in card.what:
        assert event.sources


def test_the_card_comes_first_in_the_markdown(seeds_brief: Brief) -> None:
    markdown = render_markdown(seeds_brief)
    assert markdown.index("## At a glance") < markdown.index("## Summary")
    assert "(sources differ)" in markdown.split("## Summary")[0]


# --- a toll that changes: an update, not a dispute (issue 16, point 4) -------------------


def _article(article_id: str, day: dt.date) -> Article:
    return Article(id=article_id, text="x", origin="test", published=day)


def _toll(value: float, *sources: str) -> Quantity:
    passages = tuple(Passage(s, 0, f"{value:g} people were killed") for s in sources)
    return Quantity("people killed", value, None, sources, len(sources), passages, "killed")


def test_a_toll_raised_by_a_later_report_is_an_update_not_a_dispute() -> None:
    sunday, monday = dt.date(2025, 6, 1), dt.date(2025, 6, 2)
    articles = {"a": _article("a", sunday), "b": _article("b", sunday), "c": _article("c", monday)}
    latest, earlier = card_figures((_toll(7, "a", "b"), _toll(8, "c")), articles)
    assert (latest.value, latest.superseded, latest.disputed) == (8, False, False)
    assert (earlier.value, earlier.superseded, earlier.disputed) == (7, True, False)


def test_two_tolls_of_one_day_are_a_dispute_with_both_sides_cited() -> None:
    sunday = dt.date(2025, 6, 1)
    articles = {"a": _article("a", sunday), "b": _article("b", sunday), "c": _article("c", sunday)}
    figures = card_figures((_toll(7, "a", "b"), _toll(8, "c")), articles)
    assert [(f.value, f.disputed, f.sources) for f in figures] == [
        (7, True, ("a", "b")),
        (8, True, ("c",)),
    ]


def test_a_sentence_putting_the_blasts_on_a_disputed_day_says_so_in_place(
    seeds_brief: Brief,
) -> None:
    """000 puts the bridges on May 31, 001 and 003 on June 1: the summary's May 31
    sentence carries the dispute with both days and their sources, not only the
    conflicts section (issue 16, point 3)."""
    (expected,) = [
        c
        for c in json.loads((TEST_DATA / "seeds_brief_gold.json").read_text())["conflicts"]
        if c["kind"] == "date"
    ]
    dated = [s for s in seeds_brief.summary if "May 31" in s.text and "bridge" in s.text]
    assert dated
    for sentence in dated:
        (dispute,) = sentence.disputes
        values = {v.value: short(v.sources) for v in dispute.values}
        for day, sources in expected["claims"].items():
            assert set(sources) <= values[day]
    # A sentence that gives no day of the blasts carries no date dispute.
    for sentence in seeds_brief.summary:
        if "Just hours later" in sentence.text:
            assert not sentence.disputes


def test_a_victim_told_of_alone_is_no_rival_to_a_stated_toll() -> None:
    """ "The carjacking victim was killed" (one, implicit) is consistent with "four people
    were killed": the card gives four, not a dispute between one and four."""
    sunday = dt.date(2025, 6, 1)
    articles = {k: _article(k, sunday) for k in "abc"}
    one = dataclasses.replace(_toll(1, "a", "b"), implicit=True)
    (figure,) = card_figures((one, _toll(4, "c")), articles)
    assert (figure.value, figure.disputed) == (4, False)
    # Told only that way, the one is the card's count.
    (alone,) = card_figures((one,), articles)
    assert alone.value == 1


def test_the_markdown_shows_eight_single_source_facts_and_says_how_many_more(
    seeds_brief: Brief,
) -> None:
    section = render_markdown(seeds_brief).split("## Reported by one source only")[1]
    items = [line for line in section.split("## ")[0].splitlines() if line.startswith("- ")]
    assert len(items) == 9
    assert items[-1] == f"- … and {len(seeds_brief.single_source) - 8} more in the JSON brief"


# --- the wounded of a shooting: shot and not killed (issue 16, gva-dev) ------------------


def _count(
    what: str, kind: str, value: float, *sources: str, qualifier: str | None = None
) -> Quantity:
    passages = tuple(Passage(s, 0, f"{value:g} {what.split()[-1]}") for s in sources)
    return Quantity(what, value, qualifier, sources, len(sources), passages, kind)


def test_people_shot_and_not_killed_are_the_injured_cited_to_both_counts() -> None:
    """ "Four people were shot outside the club" (a, b); "one of them died" (c): three
    wounded, worked out and said so, cited to all three; the stated counts stay."""
    sunday = dt.date(2025, 6, 1)
    articles = {k: _article(k, sunday) for k in "abc"}
    shot = _count("people shot", "shot", 4, "a", "b")
    killed = _count("people killed", "killed", 1, "c")
    figures = card_figures((shot, killed), articles)
    assert [f.what for f in figures] == ["people killed", "people injured", "people shot"]
    injured = figures[1]
    assert (injured.value, injured.qualifier) == (3, None)
    assert injured.derived == "4 shot, 1 killed"
    assert injured.sources == ("a", "b", "c")
    assert {p.article_id for p in injured.passages} == {"a", "b", "c"}
    assert injured.independent_sources == 1  # no more than its weakest count
    card_text = render_markdown(Brief("s", "Four shot", card=Card(figures=figures)))
    assert "(worked out from 4 shot, 1 killed)" in card_text


def test_no_injured_count_is_worked_out_where_one_is_stated_or_unsure() -> None:
    sunday = dt.date(2025, 6, 1)
    articles = {k: _article(k, sunday) for k in "abcd"}
    shot = _count("people shot", "shot", 4, "a")
    cases = [
        (shot, _count("people injured", "injured", 2, "b")),  # stated: the card gives it
        (shot, _count("people killed", "killed", 2, "b", qualifier="at least")),
        (shot, _count("people killed", "killed", 4, "b")),  # all four died
        (shot, _count("people shot", "shot", 5, "b")),  # 4 or 5 shot: disputed
        # 1 or 2 killed, at once: as unsure how many of the four survived
        (
            shot,
            _count("people killed", "killed", 1, "b"),
            _count("people killed", "killed", 2, "c"),
        ),
    ]
    for counts in cases:
        figures = card_figures(counts, articles)
        assert not any(f.derived for f in figures), counts
    (alone,) = [f for f in card_figures((shot,), articles) if f.derived]
    assert (alone.value, alone.derived) == (4, "4 shot, none reported killed")


def test_one_injured_told_without_a_number_gives_way_to_the_wounded_worked_out() -> None:
    """gva:197384 (15 injured): "a 15-year-old is listed in critical condition" is one or
    more injured; "15 people were shot", none killed, says how many."""
    sunday = dt.date(2025, 6, 1)
    articles = {k: _article(k, sunday) for k in "ab"}
    shot = _count("people shot", "shot", 15, "a")
    one = dataclasses.replace(_count("people injured", "injured", 1, "b"), implicit=True)
    injured = [f for f in card_figures((shot, one), articles) if f.what == "people injured"]
    assert [(f.value, f.derived) for f in injured] == [(15, "15 shot, none reported killed")]
    # A stated count of the injured is the card's, not worked out.
    stated = _count("people injured", "injured", 1, "b")
    injured = [f for f in card_figures((shot, stated), articles) if f.what == "people injured"]
    assert [(f.value, f.derived) for f in injured] == [(1, None)]
