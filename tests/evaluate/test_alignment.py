"""Statement-alignment gold and scoring on ECB+ topic 1 (skipped where ../shared is absent).

Expected facts are read off the XML by hand: in `1_10ecb`, sentence 3 ("A friend of the
actress told People she went to Promises ...") marks "went" and "decision" as mentions of
chain ACT16236402809085484 (t1b_checking_in_promises); in `1_11ecb`, sentence 2 ("Tara Reid
has checked herself into Promises Treatment Center ...") marks "checked ... into" in the same
chain, and sentence 1 ("The news comes as a shock ...") marks events ("holed up") that are in
no cross-document chain. `1_10ecb` sentence 4 ("Reid launched a new fashion line ...") has no
annotated mention at all.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.evaluate.alignment import (
    AlignmentGold,
    load_alignment_gold,
    map_sentences,
    score_alignment,
)
from newsfuse.evaluate.clusters import load_gold_labels
from newsfuse.extract import annotate_articles
from newsfuse.model import Article, Passage
from newsfuse.runners.local import read_clean
from tests.conftest import shared_data

pytestmark = pytest.mark.shared_data

CHECK_IN = "ACT16236402809085484"
FRIEND = ("1_10ecb", "A friend of the actress told People")
MANTRA = ("1_10ecb", "Reid launched a new fashion line")
CHECKED_IN = ("1_11ecb", "Tara Reid has checked herself into Promises")
SHOCK = ("1_11ecb", "The news comes as a shock")


@pytest.fixture(scope="module")
def gold() -> AlignmentGold:
    return load_alignment_gold(shared_data("ecbplus-dev", "xml"), topics={"1"})


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Article]:
    """Topic 1's articles as newsfuse reads, cleans and annotates them, by id."""
    source = shared_data("ecbplus-dev", "ecbplus-dev.jsonl")
    topic = tmp_path_factory.mktemp("ecb") / "topic1.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()
    topic.write_text(
        "".join(f"{line}\n" for line in lines if json.loads(line)["id"].startswith("1_")),
        encoding="utf-8",
    )
    return {article.id: article for article in annotate_articles(read_clean([topic], Settings()))}


def _passage(articles: dict[str, Article], where: tuple[str, str]) -> Passage:
    """The newsfuse sentence of article `where[0]` that contains the words `where[1]`."""
    article_id, words = where
    annotations = articles[article_id].annotations
    assert annotations is not None
    found = [sentence for sentence in annotations.sentences if words in sentence.text]
    assert len(found) == 1, f"{words!r} in {article_id}: {len(found)} sentences"
    return Passage(article_id, found[0].index, found[0].text)


def _brute_force_gold_pairs(
    gold: AlignmentGold, articles: dict[str, Article]
) -> set[tuple[Passage, Passage]]:
    """Every cross-article sentence pair of one story whose gold sentences share a chain."""
    holders: defaultdict[tuple[str, str], list[Passage]] = defaultdict(list)
    for article in articles.values():
        document = gold.documents[article.id]
        chains = {sentence.number: sentence.chains for sentence in document.sentences}
        assert article.annotations is not None
        for sentence in article.annotations.sentences:
            numbers = map_sentences(article, document).gold_sentences[sentence.index]
            for chain in set().union(*(chains[number] for number in numbers)):
                holders[(document.story, chain)].append(
                    Passage(article.id, sentence.index, sentence.text)
                )
    return {
        (first, second)
        for passages in holders.values()
        for first, second in combinations(passages, 2)
        if first.article_id != second.article_id
    }


def test_gold_sentence_lists_its_cross_document_event_chain(gold: AlignmentGold) -> None:
    friend = gold.documents["1_10ecb"].sentences[3]
    assert friend.text.startswith("A friend of the actress told People")
    assert CHECK_IN in friend.chains
    assert friend.annotated
    mantra = gold.documents["1_10ecb"].sentences[4]
    assert (mantra.chains, mantra.annotated) == (frozenset(), False)
    shock = gold.documents["1_11ecb"].sentences[1]
    assert (shock.chains, shock.annotated) == (frozenset(), True)


def test_a_chain_in_one_loaded_document_is_not_cross_document(tmp_path: Path) -> None:
    xml = shared_data("ecbplus-dev", "xml", "1", "1_10ecb.xml")
    shutil.copy(xml, tmp_path / xml.name)
    document = load_alignment_gold(tmp_path).documents["1_10ecb"]
    assert all(not sentence.chains for sentence in document.sentences)
    assert document.sentences[3].annotated


def test_stories_read_off_the_names_match_the_gold_labels(gold: AlignmentGold) -> None:
    labels = load_gold_labels(shared_data("ecbplus-dev", "ecbplus-dev.gold.tsv"))
    assert {doc_id: labels[doc_id] for doc_id in gold.documents} == {
        doc_id: document.story for doc_id, document in gold.documents.items()
    }


def test_a_newsfuse_sentence_maps_to_the_gold_sentence_it_overlaps(
    gold: AlignmentGold, articles: dict[str, Article]
) -> None:
    mapping = map_sentences(articles["1_10ecb"], gold.documents["1_10ecb"])
    assert mapping.gold_sentences[_passage(articles, FRIEND).sentence] == (3,)
    assert mapping.gold_sentences[_passage(articles, MANTRA).sentence] == (4,)
    assert mapping.unmapped == ()


def test_two_sentences_of_different_articles_sharing_a_chain_are_a_gold_pair(
    gold: AlignmentGold, articles: dict[str, Article]
) -> None:
    pair = (_passage(articles, FRIEND), _passage(articles, CHECKED_IN))
    score = score_alignment([pair], gold, articles.values())
    assert (score.true_positives, score.predicted, score.precision) == (1, 1, 1.0)
    assert pair in _brute_force_gold_pairs(gold, articles)


def test_perfect_predictions_score_one(gold: AlignmentGold, articles: dict[str, Article]) -> None:
    perfect = _brute_force_gold_pairs(gold, articles)
    score = score_alignment(perfect, gold, articles.values())
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert score.gold_pairs == len({frozenset(pair) for pair in perfect})


def test_pair_order_and_repeats_do_not_count_twice(
    gold: AlignmentGold, articles: dict[str, Article]
) -> None:
    first, second = _passage(articles, FRIEND), _passage(articles, CHECKED_IN)
    score = score_alignment([(first, second), (second, first)], gold, articles.values())
    assert (score.true_positives, score.predicted) == (1, 1)


def test_no_predictions_recall_nothing(gold: AlignmentGold, articles: dict[str, Article]) -> None:
    score = score_alignment([], gold, articles.values())
    assert score.gold_pairs > 0
    assert (score.recall, score.precision, score.f1) == (0.0, 0.0, 0.0)


def test_a_wrong_pair_lowers_precision(gold: AlignmentGold, articles: dict[str, Article]) -> None:
    perfect = _brute_force_gold_pairs(gold, articles)
    wrong = (_passage(articles, FRIEND), _passage(articles, SHOCK))
    score = score_alignment([*perfect, wrong], gold, articles.values())
    assert score.recall == 1.0
    assert score.precision == pytest.approx(score.gold_pairs / (score.gold_pairs + 1))


def test_pairs_outside_what_is_scored_are_counted_apart(
    gold: AlignmentGold, articles: dict[str, Article]
) -> None:
    friend = _passage(articles, FRIEND)
    lohan = Passage("1_10ecbplus", 1, "")  # the other event of topic 1: another gold story
    unannotated = (_passage(articles, MANTRA), _passage(articles, CHECKED_IN))
    pairs = [
        (friend, lohan),
        (friend, _passage(articles, MANTRA)),
        unannotated,
        (friend, Passage("no_such_article", 0, "")),
    ]
    score = score_alignment(pairs, gold, articles.values())
    assert (score.cross_story, score.same_article, score.unannotated, score.unmatched) == (
        1,
        1,
        1,
        1,
    )
    assert score.predicted == 0
    # Scored anyway, a pair with a never-annotated sentence is a false positive.
    everything = score_alignment([unannotated], gold, articles.values(), annotated_only=False)
    assert (everything.predicted, everything.true_positives) == (1, 0)


def test_malformed_xml_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "1_1ecb.xml").write_text("<Document><token", encoding="utf-8")
    with pytest.raises(InputError, match=r"1_1ecb\.xml"):
        load_alignment_gold(tmp_path)


def test_mapping_an_unannotated_article_is_an_input_error(gold: AlignmentGold) -> None:
    article = Article(id="1_10ecb", text="Some text.", origin="test")
    with pytest.raises(InputError, match="not annotated"):
        map_sentences(article, gold.documents["1_10ecb"])
