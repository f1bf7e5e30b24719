"""The story card as rows a page shows: a label, each value with its citations, and a note
where sources differ or a value was updated."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from newsfuse.model import Card, Passage
from newsfuse.render.markdown import figure_text

__all__ = ["CardRow", "CardValue", "card_rows"]

#: Turns a value's sources and passages into the page's citation links.
CiteFn = Callable[[Sequence[str], Sequence[Passage]], tuple[object, ...]]


@dataclass(frozen=True, slots=True)
class CardValue:
    text: str
    cites: tuple[object, ...]
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CardRow:
    label: str
    values: tuple[CardValue, ...]
    note: str = ""


def card_rows(card: Card, cite: CiteFn) -> tuple[CardRow, ...]:
    """What, when, where, who, then one row per count; empty slots are left out."""
    rows = []
    if card.what:
        rows.append(
            CardRow(
                "What", tuple(CardValue(e.text, cite(e.sources, e.passages)) for e in card.what)
            )
        )
    if card.when:
        rows.append(
            CardRow(
                "When",
                tuple(
                    CardValue(
                        d.date.isoformat(),
                        cite(d.sources, d.passages),
                        _voices(d.independent_sources),
                    )
                    for d in card.when
                ),
                "sources differ" if any(d.disputed for d in card.when) else "",
            )
        )
    if card.where:
        rows.append(
            CardRow(
                "Where", tuple(CardValue(p.name, cite(p.sources, p.passages)) for p in card.where)
            )
        )
    if card.who:
        rows.append(
            CardRow(
                "Who",
                tuple(
                    CardValue(a.name, cite(a.sources, a.passages), a.role or "") for a in card.who
                ),
            )
        )
    for what, (current, older) in card.counts().items():
        notes = []
        if any(f.disputed for f in current):
            notes.append("sources differ")
        if older:
            notes.append(
                "updated from " + ", ".join(figure_text(f.qualifier, f.value) for f in older)
            )
        notes.extend(f"worked out from {f.derived}" for f in current if f.derived)
        rows.append(
            CardRow(
                what,
                tuple(
                    CardValue(
                        figure_text(f.qualifier, f.value),
                        cite(f.sources, f.passages),
                        _voices(f.independent_sources),
                    )
                    for f in current
                ),
                "; ".join(notes),
            )
        )
    return tuple(rows)


def _voices(count: int) -> str:
    return f"{count} independent" if count else ""
