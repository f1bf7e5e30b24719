"""Timeline scores worked by hand from their definitions (date F1; ROUGE-n F1 over all the
words, and within matching days only), the gold loader's errors, and the baseline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.evaluate.timeline import (
    baseline_timeline,
    load_gold_timelines,
    mean_score,
    score_timeline,
)
from newsfuse.model import Article

MAY_1, MAY_2, MAY_3 = dt.date(2009, 5, 1), dt.date(2009, 5, 2), dt.date(2009, 5, 3)


def test_scores_follow_their_definitions_on_a_small_timeline() -> None:
    gold = [(MAY_1, ["Mexico closes schools"]), (MAY_2, ["WHO raises alert"])]
    system = [(MAY_1, ["Mexico closes its schools"]), (MAY_3, ["Egypt culls pigs"])]
    score = score_timeline(gold, system)
    # One day of two right on each side: P = R = 1/2.
    assert score.date_f1 == pytest.approx(0.5)
    # Words: gold 6 (mexico closes schools who raises alert), system 7; shared 3.
    assert score.concat_r1 == pytest.approx(2 * (3 / 7) * (3 / 6) / (3 / 7 + 3 / 6))
    # Within May 1 only: the same 3 shared words, over the same totals.
    assert score.agree_r1 == pytest.approx(score.concat_r1)
    # Pairs of the days' words joined end to end: gold 5, system 6; "mexico closes" shared.
    assert score.concat_r2 == pytest.approx(2 * (1 / 6) * (1 / 5) / (1 / 6 + 1 / 5))
    # A word said on the wrong day counts in the concatenation, not within days.
    moved = score_timeline(gold, [(MAY_3, ["Mexico closes schools"])])
    assert moved.concat_r1 == pytest.approx(2 * (3 / 3) * (3 / 6) / (1 + 3 / 6))
    assert moved.agree_r1 == 0.0
    assert moved.date_f1 == 0.0


def test_mean_is_the_macro_mean() -> None:
    gold = [(MAY_1, ["a b"])]
    right, wrong = score_timeline(gold, gold), score_timeline(gold, [(MAY_2, ["c"])])
    assert mean_score([right, wrong]).date_f1 == pytest.approx(0.5)


def test_gold_lines_without_entries_are_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    good = {
        "collection": "c",
        "timeline": "t",
        "entries": [{"date": "2009-05-01", "sentences": ["x"]}],
    }
    path.write_text(json.dumps(good) + "\n" + json.dumps({"collection": "c"}) + "\n")
    with pytest.raises(InputError, match=r"gold\.jsonl:2"):
        load_gold_timelines(path)
    path.write_text(json.dumps(good) + "\n")
    (timeline,) = load_gold_timelines(path)
    assert timeline.days == 1
    assert timeline.sentences_per_day == 1


def test_baseline_takes_the_busiest_days_and_their_most_central_lead() -> None:
    def article(number: int, day: dt.date, text: str) -> Article:
        return Article(id=str(number), text=text, origin="test", published=day)

    articles = [
        article(1, MAY_1, "Mexico City closed all of its schools and museums on Friday morning."),
        article(2, MAY_1, "Officials in Mexico City closed schools and museums to slow the flu."),
        article(3, MAY_1, "A football match was played without fans in the capital on Friday."),
        article(4, MAY_2, "The World Health Organization raised its pandemic alert level today."),
    ]
    ((day, (lead,)),) = baseline_timeline(articles, 1)
    assert day == MAY_1
    assert "schools and museums" in lead  # the lead two of the day's three share words with
