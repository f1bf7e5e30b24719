"""A brief as Markdown a person can read; article text is escaped, not interpreted."""

from __future__ import annotations

import re

from newsfuse.model import REMOVAL_REASON_TEXT, Brief, SourceRecord

__all__ = ["escape_markdown", "render_markdown"]

# Characters that would turn text into markup here: emphasis, links, code, HTML, tables;
# underscores only at word edges (intraword `_` is literal in CommonMark).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]<>|~]|\B_|_\B)")


def escape_markdown(text: str) -> str:
    """Escape characters Markdown (and HTML inside Markdown) would interpret."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _cite(sources: tuple[str, ...]) -> str:
    return " ".join(f"[{escape_markdown(source)}]" for source in sources)


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown: cited summary, the lists that are filled, then the sources."""
    lines = [f"# {escape_markdown(brief.headline)}", "", f"Story `{brief.story_id}`", ""]
    if brief.summary:
        lines += ["## Summary", ""]
        lines += [f"- {escape_markdown(s.text)} {_cite(s.sources)}" for s in brief.summary]
        lines.append("")
    if brief.timeline:
        lines += ["## Timeline", ""]
        lines += [
            f"- **{e.date.isoformat()}** {escape_markdown(e.text)} {_cite(e.sources)}"
            for e in brief.timeline
        ]
        lines.append("")
    if brief.facts:
        lines += ["## Key facts", ""]
        lines += [
            f"- {escape_markdown(f.text)} {_cite(f.sources)} ({f.independent_sources} independent)"
            for f in brief.facts
        ]
        lines.append("")
    if brief.conflicts:
        lines += ["## Where sources disagree", ""]
        for conflict in brief.conflicts:
            lines.append(f"- **{escape_markdown(conflict.about)}**")
            lines += [f"  - {escape_markdown(c.text)} {_cite(c.sources)}" for c in conflict.claims]
        lines.append("")
    lines += ["## Sources", ""]
    for source in brief.sources:
        lines += _source_lines(source)
    return "\n".join(lines).rstrip() + "\n"


def _source_lines(source: SourceRecord) -> list[str]:
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
    if source.removed:
        lines.append(f"Removed by cleaning ({len(source.removed)}):")
        lines += [
            f"- *{REMOVAL_REASON_TEXT[r.reason]}*: {escape_markdown(_shorten(r.text))}"
            for r in source.removed
        ]
        lines.append("")
    return lines


def _shorten(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
