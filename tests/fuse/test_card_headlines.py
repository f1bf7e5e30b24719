"""The card's counts from headlines, on real local news (../shared/data/gva-dev): reports
whose body is a site's sign-up prompt give their toll only in the title, and many name
their town nowhere else."""

from __future__ import annotations

import json
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.model import HEADLINE
from newsfuse.runners.local import write_outputs
from tests.fuse.conftest import run_gva_articles

# gva:421014, Greenville, Georgia, September 27, 2015: 10 injured, none killed. Both reports
# are a headline over a registration prompt ("Thank you for registering!", "We have sent
# you a verification email"), with no count in it.
INJURED_TEN = "6db5bfa672171494d8ff6a7ab0b77510"  # "10 people injured in bar shooting"
SHOT_TEN = "ccc86f0f09d3dac98629ec824612f531"  # "... led to 10 people shot at Georgia bar"


def test_a_headline_only_report_puts_its_count_on_the_card(
    tmp_path: Path, settings: Settings
) -> None:
    result = run_gva_articles(tmp_path, settings, {INJURED_TEN, SHOT_TEN})
    titles = {article.id: article.title for article in result.articles}
    figures = [figure for brief in result.briefs for figure in brief.card.figures]
    (injured,) = [f for f in figures if f.what == "people injured"]
    assert (injured.value, injured.qualifier, injured.sources) == (10, None, (INJURED_TEN,))
    (shot,) = [f for f in figures if f.what == "people shot"]
    assert (shot.value, shot.sources) == (10, (SHOT_TEN,))
    for figure in (injured, shot):
        (passage,) = figure.passages
        assert passage.sentence == HEADLINE
        assert passage.text == titles[passage.article_id]
    assert not [f for f in figures if f.what == "people killed"]
    write_outputs(result, tmp_path / "out")
    lines = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    written = {line["id"]: line for line in map(json.loads, lines)}
    (count,) = written[INJURED_TEN]["headline_quantities"]
    assert (count["text"], count["value"], count["predicate"]) == ("10", 10, "injured")


# Local reports that name their town only in the headline (../shared/data/gva-dev):
# gva:275236, Kansas City, Missouri, January 2015: "3-year-old Kansas City girl shot in
# abdomen" over "Police said the Wednesday afternoon shooting appears to be an accident.";
# gva:346202, Fresno, California, May 2015: "2 dead in southeast Fresno house party shooting"
# over a video caption naming only Tulare County's sheriff.
KANSAS_CITY = "4321cb2e4b6c6a2d87f93bca8dddab71"
FRESNO = "961793278d694c4747f6095d2fc72b0f"


def test_a_town_named_only_in_a_headline_is_among_the_cards_places(
    tmp_path: Path, settings: Settings
) -> None:
    result = run_gva_articles(tmp_path, settings, {KANSAS_CITY, FRESNO})
    titles = {article.id: article.title for article in result.articles}
    cards = {brief.story_id: brief.card for brief in result.briefs}
    where = {
        article_id: cards[story.story_id].where
        for story in result.stories
        for article_id in story.article_ids
    }
    assert where[KANSAS_CITY][0].name == "Kansas City"  # the body names no place
    (fresno,) = [place for place in where[FRESNO] if place.name == "Fresno"]
    for article_id, town in ((KANSAS_CITY, where[KANSAS_CITY][0]), (FRESNO, fresno)):
        assert town.sources == (article_id,)
        (passage,) = town.passages
        assert (passage.sentence, passage.text) == (HEADLINE, titles[article_id])
    write_outputs(result, tmp_path / "out")
    lines = (tmp_path / "out" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    written = {line["id"]: line for line in map(json.loads, lines)}
    (named,) = written[KANSAS_CITY]["headline_places"]
    assert (named["text"], named["label"]) == ("Kansas City", "GPE")
