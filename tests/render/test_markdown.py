"""The Markdown brief: every filled section is there, and article text stays text."""

from __future__ import annotations

import re

import pytest

from newsfuse.model import Brief
from newsfuse.render.markdown import escape_markdown, render_markdown
from tests.render.conftest import A2, A4


@pytest.fixture(scope="session")
def markdown(full_brief: Brief) -> str:
    return render_markdown(full_brief)


@pytest.mark.parametrize(
    "heading",
    [
        "## Summary",
        "## Timeline",
        "## Key facts",
        "## Numbers",
        "## Where sources disagree",
        "## Who's who",
        "## Quotes",
        "## Reported by one source only",
        "## Sources",
    ],
)
def test_filled_sections_are_present(markdown: str, heading: str) -> None:
    assert f"\n{heading}\n" in markdown


def test_empty_sections_are_left_out() -> None:
    text = render_markdown(Brief("s1", "Nothing yet"))
    assert "## Timeline" not in text
    assert "## Sources" in text


def test_timeline_is_in_date_order(markdown: str) -> None:
    days = ["2025-05-16", "2025-05-31", "2025-06-01", "2025-06-02"]
    positions = [markdown.index(f"**{day}**") for day in days]
    assert positions == sorted(positions)


def test_quantity_keeps_its_qualifier(markdown: str) -> None:
    assert "- **at least 7 people killed**" in markdown


def test_entity_shows_type_aliases_and_roles(markdown: str) -> None:
    assert "**Sergey Lavrov** (PERSON); also Lavrov, Sergei Lavrov; Russian Foreign Minister" in (
        markdown
    )


def test_quote_names_its_speaker_or_says_none(markdown: str) -> None:
    assert "“the results will be published in the very near future.” — Sergey Lavrov" in markdown
    assert "“a lasting peace.” — speaker not named" in markdown


def test_conflict_lists_each_claim_with_its_value(markdown: str) -> None:
    assert "**When the bridges were blown up** (date)" in markdown
    assert "  - **2025-05-31**: On the night of May 31" in markdown


def test_unique_facts_by_id_are_shown_by_text(markdown: str) -> None:
    section = markdown[markdown.index(f"### [{escape_markdown(A4)}]") :]
    assert "Only this source reports:\n- A total of 41 Russian warplanes were hit." in section
    section = markdown[markdown.index(f"### [{escape_markdown(A2)}]") :]
    assert "- 117 drones were used in the operation." in section


def test_hostile_text_is_escaped(hostile_brief: Brief) -> None:
    text = render_markdown(hostile_brief)
    outside_code = re.sub(r"`[^`]*`", "", text)  # code spans show `<` as text
    assert not re.search(r"(?<!\\)<", outside_code)  # every other < is escaped
    assert "\\<script\\>" in text


def test_urls_are_never_links(hostile_brief: Brief) -> None:
    text = render_markdown(hostile_brief)
    assert "Address: `javascript:window.__x=3`" in text
    assert "](javascript:" not in text
