"""What changed in a story's brief from one update to the next: the articles and outlets
that arrived, the key facts that are new, the counts whose best-backed value moved, and
the disputes opened or settled. The store records one `StoryChange` each time it rewrites
a story's brief, so a reader can ask what is new since they last looked."""

from __future__ import annotations

from dataclasses import dataclass

from newsfuse.model import Brief, CardFigure

__all__ = ["FigureChange", "StoryChange", "brief_changes"]


@dataclass(frozen=True, slots=True)
class FigureChange:
    """A count whose best-backed value is new or moved ("people killed": 7 -> at least 8)."""

    what: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class StoryChange:
    """One update of one story's brief. `first`: the story's first brief."""

    first: bool
    headline: str
    new_sources: tuple[str, ...] = ()
    new_outlets: tuple[str, ...] = ()
    new_facts: tuple[str, ...] = ()
    figures: tuple[FigureChange, ...] = ()
    disputes_opened: tuple[str, ...] = ()
    disputes_settled: tuple[str, ...] = ()
    headline_before: str | None = None

    @property
    def weight(self) -> int:
        """How much changed: one per article, fact, figure and dispute (for "most changed")."""
        return (
            len(self.new_sources)
            + len(self.new_facts)
            + len(self.figures)
            + len(self.disputes_opened)
            + len(self.disputes_settled)
        )

    @property
    def empty(self) -> bool:
        return not self.first and self.weight == 0 and self.headline_before is None


def brief_changes(before: Brief | None, after: Brief) -> StoryChange:
    """What `after` tells that `before` (the story's previous brief, None for a new story)
    did not."""
    if before is None:
        return StoryChange(
            first=True,
            headline=after.headline,
            new_sources=tuple(source.id for source in after.sources),
            new_outlets=_outlets(after, set()),
        )
    old_sources = {source.id for source in before.sources}
    old_outlets = {source.outlet for source in before.sources if source.outlet}
    old_facts = {_key(fact.text) for fact in before.facts}
    old_disputes = {_key(conflict.about): conflict.about for conflict in before.conflicts}
    new_disputes = {_key(conflict.about): conflict.about for conflict in after.conflicts}
    return StoryChange(
        first=False,
        headline=after.headline,
        new_sources=tuple(s.id for s in after.sources if s.id not in old_sources),
        new_outlets=_outlets(after, old_outlets),
        new_facts=tuple(f.text for f in after.facts if _key(f.text) not in old_facts),
        figures=_figure_changes(before.card.figures, after.card.figures),
        disputes_opened=tuple(v for k, v in new_disputes.items() if k not in old_disputes),
        disputes_settled=tuple(v for k, v in old_disputes.items() if k not in new_disputes),
        headline_before=before.headline if before.headline != after.headline else None,
    )


def _outlets(brief: Brief, known: set[str]) -> tuple[str, ...]:
    seen: list[str] = []
    for source in brief.sources:
        if source.outlet and source.outlet not in known and source.outlet not in seen:
            seen.append(source.outlet)
    return tuple(seen)


def _figure_changes(
    before: tuple[CardFigure, ...], after: tuple[CardFigure, ...]
) -> tuple[FigureChange, ...]:
    old, new = _best(before), _best(after)
    return tuple(
        FigureChange(what, old.get(what), new.get(what))
        for what in dict.fromkeys([*new, *old])
        if old.get(what) != new.get(what)
    )


def _best(figures: tuple[CardFigure, ...]) -> dict[str, str]:
    """Each count's first (best-backed) value, as the card shows it."""
    best: dict[str, str] = {}
    for figure in figures:
        if figure.what not in best and not figure.superseded:
            value = f"{figure.value:g}"
            best[figure.what] = f"{figure.qualifier} {value}" if figure.qualifier else value
    return best


def _key(text: str) -> str:
    return " ".join(text.casefold().split())
