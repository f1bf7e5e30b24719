"""Time expressions in made-up sentences, resolved against a publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from newsfuse.extract import Extractor
from tests.extract.conftest import annotate

SUNDAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "words", "first", "last"),
    [
        ("The talks are set for Monday in Istanbul.", "Monday", "2025-06-02", "2025-06-02"),
        (
            "The bridge collapsed late Saturday, officials said.",
            "late Saturday",
            "2025-05-31",
            "2025-05-31",
        ),
        ("The minister spoke on Sunday about the talks.", "Sunday", "2025-06-01", "2025-06-01"),
        (
            "The strikes happened last Wednesday, the army said.",
            "last Wednesday",
            "2025-05-28",
            "2025-05-28",
        ),
        (
            "Two bridges fell on the night of May 31.",
            "the night of May 31",
            "2025-05-31",
            "2025-05-31",
        ),
        (
            "Prisoners were swapped over the past weekend.",
            "the past weekend",
            "2025-05-24",
            "2025-05-25",
        ),
        ("The vote is due in July, the commission said.", "July", "2025-07-01", "2025-07-31"),
        ("The ceasefire was signed on 12 March 2024.", "12 March 2024", "2024-03-12", "2024-03-12"),
        # AP style: an abbreviated month keeps its day ("Feb. 4" was read as Feb. 1, the
        # publication's day of the month).
        ("The bridge was closed on Feb. 4, officials said.", "Feb. 4", "2025-02-04", "2025-02-04"),
    ],
)
def test_expressions_resolve_by_publication_date_and_tense(
    text: str, words: str, first: str, last: str, extractor: Extractor
) -> None:
    times = annotate(extractor, text, SUNDAY).times
    match = [t for t in times if words in t.text]
    assert match, [t.text for t in times]
    assert (match[0].first, match[0].last) == (
        dt.date.fromisoformat(first),
        dt.date.fromisoformat(last),
    )


@pytest.mark.parametrize(
    "text",
    [
        # gva:309826 (the archive: March 19, 2015, a Thursday), read in a report of the
        # Monday after: a weekday three days ahead of Monday is last week's, not this one.
        "The mother of 6-year-old Jairo Ivan Victoriano is overcome with grief after he was "
        "shot and killed Thursday in the place she felt he was safest -- their home.",
        # A passive without its auxiliary is past too.
        "Police identified the boy killed Thursday in his home.",
    ],
)
def test_a_weekday_of_a_joined_or_bare_past_verb_is_in_the_past(
    text: str, extractor: Extractor
) -> None:
    monday = dt.date(2015, 3, 23)
    (thursday,) = [t for t in annotate(extractor, text, monday).times if "Thursday" in t.text]
    assert thursday.first == dt.date(2015, 3, 19)


@pytest.mark.parametrize(
    "text",
    [
        "He was arrested Saturday and appears in court Tuesday.",
        "Police have identified the suspect and plan a news conference Tuesday.",
    ],
)
def test_a_joined_verb_with_a_tense_of_its_own_keeps_it(text: str, extractor: Extractor) -> None:
    sunday = dt.date(2015, 3, 22)
    (tuesday,) = [t for t in annotate(extractor, text, sunday).times if "Tuesday" in t.text]
    assert tuesday.first == dt.date(2015, 3, 24)


def test_false_date_hits_are_not_dates(extractor: Extractor) -> None:
    times = annotate(
        extractor, "We welcomed a 1,000-for-1,000 prisoner exchange, the ministry said.", SUNDAY
    ).times
    assert times == ()


def test_a_duration_is_kept_as_a_duration(extractor: Extractor) -> None:
    times = annotate(extractor, "The preparation took over 18 months, he said.", SUNDAY).times
    assert [(t.text, t.kind, t.first) for t in times] == [("over 18 months", "duration", None)]


def test_today_inside_a_quote_stays_unresolved(extractor: Extractor) -> None:
    times = annotate(
        extractor, 'He wrote: "Today, a brilliant operation was carried out."', SUNDAY
    ).times
    assert [(t.text, t.first) for t in times] == [("Today", None)]
    assert "quote" in (times[0].reason or "")


def test_without_publication_date_a_weekday_is_unresolved(extractor: Extractor) -> None:
    times = annotate(extractor, "The talks were held on Monday.", None).times
    assert [(t.text, t.first, t.reason) for t in times] == [
        ("Monday", None, "no publication date to resolve against")
    ]


def test_without_publication_date_a_full_date_reads_the_same_on_any_day(
    extractor: Extractor,
) -> None:
    """An undated article's "Oct. 21, 2011" is that day, not a day of the run's own month
    (it was read as Oct. 5, 2026 on Dec. 5 and Oct. 6 on Dec. 6: ECB+ dev, topic 33)."""
    times = annotate(extractor, "The plant closed on Oct. 21, 2011, the company said.", None).times
    assert [(t.text, t.first) for t in times] == [("Oct. 21, 2011", dt.date(2011, 10, 21))]


@pytest.mark.parametrize(
    ("text", "words", "governor"),
    [
        # gva-dev's reports: the day of the shooting, of the telling and of what followed.
        (
            "A 17-year-old boy died after a shooting Friday night in Bartow County.",
            "Friday",
            "shooting",
        ),
        (
            "Birmingham's mayor reacted to Saturday's fatal shooting in Ensley.",
            "Saturday",
            "shooting",
        ),
        ("A boy is dead after a shooting in New Jersey, authorities said Sunday.", "Sunday", "say"),
        (
            "Police arrested Kenneth Anderson on Sunday for leaving a loaded pistol out.",
            "Sunday",
            "arrest",
        ),
        ("As of Sunday night, one person remained in critical condition.", "Sunday", "remain"),
    ],
)
def test_a_day_knows_what_it_is_the_day_of(
    text: str, words: str, governor: str, extractor: Extractor
) -> None:
    (time,) = [t for t in annotate(extractor, text, SUNDAY).times if words in t.text]
    assert time.governor == governor
