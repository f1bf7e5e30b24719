"""The HTML brief in a real browser (headless Chromium): nothing hostile runs, sections are
there, a citation click lands on its sentence and highlights it; a screenshot is kept.

Skipped only where playwright or a Chromium executable is not installed (`.ci/run`
installs both); a browser that is installed but fails to start fails the test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from scripts.screenshot import VIEWPORT, find_chromium

from newsfuse.model import Article, Brief
from newsfuse.render.html import render_brief_html
from tests.render.conftest import HOSTILE_ID
from tests.render.pages import SECTIONS

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

# The :target highlight colour of base.html (--mark: #fff1a8), as the browser reports it.
MARK = "rgb(255, 241, 168)"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium executable (apt-get install chromium, or set NEWSFUSE_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def errors() -> list[str]:
    """Console errors and uncaught exceptions of the page (a blocked resource shows here)."""
    return []


@pytest.fixture
def page(browser: Any, errors: list[str]) -> Iterator[Any]:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(10_000)  # a local file: anything slower is a failure

    def on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_page_error(error: Any) -> None:
        errors.append(str(error))

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield page
    page.close()


def _open(page: Any, html: str, path: Path) -> None:
    path.write_text(html, encoding="utf-8")
    page.goto(path.as_uri())


def test_hostile_brief_runs_no_script_and_cites_into_the_text(
    page: Any,
    errors: list[str],
    tmp_path: Path,
    hostile_brief: Brief,
    hostile_articles: dict[str, Article],
) -> None:
    _open(page, render_brief_html(hostile_brief, hostile_articles), tmp_path / "hostile.html")
    page.hover(f"[id={json.dumps('src-' + HOSTILE_ID)}] h3")  # an injected onmouseover would run
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
    assert page.title() == "<script>window.__x=1</script>"

    link = page.locator(f'#summary a.cite[href^="#s-{HOSTILE_ID[:1]}"]').first
    href = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == href
    target = page.evaluate("document.querySelector(':target').id")
    assert target == unquote(href[1:]) == f"s-{HOSTILE_ID}-0"
    assert "Officials said" in page.evaluate("document.querySelector(':target').textContent")
    assert page.evaluate("typeof window.__x") == "undefined"
    assert not errors  # a resource the policy blocked, or a script error, would show here
    page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
    assert (tmp_path / "hostile.png").stat().st_size > 0


def test_seeds_brief_has_its_sections_and_highlights_a_cited_sentence(
    page: Any,
    errors: list[str],
    tmp_path: Path,
    full_brief: Brief,
    seed_articles: dict[str, Article],
) -> None:
    _open(page, render_brief_html(full_brief, seed_articles), tmp_path / "seeds.html")
    for section in SECTIONS:
        assert page.locator(f"section#{section}").count() == 1, section
    assert page.locator("#conflicts .conflict").count() == 1
    assert page.locator("#timeline svg circle").count() == 5
    assert page.locator("#coverage td.on").count() == sum(len(f.sources) for f in full_brief.facts)

    fact = full_brief.facts[2].passages[0]  # 004: "a total of 41 Russian warplanes were hit"
    anchor = f"s-{fact.article_id}-{fact.sentence}"
    page.locator(f'#facts a.cite[href="#{anchor}"]').click()
    assert page.evaluate("location.hash") == f"#{anchor}"
    highlighted = page.locator(f'[id="{anchor}"]')
    assert highlighted.evaluate("e => getComputedStyle(e).backgroundColor") == MARK
    assert highlighted.is_visible()
    assert not errors
    page.screenshot(path=str(tmp_path / "seeds.png"), full_page=True)
    assert (tmp_path / "seeds.png").stat().st_size > 0
