"""Small text helpers shared by stages (sentence ends, for headlines and ledes)."""

from __future__ import annotations

import re

__all__ = ["first_sentence", "split_sentences"]

# A candidate end: . ! ? (with closing quotes) then space and a capital, digit or quote.
_CANDIDATE_BREAK = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
# Words before a full stop that do not end a sentence: titles, and initials ("S.V.", "U.S.").
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Mt|Jr|Sr|No|vs|Gen|Col|Lt|Sgt|Rep|Sen|Gov|Prof)|\b[A-Z](?:\.[A-Z])*)$"
)


def split_sentences(paragraph: str) -> list[str]:
    """Split one paragraph into sentences with a rule that knows common abbreviations."""
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE_BREAK.finditer(paragraph):
        if paragraph[match.start()] == "." and _ABBREVIATION.search(
            paragraph[start : match.start()]
        ):
            continue
        sentences.append(paragraph[start : match.end()].strip())
        start = match.end()
    sentences.append(paragraph[start:].strip())
    return [sentence for sentence in sentences if sentence]


def first_sentence(paragraph: str) -> str:
    """The opening sentence of a paragraph (the whole paragraph if it has no sentence end)."""
    sentences = split_sentences(paragraph)
    return sentences[0] if sentences else paragraph.strip()
