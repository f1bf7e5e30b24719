"""The web UI in headless Chromium against a real uvicorn server: story list, the seeds'
story, following a citation, searching for "Bryansk", and hostile articles posted through
the API that must not run (checked in the browser). Screenshots go to a temporary folder
(NEWSFUSE_SCREENSHOTS names another) to be looked at.

Skipped only where playwright or a Chromium executable is not installed (`.ci/run`
installs both); a browser that is installed but fails to start fails the test.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import httpx
import pytest
from scripts.screenshot import VIEWPORT, find_chromium

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import open_store
from newsfuse.web import create_app
from tests.store.test_changes import seed_folder
from tests.web.conftest import HOSTILE_ARTICLE, HOSTILE_ID, ServerThread, copy_store

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')"
)

# The :target highlight colour of base.css (--mark: #fff1a8), as the browser reports it.
MARK = "rgb(255, 241, 168)"


@pytest.fixture(scope="module")
def server(
    seeded_db: Path, settings: Settings, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerThread]:
    app = create_app(copy_store(seeded_db, tmp_path_factory.mktemp("e2e")), settings=settings)
    with ServerThread(app) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium executable (apt-get install chromium, or set NEWSFUSE_CHROMIUM)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("NEWSFUSE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def errors() -> list[str]:
    """Console errors and uncaught exceptions (a CSP violation shows here)."""
    return []


@pytest.fixture
def dialogs() -> list[str]:
    """Messages of every alert, confirm or prompt a page opened (an injected alert())."""
    return []


@pytest.fixture
def page(browser: Any, errors: list[str], dialogs: list[str]) -> Iterator[Any]:
    page = browser.new_page(viewport=VIEWPORT)
    page.set_default_timeout(15_000)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    page.close()


def _seed_story_href(page: Any) -> str:
    href: str = page.locator("tr.story a").first.get_attribute("href")
    return href


def test_story_list_then_story_then_citation(
    page: Any, server: ServerThread, shots: Path, errors: list[str]
) -> None:
    page.goto(server.url + "/")
    assert page.title() == "newsfuse: stories"
    assert page.locator("tr.story").count() == 1
    assert page.locator("tr.story svg.sparkline polyline").count() == 1
    page.screenshot(path=shots / "stories.png")

    page.locator("tr.story a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(server.url + "/stories/")
    assert page.locator("#summary li").count() > 0
    assert page.locator("#sources article.source").count() == 5
    page.screenshot(path=shots / "story-top.png")

    link = page.locator('#summary a.cite[href^="#s-"]').first
    href = link.get_attribute("href")
    link.click()
    assert page.evaluate("location.hash") == href
    target = page.locator(":target")
    assert target.get_attribute("id") == unquote(href[1:])
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == MARK
    page.screenshot(path=shots / "story-citation.png")
    assert errors == []


def test_what_changed_shows_the_new_articles_figures_and_disputes(
    page: Any, settings: Settings, tmp_path: Path, shots: Path, errors: list[str]
) -> None:
    """Three seeds, then the two that give the injured count (69) and date the blasts May 31
    against the others' June 1: the story page says so under "What changed"."""
    db = str(tmp_path / "changes.db")
    with open_store(db) as store:
        ingest([seed_folder(tmp_path / "first", ("001", "002", "003"))], store, settings=settings)
        ingest([seed_folder(tmp_path / "later", ("000", "004"))], store, settings=settings)
    with ServerThread(create_app(db, settings=settings)) as running:
        page.goto(running.url + "/?sort=changed")
        assert page.locator("tr.story").count() == 1
        page.locator("tr.story a").first.click()
        page.wait_for_load_state()
        changes = page.locator("#changes ol.change-list > li")
        assert changes.count() == 2
        latest = changes.first
        assert "2 new articles" in latest.locator("li.change-articles").inner_text()
        assert "people injured: not stated → 69" in latest.inner_text()
        assert latest.locator("li.change-dispute").count() >= 1
        assert "first brief, from 3 articles" in changes.nth(1).inner_text()
        page.locator("#changes").scroll_into_view_if_needed()
        page.locator("#changes").screenshot(path=shots / "story-changes.png")
    assert errors == []


def test_storylines_then_a_storyline_with_its_chart_and_stories(
    page: Any, server: ServerThread, shots: Path, errors: list[str]
) -> None:
    page.goto(server.url + "/storylines")
    assert page.title() == "newsfuse: storylines"
    assert page.locator("tr.storyline").count() == 1
    page.screenshot(path=shots / "storylines.png")
    page.locator("tr.storyline a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(server.url + "/storylines/")
    assert page.locator("svg.timeline-chart polyline").count() == 1
    assert page.locator("ol.storyline-stories li a").count() == 1
    page.screenshot(path=shots / "storyline.png", full_page=True)
    page.locator("ol.storyline-stories li a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith(server.url + "/stories/")
    assert errors == []


def test_search_for_bryansk_finds_the_seeds_story(
    page: Any, server: ServerThread, shots: Path, errors: list[str]
) -> None:
    page.goto(server.url + "/")
    story_href = _seed_story_href(page)
    page.fill(".site-search input[name=q]", "Bryansk")
    page.click(".site-search button")
    page.wait_for_load_state()
    assert page.url.endswith("/search?q=Bryansk")
    assert page.locator(f'#story-results a[href="{story_href}"]').count() == 1
    assert page.locator("#article-results mark").first.inner_text() == "Bryansk"
    page.screenshot(path=shots / "search.png", full_page=True)
    assert errors == []


def test_posted_xss_payloads_never_run(
    page: Any, server: ServerThread, shots: Path, errors: list[str]
) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.post("/api/articles", json=HOSTILE_ARTICLE).status_code == 202
        for _ in range(600):
            status = client.get("/api/status").json()
            if not status["stale"] and not status["updating"]:
                break
            page.wait_for_timeout(100)
        article = client.get("/api/articles/" + quote(HOSTILE_ID, safe="")).json()
    assert article["story_id"], "the posted article was not grouped into a story"
    article_path = "/articles/" + quote(HOSTILE_ID, safe="")
    story_path = "/stories/" + quote(article["story_id"], safe="")
    for name, path in [("article", article_path), ("story", story_path), ("list", "/")]:
        page.goto(server.url + path)
        for element in page.locator("h1, h3, dd, a").all()[:60]:
            element.hover()  # an injected onmouseover would run now
        assert page.evaluate("typeof window.__x") == "undefined", path
        assert page.evaluate("document.querySelectorAll('script, img, iframe').length") == 0
        assert page.evaluate("document.querySelectorAll('[onerror], [onload]').length") == 0
        page.screenshot(path=shots / f"hostile-{name}.png")
    page.goto(server.url + article_path)
    assert page.title() == HOSTILE_ARTICLE["title"]
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("h1").inner_text() == HOSTILE_ARTICLE["title"]
    assert errors == []


def test_api_docs_work_under_their_policy(
    page: Any, server: ServerThread, shots: Path, errors: list[str]
) -> None:
    page.goto(server.url + "/docs")
    page.locator(".swagger-ui .info .title").wait_for()
    assert page.locator(".opblock-summary-path", has_text="/api/articles").count() >= 2
    page.screenshot(path=shots / "docs.png")
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_json_is_served_as_json_not_html(page: Any, server: ServerThread) -> None:
    response = page.goto(server.url + "/api/articles/" + quote(HOSTILE_ID, safe=""))
    assert response.headers["content-type"] == "application/json"
    assert page.evaluate("typeof window.__x") == "undefined"
    assert json.loads(page.locator("body").inner_text())["id"] == HOSTILE_ID


# Posted by test_hostile_pages_run_nothing: every field a payload that would open a dialog
# or set window.__y if it ran, plus unicode tricks (kept as data, shown as text).
ALERT_ARTICLES = [
    {
        "id": "<img src=x onerror=alert('id')>",
        "title": "<script>alert('title')</script>\u202eevil\u202c Вryansk",
        "text": (
            "Flood waters rose across the Danube delta on Tuesday, officials said. "
            '"><svg/onload=alert(\'text\')> <iframe src="javascript:alert(1)"></iframe>\n\n'
            "Residents of Tulcea were told to leave; {{7*7}} ${window.__y=1} \u200b.\n\n"
            '<a href="javascript:window.__y=2">click</a> <details open ontoggle=alert(3)>'
        ),
        "source": "<style>*{display:none}</style><body onload=alert('source')>",
        "url": "javascript:alert('url')",
        "published": "2025-06-03",
    },
    {
        "id": "' OR 1=1 -- NEAR(\"*",
        "title": "\"><input autofocus onfocus=alert('focus')>",
        "text": "Rescue teams moved 300 people to shelters in Tulcea, the mayor said. "
        "<math><mtext><table><mglyph><style><img src=x onerror=alert('math')>",
        "url": "data:text/html,<script>alert('data')</script>",
    },
]
# Pages and error pages whose URL carries a payload.
HOSTILE_URLS = [
    "/search?q=" + quote("\"><script>alert('q')</script>"),
    "/search?q=" + quote("javascript:alert(1)"),
    "/?entity=" + quote("<svg onload=alert('entity')>"),
    "/?since=" + quote("<img src=x onerror=alert('since')>"),
    "/stories/" + quote("<img src=x onerror=alert('path')>", safe=""),
    "/articles/" + quote("\"><script>alert('path')</script>", safe=""),
    "/runs",
]

# Elements no page of the app makes, and any attribute that runs script or loads a URL
# that would: found on a page, it is markup injected from data.
INJECTED = """[...document.body.querySelectorAll('*')].filter(e =>
    ['SCRIPT', 'IMG', 'IFRAME', 'OBJECT', 'EMBED', 'MATH', 'STYLE', 'BASE'].includes(e.tagName)
    || (e.tagName === 'svg' && !['sparkline', 'timeline-chart'].includes(e.getAttribute('class')))
    || (e.tagName === 'INPUT' && !['search', 'date', 'text'].includes(e.type))
    || [...e.attributes].some(a => a.name.startsWith('on') || a.name === 'autofocus'
        || (['href', 'src'].includes(a.name) && /^\\s*(javascript|data):/i.test(a.value)))
).map(e => e.outerHTML.slice(0, 120))"""


def test_hostile_pages_run_nothing(
    page: Any, server: ServerThread, shots: Path, errors: list[str], dialogs: list[str]
) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as client:
        assert client.post("/api/articles", json=ALERT_ARTICLES).status_code == 202
        for _ in range(600):
            status = client.get("/api/status").json()
            if not status["stale"] and not status["updating"]:
                break
            page.wait_for_timeout(100)
        stored = [
            client.get("/api/articles/" + quote(a["id"], safe="")).json() for a in ALERT_ARTICLES
        ]
    paths = [*HOSTILE_URLS, "/"]
    for article in stored:
        paths.append("/articles/" + quote(article["id"], safe=""))
        paths.append("/stories/" + quote(article["story_id"], safe=""))
    for number, path in enumerate(paths):
        page.goto(server.url + path)
        for element in page.locator("h1, h3, dd, a, p").all()[:40]:
            element.hover()
        page.keyboard.press("Tab")  # an injected autofocus/onfocus would run now
        assert page.evaluate("typeof window.__y") == "undefined", path
        assert page.evaluate(INJECTED) == [], path
        page.screenshot(path=shots / f"hostile-{number}.png")
    assert dialogs == []
    # A 404 page is logged by Chromium as a failed resource; nothing else may be.
    assert [e for e in errors if "status of 404" not in e and "status of 400" not in e] == []
