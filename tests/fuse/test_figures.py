"""How many sources back a count: a report of one casualty among several backs no count
of one. Sentences from a gva-dev incident (a shooting spree with four dead)."""

from __future__ import annotations

from newsfuse.fuse import _quantities
from newsfuse.fuse.statements import Statement
from newsfuse.model import QuantityMention


def _statement(article: str, text: str, value: float, *, implicit: bool) -> Statement:
    mention = QuantityMention(
        text="",
        value=value,
        sentence=0,
        start=0,
        end=1,
        noun="people",
        predicate="killed",
        implicit=implicit,
    )
    return Statement(
        article_id=article, sentence=0, text=text, words=frozenset(), entities=frozenset(),
        places=frozenset(), quantities=(mention,), dates=(), quotes=frozenset(), start=0,
    )  # fmt: skip


def test_one_victim_among_four_backs_no_count_of_one() -> None:
    statements = [
        _statement("a", "The carjacking victim was killed in what police described as an "
                   "execution.", 1, implicit=True),
        _statement("b", "A woman was killed at a stop light.", 1, implicit=True),
        _statement("c", "Officers discovered two gunshot victims, one of whom was pronounced "
                   "dead at the scene.", 1, implicit=False),
        _statement("d", "Investigators are continuing to search for a motive in the rampage, "
                   "which left four people dead.", 4, implicit=False),
    ]  # fmt: skip
    voice = {article: article for article in "abcd"}
    by_value = {q.value: q for q in _quantities(statements, voice) if q.kind == "killed"}
    assert by_value[1].sources == ("c",)
    assert by_value[4].sources == ("d",)


def test_a_lone_victim_keeps_every_report_of_one() -> None:
    statements = [
        _statement("a", "A man was killed in the shooting.", 1, implicit=True),
        _statement("b", "One person was killed, police said.", 1, implicit=False),
    ]
    voice = {article: article for article in "ab"}
    (killed,) = [q for q in _quantities(statements, voice) if q.kind == "killed"]
    assert killed.sources == ("a", "b")
    assert not killed.implicit
