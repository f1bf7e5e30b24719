"""Places a local report names the way local reports do: a dateline in capitals, a town
with its state after a comma. Texts are gva-dev articles (../shared/data/gva-dev), cut."""

from __future__ import annotations

from newsfuse.extract import Extractor
from newsfuse.extract.entities import PLACE_LABELS
from tests.extract.conftest import annotate


def _labels(extractor: Extractor, text: str, name: str) -> list[str]:
    entities = annotate(extractor, text).entities
    return [m.label for m in entities if m.text.casefold() == name.casefold()]


def test_a_dateline_names_a_place_and_the_town_stays_a_place_in_the_text(
    extractor: Extractor,
) -> None:
    text = (
        "GALT—\n\nAuthorities have declared a mass-casualty incident after a reported "
        "shooting in Galt.\n\nA total of seven people had to be treated for non-life "
        "threatening wounds after a drive-by shooting."
    )
    labels = _labels(extractor, text, "Galt")
    assert len(labels) == 2  # the dateline and "a reported shooting in Galt"
    assert all(label in PLACE_LABELS for label in labels)


def test_a_dateline_with_its_state_and_agency_is_a_place(extractor: Extractor) -> None:
    text = (
        "MEMPHIS, Tenn -- Police are searching for a group of men who shot five people in "
        "Raleigh.\n\nOne of the victims, a woman trying to break up the fight, was shot in "
        "the head."
    )
    entities = annotate(extractor, text).entities
    first = entities[0]
    assert (first.text, first.start) == ("MEMPHIS", 0)
    assert first.label in PLACE_LABELS


def test_a_dateline_without_its_dash_is_a_place_where_region_and_agency_mark_it(
    extractor: Extractor,
) -> None:
    # gva-dev (Fort Wayne): the station's page drops the dash after "(WANE)".
    text = (
        "FORT WAYNE, Ind. (WANE) Fort Wayne police are investigating a shooting that left "
        "a man injured on the city's south side."
    )
    first = annotate(extractor, text).entities[0]
    assert (first.text, first.start) == ("FORT WAYNE", 0)
    assert first.label in PLACE_LABELS


def test_what_is_not_a_place_opening_a_paragraph_is_not_made_one(extractor: Extractor) -> None:
    # A station's call letters, and a capitalised label the article never names again.
    for text in (
        "WGN — Police say two men were shot on the South Side early Sunday.",
        "AFTERNOON UPDATE — Police say two men were shot early Sunday.",
    ):
        dateline = text.split(" —")[0]
        places = [m for m in annotate(extractor, text).entities if m.text == dateline]
        assert all(m.label not in PLACE_LABELS for m in places), text


def test_a_town_before_its_state_is_a_place(extractor: Extractor) -> None:
    text = (
        "The United States House of Representatives voted on June 10, 2014, to pass House "
        "Resolution 608, entitled Condemning the senseless rampage and mass shooting that "
        "took place in Isla Vista, California, on Friday May 23, 2014."
    )
    labels = _labels(extractor, text, "Isla Vista")
    assert labels
    assert all(label in PLACE_LABELS for label in labels)


def test_a_person_named_before_a_comma_stays_a_person(extractor: Extractor) -> None:
    text = (
        "Hours before those two shootings, Brian Posley, Jr., 19, of Chattanooga was shot "
        "in the 2200 block of East 26th street. Posley is considered a victim but he might "
        "also be a suspect."
    )
    assert _labels(extractor, text, "Brian Posley") == ["PERSON"]
