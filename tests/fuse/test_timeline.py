"""The input-wide timeline on the seeds and on a Timeline17 collection: its sentences are the
briefs' own timeline entries (cited, disputes kept), its days the ones the reports name."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.evaluate.timeline import load_gold_timelines
from newsfuse.model import Brief
from newsfuse.runners.local import RunResult
from newsfuse.runners.timeline import evaluate_timelines
from newsfuse.timeline import build_timeline, timeline_to_list
from tests.conftest import shared_data

MAY_31, JUNE_1 = dt.date(2025, 5, 31), dt.date(2025, 6, 1)


def test_the_seeds_timeline_tells_the_blasts_and_the_call_cited_with_the_dispute(
    seeds_run: RunResult,
) -> None:
    timeline = build_timeline(seeds_run.briefs)
    entries = {
        (entry.date, entry.text): entry for brief in seeds_run.briefs for entry in brief.timeline
    }
    days = {day.date: day for day in timeline}
    # The bridges were blown up on the night of May 31 (002, 004) or June 1 (001, 003); the
    # Lavrov-Rubio call was on Sunday, June 1.
    assert {MAY_31, JUNE_1} <= set(days)
    assert any("bridges" in s.text for s in days[MAY_31].sentences)
    assert any("Rubio" in s.text for s in days[JUNE_1].sentences)
    for day in timeline:
        for sentence in day.sentences:
            entry = entries[(day.date, sentence.text)]  # a brief's entry, not new wording
            assert sentence.sources == entry.sources
            assert sentence.sources
            assert sentence.disputes == entry.disputes
    (blasts,) = [s for s in days[MAY_31].sentences if "bridges" in s.text]
    (dispute,) = blasts.disputes
    assert {value.value for value in dispute.values} == {"2025-05-31", "2025-06-01"}
    row = next(r for r in timeline_to_list(timeline) if r["date"] == "2025-05-31")
    assert row["sentences"][0]["disputes"][0]["about"].startswith("date of")  # type: ignore[index]


def test_asked_for_one_day_and_one_event_it_gives_the_best_backed(seeds_run: RunResult) -> None:
    everything = build_timeline(seeds_run.briefs, dates=30, per_date=10)
    (day,) = build_timeline(seeds_run.briefs, dates=1, per_date=1)
    assert day.weight == max(d.weight for d in everything)
    (sentence,) = day.sentences
    assert sentence.support == max(
        s.support for s in next(d for d in everything if d.date == day.date).sentences
    )
    with pytest.raises(ValueError, match="dates"):
        build_timeline(seeds_run.briefs, dates=0)


@pytest.mark.slow
def test_a_timeline17_collection_scores_above_the_baseline(tmp_path: Path) -> None:
    """The Haiti earthquake as the BBC covered it (296 articles): the journalists' 11 days
    and their words, against the busiest publication days' central leads."""
    articles = shared_data("timeline17-dev", "articles.jsonl")
    golds = [
        line
        for line in shared_data("timeline17-dev", "timelines.jsonl").read_text().splitlines()
        if json.loads(line)["collection"] == "haiti_bbc"
    ]
    gold_path = tmp_path / "haiti.jsonl"
    gold_path.write_text("\n".join(golds) + "\n")
    records = [
        line for line in articles.read_text().splitlines() if '"collection": "haiti_bbc"' in line
    ]
    input_path = tmp_path / "haiti_articles.jsonl"
    input_path.write_text("\n".join(records) + "\n")
    (result,) = evaluate_timelines(
        gold_path, [input_path], settings=Settings(), workers=2, out=tmp_path / "out"
    )
    assert result.gold == load_gold_timelines(gold_path)[0]
    # Measured 2026-12-06: date F1 0.909 (baseline 0.818), per-day ROUGE-1 0.278 (0.103).
    assert result.newsfuse.date_f1 >= 0.8
    assert result.newsfuse.date_f1 > result.baseline.date_f1
    assert result.newsfuse.agree_r1 >= 0.2
    assert result.newsfuse.agree_r1 > result.baseline.agree_r1
    # The coverage of one earthquake over three weeks gathers: stories alone hold at most a
    # sixth of it (measured: 49 of 286 articles), its largest storyline over half (155).
    assert result.largest_story < result.largest_storyline
    assert result.largest_storyline >= 0.45 * result.articles
    written = json.loads((tmp_path / "out" / "haiti_bbc.json").read_text())
    assert len(written) == result.gold.days
    assert all(s["sources"] for day in written for s in day["sentences"])


def test_of_days_equally_backed_the_one_later_reports_look_back_to_ranks_first(
    seeds_run: RunResult,
) -> None:
    """Saturday, May 31 (the night of the blasts) and Sunday, June 1, each told by one
    article: a tie. The seeds published on June 2 name Sunday ("on Sunday", "June 1": 001,
    002, 003), while Saturday is named from a later day by 002 ("late Saturday") and 004
    (published June 1, "on Saturday"): three against two, so June 1 goes first, where the
    calendar alone would put May 31 first."""
    entries = {
        entry.date: replace(entry, sources=entry.sources[:1], passages=(), also_reported=())
        for brief in seeds_run.briefs
        for entry in brief.timeline
        if entry.date in (MAY_31, JUNE_1)
    }
    briefs = [Brief(f"s{day:%d}", "", timeline=(entry,)) for day, entry in entries.items()]
    assert [d.weight for d in build_timeline(briefs, dates=2)] == [1, 1]
    (first,) = build_timeline(briefs, articles=seeds_run.articles, dates=1)
    assert first.date == JUNE_1
    (by_calendar,) = build_timeline(briefs, dates=1)
    assert by_calendar.date == MAY_31
