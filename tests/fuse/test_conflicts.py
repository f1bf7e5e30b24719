"""Number conflicts only where figures cannot both be true; checked on the seeds with one
article's casualty figure changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from newsfuse.cluster import LeadEmbedder
from newsfuse.extract import default_extractor
from newsfuse.fuse.quantities import agree
from newsfuse.model import ConflictKind, QuantityMention
from newsfuse.runners.local import run_pipeline
from tests.conftest import SEEDS


def figure(value: float, qualifier: str | None = None) -> QuantityMention:
    return QuantityMention(f"{value:g}", value, 0, 0, 1, qualifier, "people", "killed")


@pytest.mark.parametrize(
    ("first", "second", "agreeing"),
    [
        (figure(7, "at least"), figure(7), True),
        (figure(7, "at least"), figure(8), True),
        (figure(40, "over"), figure(41), True),
        (figure(40, "over"), figure(40), False),
        (figure(7), figure(8), False),
        (figure(40, "about"), figure(43), True),
        (figure(10, "nearly"), figure(12), False),
        (figure(7, "at least"), figure(5), False),
    ],
)
def test_reported_figures_agree_when_both_can_be_true(
    first: QuantityMention, second: QuantityMention, agreeing: bool
) -> None:
    assert agree(first, second) is agreeing
    assert agree(second, first) is agreeing


def seeds_with_004_saying(tmp_path: Path, words: str) -> Path:
    """The seeds, with 004's "at least seven people were killed" changed to `words`."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    path = folder / "004_5719f1dc47fb68ca.txt"
    text = path.read_text(encoding="utf-8")
    assert "at least seven people were killed" in text
    path.write_text(text.replace("at least seven people were killed", words), encoding="utf-8")
    return folder


def test_a_lower_death_toll_is_a_conflict_with_both_sides_cited(
    tmp_path: Path, fuse_embedder: LeadEmbedder
) -> None:
    folder = seeds_with_004_saying(tmp_path, "five people were killed")
    (brief,) = run_pipeline([folder], extractor=default_extractor(), embedder=fuse_embedder).briefs
    conflicts = [c for c in brief.conflicts if c.kind == ConflictKind.NUMBER]
    assert len(conflicts) == 1
    sides = {claim.value: {s[:3] for s in claim.sources} for claim in conflicts[0].claims}
    assert sides["5"] == {"004"}
    assert {"000", "002"} <= sides["at least 7"]
    assert "killed" in conflicts[0].about


def test_a_higher_toll_than_at_least_seven_is_no_conflict(
    tmp_path: Path, fuse_embedder: LeadEmbedder
) -> None:
    folder = seeds_with_004_saying(tmp_path, "eight people were killed")
    (brief,) = run_pipeline([folder], extractor=default_extractor(), embedder=fuse_embedder).briefs
    assert not [c for c in brief.conflicts if c.kind == ConflictKind.NUMBER]


def test_an_update_by_the_same_sources_is_no_conflict() -> None:
    """Two outlets each update 7 killed to 8; a third says "at least 7": nobody disagrees."""
    from newsfuse.config import FuseSettings
    from newsfuse.fuse.conflicts import number_conflicts
    from newsfuse.fuse.statements import Statement

    def said(article: str, sentence: int, value: float, qualifier: str | None = None) -> Statement:
        words = "at least seven" if qualifier else {7: "Seven", 8: "Eight"}[int(value)]
        text = f"{words} people were killed when the bridge in Bryansk collapsed."
        return Statement(
            article_id=article,
            sentence=sentence,
            text=text,
            words=frozenset(),
            entities=frozenset({"bryansk"}),
            places=frozenset({"bryansk"}),
            quantities=(
                QuantityMention(words, value, sentence, 0, 5, qualifier, "people", "killed"),
            ),
            dates=(),
            quotes=frozenset(),
            start=0,
        )

    statements = [said("a", 0, 7), said("a", 1, 8), said("b", 0, 7), said("b", 1, 8),
                  said("c", 0, 7, "at least")]  # fmt: skip
    context = np.ones((5, 5), dtype=np.float32)
    assert number_conflicts(statements, context, FuseSettings()) == []
