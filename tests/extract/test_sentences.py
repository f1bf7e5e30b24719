"""Sentences as extraction cuts them: never inside a word."""

from __future__ import annotations

from newsfuse.extract import Extractor
from tests.extract.conftest import annotate


def test_a_dot_inside_an_outlet_name_does_not_end_the_sentence(extractor: Extractor) -> None:
    """Seed 000: "…, Caliber.Az reports, citing the Russian Foreign Ministry." is one
    sentence; the parser alone ends one at "Caliber." and starts "Az reports, …"."""
    text = (
        "The two top diplomats exchanged views on various political initiatives aimed at "
        "resolving the Ukrainian conflict, Caliber.Az reports, citing the Russian Foreign "
        "Ministry. They spoke on Sunday."
    )
    sentences = [s.text for s in annotate(extractor, text).sentences]
    assert sentences == [text.removesuffix(" They spoke on Sunday."), "They spoke on Sunday."]
