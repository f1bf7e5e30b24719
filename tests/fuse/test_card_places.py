"""The card's "where" on real local news (../shared/data/gva-dev): a town a report names
only through its police is where it happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsfuse.card import _served_place
from newsfuse.config import Settings
from tests.fuse.conftest import run_gva_articles

# gva:775176, Corpus Christi, February 14, 2017: the police blotter names the city only in
# "Corpus Christi Police Officers", the station only in "The Corpus Christi Police Department".
CORPUS_CHRISTI = ("b0b54598ed37bcd9abeaadd02132bf7e", "eedd98d4744f09a38b1b9bb3c30a867b")


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("Memphis Police Department", "Memphis"),
        ("Harris County Sheriff's Office", "Harris County"),
        ("Louisiana State Police", "Louisiana"),
        ("Kansas City Police", "Kansas City"),
        ("Indianapolis Metropolitan Police Department", "Indianapolis"),
        ("Unified Police Department", None),
        ("Hamilton Fire Department", "Hamilton"),
        ("Metropolitan Police", None),
        ("Capitol Police", None),
        ("Police", None),
        ("Brookhaven High School", None),
    ],
)
def test_a_public_service_is_named_by_the_place_it_serves(name: str, place: str | None) -> None:
    assert _served_place(name) == place


def test_a_town_named_only_by_its_police_is_on_the_card(tmp_path: Path, settings: Settings) -> None:
    result = run_gva_articles(tmp_path, settings, CORPUS_CHRISTI)
    (brief,) = result.briefs
    (city,) = [place for place in brief.card.where if place.name == "Corpus Christi"]
    assert set(city.sources) == set(CORPUS_CHRISTI)
    assert all("Corpus Christi Police" in passage.text for passage in city.passages)
