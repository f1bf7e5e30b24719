"""A brief as Markdown a person can read; article text is escaped, not interpreted."""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsfuse.model import (
    REMOVAL_REASON_TEXT,
    Brief,
    Card,
    CardFigure,
    Dispute,
    Passage,
    Quantity,
    Quote,
    SourceRecord,
)

__all__ = [
    "SINGLE_SOURCE_SHOWN",
    "card_lines",
    "escape_markdown",
    "figure_text",
    "figure_values",
    "format_number",
    "render_markdown",
]

#: Single-source facts shown before the rest are folded away (those adding most first).
SINGLE_SOURCE_SHOWN = 8

# Characters that would turn text into markup here: emphasis, links, code, HTML, tables;
# underscores only at word edges (intraword `_` is literal in CommonMark).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|\B_|_\B)")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown (and HTML inside Markdown) would interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cite(sources: tuple[str, ...]) -> str:
    return " ".join(f"[{escape_markdown(source)}]" for source in sources)


def _disputes(disputes: tuple[Dispute, ...]) -> str:
    """ " — sources differ on the date: 2025-05-31 [a] [b] or 2025-06-01 [c]"."""
    return "".join(
        f" — *sources differ on {escape_markdown(d.about)}*: "
        + " or ".join(f"{escape_markdown(v.value)} {_cite(v.sources)}" for v in d.values)
        for d in disputes
    )


def _also(passages: tuple[Passage, ...]) -> str:
    """The sources that report a statement in other words (not cited for its wording)."""
    others = tuple(dict.fromkeys(p.article_id for p in passages))
    return f" (also reported, in other words, by {_cite(others)})" if others else ""


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: cited summary, the lists that are filled, then the sources."""
    lines = [f"# {escape_markdown(brief.headline)}", "", f"Story `{brief.story_id}`", ""]
    sections = [
        ("At a glance", card_lines(brief.card)),
        (
            "Summary",
            [
                f"{escape_markdown(s.text)} {_cite(s.sources)}{_also(s.also_reported)}"
                f"{_disputes(s.disputes)}"
                for s in brief.summary
            ],
        ),
        (
            "Timeline",
            [
                f"**{e.date.isoformat()}** {escape_markdown(e.text)} {_cite(e.sources)}"
                f"{_also(e.also_reported)}{_disputes(e.disputes)}"
                for e in sorted(brief.timeline, key=lambda e: e.date)
            ],
        ),
        (
            "Key facts",
            [
                f"{escape_markdown(f.text)} {_cite(f.sources)}{_also(f.also_reported)} "
                f"({_count(len(f.reported_by), 'source')}, {f.independent_sources} independent)"
                for f in brief.facts
            ],
        ),
        ("Numbers", [_quantity_line(q) for q in brief.quantities]),
        ("Where sources disagree", _conflict_lines(brief)),
        ("Who's who", [_entity_line(e.name, e.type, e.aliases, e.roles) for e in brief.entities]),
        ("Quotes", [_quote_line(q) for q in brief.quotes]),
        (
            "Reported by one source only",
            [
                f"{escape_markdown(c.text)} {_cite(c.sources)}"
                for c in brief.single_source[:SINGLE_SOURCE_SHOWN]
            ]
            + (
                [f"… and {len(brief.single_source) - SINGLE_SOURCE_SHOWN} more in the JSON brief"]
                if len(brief.single_source) > SINGLE_SOURCE_SHOWN
                else []
            ),
        ),
    ]
    for title, items in sections:
        if items:
            lines += [f"## {title}", "", *(f"- {item}" for item in items), ""]
    lines += ["## Sources", ""]
    if brief.not_fused:
        lines += [
            f"Fusion did not read {_count(len(brief.not_fused), 'source')} of this story "
            f"(past the fusion limit): {_cite(brief.not_fused)}",
            "",
        ]
    # `unique_facts` may name facts by id; those are shown by their text.
    fact_text = {fact.fact_id: fact.text for fact in brief.facts if fact.fact_id}
    for source in brief.sources:
        lines += _source_lines(source, fact_text)
    return "\n".join(lines).rstrip() + "\n"


def card_lines(card: Card) -> list[str]:
    """The card's slots, each value cited; competing values joined by "or"."""
    lines = []
    if card.what:
        lines.append(
            "**What**: "
            + "; ".join(f"{escape_markdown(e.text)} {_cite(e.sources)}" for e in card.what)
        )
    if card.when:
        days = " or ".join(f"{d.date.isoformat()} {_cite(d.sources)}" for d in card.when)
        disputed = " (sources differ)" if any(d.disputed for d in card.when) else ""
        lines.append(f"**When**: {days}{disputed}")
    if card.where:
        lines.append(
            "**Where**: "
            + "; ".join(f"{escape_markdown(p.name)} {_cite(p.sources)}" for p in card.where)
        )
    if card.who:
        lines.append(
            "**Who**: "
            + "; ".join(
                escape_markdown(a.name)
                + (f" ({escape_markdown(a.role)})" if a.role else "")
                + f" {_cite(a.sources)}"
                for a in card.who
            )
        )
    for what, (current, older) in card.counts().items():
        lines.append(f"**{escape_markdown(what)}**: {figure_values(current, older)}")
    return lines


def figure_text(qualifier: str | None, value: float) -> str:
    """ "at least 7", "1,200", "69"."""
    return " ".join(word for word in (qualifier, format_number(value)) if word)


def figure_values(current: list[CardFigure], older: list[CardFigure]) -> str:
    """ "at least 7 [a] [b]", "7 [a] or 8 [b] (sources differ)", "8 [b] (updated from 7 [a])"."""

    def value(figure: CardFigure) -> str:
        words = figure_text(figure.qualifier, figure.value)
        return f"{escape_markdown(words)} {_cite(figure.sources)}"

    text = " or ".join(value(f) for f in current)
    if any(f.disputed for f in current):
        text += " (sources differ)"
    for figure in current:
        if figure.derived:
            text += f" (worked out from {escape_markdown(figure.derived)})"
    if older:
        text += " (updated from " + ", ".join(value(f) for f in older) + ")"
    return text


def format_number(value: float) -> str:
    """7.0 as "7", 1200000.0 as "1,200,000", 2.5 as "2.5" (an int, as JSON gives, too)."""
    value = float(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:g}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'s' * (number != 1)}"


def _quantity_line(quantity: Quantity) -> str:
    words = " ".join(
        w for w in (figure_text(quantity.qualifier, quantity.value), quantity.what) if w
    )
    return f"**{escape_markdown(words)}** {_cite(quantity.sources)}"


def _conflict_lines(brief: Brief) -> list[str]:
    """A conflict, then its claims as a nested list (each claim's value in bold)."""
    lines: list[str] = []
    for conflict in brief.conflicts:
        lines.append(f"**{escape_markdown(conflict.about)}** ({conflict.kind.value})")
        lines += [
            "  - "
            + (f"**{escape_markdown(c.value)}**: " if c.value else "")
            + f"{escape_markdown(c.text)} {_cite(c.sources)}"
            for c in conflict.claims
        ]
    return lines


def _entity_line(name: str, type_: str, aliases: tuple[str, ...], roles: tuple[str, ...]) -> str:
    line = f"**{escape_markdown(name)}** ({escape_markdown(type_)})"
    if aliases:
        line += "; also " + ", ".join(escape_markdown(alias) for alias in aliases)
    if roles:
        line += "; " + ", ".join(escape_markdown(role) for role in roles)
    return line


def _quote_line(quote: Quote) -> str:
    speaker = escape_markdown(quote.speaker) if quote.speaker else "speaker not named"
    return f"“{escape_markdown(quote.text)}” — {speaker} {_cite(quote.sources)}"


def _source_lines(source: SourceRecord, fact_text: Mapping[str, str]) -> list[str]:
    facts = [
        f"outlet {escape_markdown(source.outlet)}" if source.outlet else "outlet unknown",
        f"published {source.published.isoformat()}" if source.published else "date unknown",
    ]
    if source.status is not None:
        facts.append(f"HTTP {source.status}")
    if source.bylines:
        facts.append("by " + ", ".join(escape_markdown(b) for b in source.bylines))
    title = f" — {escape_markdown(source.title)}" if source.title else ""
    lines = [f"### [{escape_markdown(source.id)}]{title}", "", "; ".join(facts), ""]
    if source.url:
        lines += [f"Address: {_plain_url(source.url)}", ""]
    if source.unique_facts:
        lines.append("Only this source reports:")
        lines += [f"- {escape_markdown(fact_text.get(f, f))}" for f in source.unique_facts]
        lines.append("")
    if source.removed:
        lines.append(f"Removed by cleaning ({len(source.removed)}):")
        lines += [
            f"- *{REMOVAL_REASON_TEXT[r.reason]}*: {escape_markdown(_shorten(r.text))}"
            for r in source.removed
        ]
        lines.append("")
    return lines


def _plain_url(url: str) -> str:
    """A URL as code, so no Markdown viewer turns it into a link (it may be `javascript:`)."""
    cleaned = " ".join(url.split()).replace("`", "%60")
    return f"`{cleaned}`"


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
