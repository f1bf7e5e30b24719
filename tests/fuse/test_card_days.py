"""The card's day on real local news (../shared/data/gva-dev): the day of the shooting, not
the day a page was posted or updated, nor the day the police told of it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsfuse.config import Settings
from tests.fuse.conftest import run_gva_articles


@pytest.mark.parametrize(
    ("ids", "day"),
    [
        # gva:491438, Indianapolis, Friday August 2, 2013: "Four people are recovering from
        # gunshot wounds after a shooter sprayed bullets into a large crowd on College Avenue
        # early Friday morning", against a page whose first sentence counts the shot and ends
        # with its stamp, "Updated: Monday, July 7, 2014 6:44 PM EDT".
        (("aa3e80dd03710186613acb45855e687e", "f4dd2ebc0ef2818ff81e983efe973661"), "2013-08-02"),
        # gva:275986, Boston, January 8, 2015, in a report of the 9th: "Boston's first murder
        # of 2015 happened last night in Roxbury" is the one day the report gives.
        (("eb4f145f69289a52e2f60f7458893020",), "2015-01-08"),
    ],
)
def test_the_card_puts_the_event_on_its_own_day(
    ids: tuple[str, ...], day: str, tmp_path: Path, settings: Settings
) -> None:
    result = run_gva_articles(tmp_path, settings, ids)
    (brief,) = result.briefs
    assert brief.card.when[0].date == dt.date.fromisoformat(day)


def test_the_day_a_death_was_told_of_is_no_rival_day_of_the_death(tmp_path: Path) -> None:
    """gva:741684, Evansville, Monday January 2, 2017: "On Tuesday,
    Kellough died of a single self-inflicted gun shot wound" and "Lockyear on Thursday said
    that it is believed that Kellough fatally shot himself" are no dispute over the day."""
    ids = ("6a6dd3218d1647813d9a393aa63be19c", "a42a49928d77a9069ef4d77ead08a369")
    (brief,) = run_gva_articles(tmp_path, Settings(), ids).briefs  # sentences embedded
    days = {claim.value for c in brief.conflicts if c.kind == "date" for claim in c.claims}
    assert "2017-01-05" not in days
    assert not brief.card.when[0].disputed
