"""ECB+ mention recall and canonical-cluster B-cubed (skipped where ../shared is absent)."""

from __future__ import annotations

import pytest

from newsfuse.evaluate.entities import bcubed, evaluate_ecb_entities, read_ecb
from newsfuse.extract import Extractor, default_extractor
from tests.conftest import shared_data


def test_bcubed_of_identical_groupings_is_one_and_of_a_merge_is_lower() -> None:
    assert bcubed([("a", "x"), ("a", "x"), ("b", "y")]) == (1.0, 1.0)
    precision, recall = bcubed([("a", "x"), ("a", "x"), ("b", "x")])
    assert recall == 1.0
    assert precision == pytest.approx((2 / 3 * 2 + 1 / 3) / 3)


def test_ecb_document_text_and_mentions_come_from_its_tokens() -> None:
    document = read_ecb(shared_data("ecbplus-dev", "xml", "1", "1_10ecb.xml"))
    assert document.story == "1ecb"
    assert document.text.startswith("Perennial party girl Tara Reid checked herself into")
    words = {document.text[m.start : m.end] for m in document.mentions}
    assert "Tara Reid" in words
    reid = {m.cluster for m in document.mentions if document.text[m.start : m.end] == "Tara Reid"}
    assert len(reid) == 1


@pytest.fixture(scope="module")
def ecb_extractor() -> Extractor:
    return default_extractor()


def test_ecb_topic_one_scores_stay_above_their_floors(ecb_extractor: Extractor) -> None:
    # Floors under the figures measured on topics 1-3 (README): named mentions are found
    # and grouped; ECB+ also marks pronouns and common nouns, which NER does not find.
    score = evaluate_ecb_entities(
        shared_data("ecbplus-dev", "xml"), topics=1, extractor=ecb_extractor
    )
    assert score.named_found / score.named >= 0.7
    assert score.mention_recall >= 0.4
    assert score.f1 >= 0.65
