"""Pair scoring of families: cases worked out by hand, the loaders, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.cli import main
from newsfuse.errors import InputError
from newsfuse.evaluate.families import (
    PairLabel,
    load_family_labels,
    load_pair_labels,
    score_pairs,
)
from tests.conftest import TEST_DATA

REUTERS_PAIRS = TEST_DATA / "reuters_family_pairs.tsv"

# a, b, c are one text; d is another; e and f are templated notices of two companies.
LABELS = [
    PairLabel("a", "b", same=True),
    PairLabel("a", "c", same=True),
    PairLabel("a", "d", same=False),
    PairLabel("e", "f", same=False),
]


def test_a_perfect_prediction_scores_one() -> None:
    score = score_pairs(LABELS, {"a": "1", "b": "1", "c": "1", "d": "2", "e": "3", "f": "4"})
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    assert (score.true_positives, score.true_negatives) == (2, 2)
    assert score.errors == ()


def test_a_merged_template_and_a_missed_copy_are_counted_and_listed() -> None:
    # Predicted same: a-b (right), e-f (wrong). Missed: a-c. So P = 1/2, R = 1/2.
    score = score_pairs(LABELS, {"a": "1", "b": "1", "c": "2", "d": "3", "e": "4", "f": "4"})
    assert (score.true_positives, score.false_positives, score.false_negatives) == (1, 1, 1)
    assert score.true_negatives == 1
    assert score.precision == 0.5
    assert score.recall == 0.5
    assert score.f1 == 0.5
    assert score.errors == (LABELS[1], LABELS[3])


def test_pairs_with_an_absent_id_are_left_out_and_counted() -> None:
    score = score_pairs(LABELS, {"a": "1", "b": "1", "d": "2"})
    assert score.pairs == 4
    assert score.scored == 2
    assert score.missing_ids == ("c", "e", "f")
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_no_scorable_pair_is_an_error() -> None:
    with pytest.raises(InputError):
        score_pairs(LABELS, {"z": "1"})


def test_pair_labels_read_rows_and_skip_comments(tmp_path: Path) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text("# how chosen\n\na\tb\tsame\tone dispatch\nc\td\tdifferent\n", encoding="utf-8")
    assert load_pair_labels(path) == [
        PairLabel("a", "b", same=True, reason="one dispatch"),
        PairLabel("c", "d", same=False),
    ]


@pytest.mark.parametrize("row", ["a\tb", "a\tb\tmaybe\tunsure", "a b same"])
def test_a_malformed_pair_row_names_its_line(tmp_path: Path, row: str) -> None:
    path = tmp_path / "pairs.tsv"
    path.write_text(f"# header\n{row}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"pairs\.tsv:2"):
        load_pair_labels(path)


def test_family_labels_from_families_jsonl_and_articles_jsonl(tmp_path: Path) -> None:
    families = tmp_path / "families.jsonl"
    families.write_text(
        json.dumps({"family_id": "f1", "canonical": "a", "members": ["a", "b"], "evidence": []})
        + "\n"
        + json.dumps({"family_id": "f2", "canonical": "c", "members": ["c"], "evidence": []})
        + "\n",
        encoding="utf-8",
    )
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "".join(json.dumps({"id": i, "family": f}) + "\n" for i, f in [("a", "f1"), ("b", "f1")]),
        encoding="utf-8",
    )
    assert load_family_labels(families) == {"a": "f1", "b": "f1", "c": "f2"}
    assert load_family_labels(articles) == {"a": "f1", "b": "f1"}


def test_a_line_that_is_neither_a_family_nor_an_article_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "stories.jsonl"
    path.write_text(json.dumps({"story_id": "s", "articles": ["a"]}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"stories\.jsonl:1"):
        load_family_labels(path)


def test_the_reuters_pair_list_is_well_formed() -> None:
    # 60 pairs dedupe joins, 30 near misses, 30 far apart, 30 random same-topic pairs.
    labels = load_pair_labels(REUTERS_PAIRS)
    assert len(labels) == 150
    assert len({(label.first, label.second) for label in labels}) == 150
    assert all(label.first != label.second and label.reason for label in labels)
    assert all(label.first.startswith("reuters-") for label in labels)
    assert sum(label.same for label in labels) == 79


def test_eval_families_prints_the_scores_and_the_wrong_pairs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("a\tb\tsame\tone text\ne\tf\tdifferent\ttwo companies\n", encoding="utf-8")
    families = tmp_path / "families.jsonl"
    families.write_text(
        "".join(
            json.dumps({"family_id": f, "members": m}) + "\n"
            for f, m in [("f1", ["a"]), ("f2", ["b"]), ("f3", ["e", "f"])]
        ),
        encoding="utf-8",
    )
    assert main(["eval", "families", str(pairs), str(families)]) == 0
    out = capsys.readouterr().out
    assert "precision 0.0000 recall 0.0000" in out
    assert "2 pairs labelled, 2 scored" in out
    assert "a b: labelled same family: one text" in out
    assert "e f: labelled different families: two companies" in out


def test_eval_families_runs_dedupe_itself_with_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Two copies of one dispatch under different names, and an unrelated story.
    text = (
        "The Bundesbank left credit policies unchanged after today's regular meeting of its "
        "council, a spokesman said in answer to enquiries. The discount rate remains 3.0 pct."
    )
    records = [
        {"id": "x1", "text": text, "published": "1987-03-19"},
        {"id": "x2", "text": text.replace("today's", "its"), "published": "1987-03-19"},
        {"id": "y", "text": "Brazil's coffee exports fell sharply in February, traders said."},
    ]
    inputs = tmp_path / "wire.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("x1\tx2\tsame\tcopy\nx1\ty\tdifferent\tother story\n", encoding="utf-8")
    assert main(["eval", "families", str(pairs), "--run", str(inputs)]) == 0
    assert "precision 1.0000 recall 1.0000 F1 1.0000" in capsys.readouterr().out


@pytest.mark.parametrize(
    "extra", [[], ["families.jsonl", "--run", "in"], ["families.jsonl", "--config", "c.toml"]]
)
def test_eval_families_needs_either_a_prediction_or_run(tmp_path: Path, extra: list[str]) -> None:
    assert main(["eval", "families", str(REUTERS_PAIRS), *extra]) == 2
