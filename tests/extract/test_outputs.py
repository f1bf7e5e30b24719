"""Extraction surfaces in a run's outputs, the brief, and the `extract` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsfuse.cli import main
from newsfuse.runners.local import run_pipeline, write_outputs
from tests.conftest import SEEDS, TEST_DATA


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("run")
    write_outputs(run_pipeline([SEEDS]), out)
    return out


def test_articles_jsonl_carries_sentence_annotations(seeds_run: Path) -> None:
    lines = (seeds_run / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    article = next(a for a in map(json.loads, lines) if a["id"] == "004_5719f1dc47fb68ca")
    first = article["sentences"][0]
    assert first["text"].startswith("Russian Foreign Minister Sergey Lavrov")
    assert {"text": "Monday", "first": "2025-06-02"}.items() <= first["times"][0].items()
    assert any(e["text"] == "Sergey Lavrov" for e in first["entities"])
    assert article["extraction_skipped"] is None


def test_brief_lists_entities_and_quotes_of_the_story(seeds_run: Path) -> None:
    brief = json.loads(next((seeds_run / "briefs").glob("*.json")).read_text(encoding="utf-8"))
    lavrov = next(e for e in brief["entities"] if e["name"] == "Sergey Lavrov")
    assert lavrov["type"] == "PERSON"
    assert len(lavrov["sources"]) == 5
    assert {"name", "type", "aliases", "sources"} <= lavrov.keys()
    medinsky = [q for q in brief["quotes"] if q["speaker"] == "Vladimir Medinsky"]
    assert [q["sources"] for q in medinsky] == [["004_5719f1dc47fb68ca"]]


def test_extract_command_prints_a_table_per_article(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(SEEDS / "004_5719f1dc47fb68ca.txt")]) == 0
    printed = capsys.readouterr().out
    assert "004_5719f1dc47fb68ca (2025-06-01)" in printed
    assert "Medinsky" in printed
    assert "2025-05-31" in printed


def test_extract_command_with_nothing_readable_exits_1(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["extract", str(empty)]) == 1


def test_eval_extract_prints_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", "extract", str(TEST_DATA / "seeds_extract_gold.json"), str(SEEDS)]) == 0
    printed = capsys.readouterr().out
    for category in ("entities", "times", "quantities", "quotes"):
        assert f"{category}" in printed
    assert "precision" in printed
