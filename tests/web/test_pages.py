"""The pages as HTML text: what they show, and hostile data escaped everywhere (the
browser tests check that nothing runs; these check the markup)."""

from __future__ import annotations

import re
from urllib.parse import quote

from fastapi.testclient import TestClient

from newsfuse.web.views import sparkline
from tests.web.conftest import HOSTILE_ARTICLE, HOSTILE_ID, wait_for_stories


def _seed_story_id(client: TestClient) -> str:
    stories = client.get("/api/stories").json()["stories"]
    story_id: str = next(s["story_id"] for s in stories if s["article_count"] == 5)
    return story_id


def test_story_list_shows_counts_and_a_sparkline(client: TestClient) -> None:
    html = client.get("/").text
    story_id = _seed_story_id(client)
    row = re.search(rf'<tr class="story"><td><a href="/stories/{story_id}">.*?</tr>', html, re.S)
    assert row is not None
    assert '<td class="n">5</td>' in row[0]
    assert '<svg class="sparkline"' in row[0]
    assert "<polyline points=" in row[0]


def test_story_page_has_brief_sections_and_links_to_articles(client: TestClient) -> None:
    html = client.get(f"/stories/{_seed_story_id(client)}").text
    for section in ("summary", "timeline", "conflicts", "entities", "sources"):
        assert f'id="{section}"' in html
    assert 'href="/articles/000_9ee0e851c20fb600"' in html
    assert 'class="cite" href="#s-' in html
    assert '<link rel="stylesheet" href="/static/newsfuse.css">' in html
    assert "<script" not in html
    assert "<style" not in html


def test_search_page_marks_matches(client: TestClient) -> None:
    html = client.get("/search?q=Bryansk").text
    assert "<mark>Bryansk</mark>" in html
    assert f'href="/stories/{_seed_story_id(client)}"' in html


def test_page_errors_are_html_pages(client: TestClient) -> None:
    response = client.get("/stories/<b>nope</b>")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "&lt;b&gt;nope&lt;/b&gt;" in response.text
    assert "<b>nope" not in response.text
    assert client.get("/?since=yesterday").status_code == 400
    assert client.get("/?page=0").status_code == 400


def test_hostile_article_is_escaped_on_every_page(client: TestClient) -> None:
    assert client.post("/api/articles", json=HOSTILE_ARTICLE).status_code == 202
    wait_for_stories(client)
    article = client.get("/api/articles/" + quote(HOSTILE_ID, safe="")).json()
    pages = [
        client.get("/articles/" + quote(HOSTILE_ID, safe="")).text,
        client.get("/stories/" + quote(article["story_id"], safe="")).text,
        client.get("/search?q=Tulcea").text,
        client.get("/").text,
    ]
    for html in pages:
        assert "<script>window" not in html
        assert "<img" not in html
        assert "<svg onload" not in html
        assert "<b onmouseover" not in html
        assert 'href="javascript:' not in html
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in pages[0]
    assert 'javascript:window.__x=3 <span class="muted">(not a web address' in pages[0]


def test_sparkline_fills_days_without_articles() -> None:
    import datetime as dt

    line = sparkline([(dt.date(2025, 6, 1), 2), (dt.date(2025, 6, 3), 1)])
    assert line is not None
    assert len(line.points.split()) == 3  # 1, 2 and 3 June; the 2nd counts 0
    assert line.label == "3 dated articles over 3 days, at most 2 a day"
    assert sparkline([]) is None


def test_head_answers_wherever_get_does(client: TestClient) -> None:
    story_id = _seed_story_id(client)
    paths = [
        "/",
        f"/stories/{story_id}",
        "/articles/000_9ee0e851c20fb600",
        "/search?q=Bryansk",
        "/runs",
        "/static/newsfuse.css",
        "/docs",
        "/openapi.json",
        "/api/stories",
        f"/api/stories/{story_id}",
        "/api/search?q=Bryansk",
        "/api/runs",
        "/api/status",
        "/stories/no-such-story",
        "/api/stories?limit=0",
        "/api/articles",
    ]
    for path in paths:
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code, path
        assert head.content == b"", path
        assert head.headers["content-type"] == get.headers["content-type"], path
        if get.status_code == 200 and not path.startswith("/api/status"):
            assert int(head.headers["content-length"]) == len(get.content), path
        assert head.headers["x-content-type-options"] == "nosniff", path


def test_runs_page_shows_what_the_seed_ingest_read(client: TestClient) -> None:
    html = client.get("/runs").text
    row = re.search(r'<tr class="run" id="run-1">.*?</tr>', html, re.S)
    assert row is not None
    # The seeds: five text files, one article each, nothing skipped or recovered.
    cells = re.findall(r'<td class="n">(\d+)</td>', row[0])
    assert cells[:3] == ["5", "5", "5"]  # inputs, articles read, new
    assert "Last run" in client.get("/").text
    assert '<a href="/runs">Runs</a>' in html


def test_storyline_pages_list_and_chart_the_seeds_storyline(client: TestClient) -> None:
    story_id = _seed_story_id(client)
    html = client.get("/storylines").text
    assert '<a href="/storylines">Storylines</a>' in html
    lines = client.get("/api/storylines").json()["storylines"]
    (href,) = [line["href"] for line in lines if story_id in line["stories"]]
    row = re.search(rf'<tr class="storyline"><td><a href="{href}">.*?</tr>', html, re.S)
    assert row is not None
    assert '<td class="n">1</td><td class="n">5</td>' in row[0]  # one story, five seeds
    page = client.get(href).text
    assert f'href="/stories/{story_id}"' in page
    assert '<svg class="timeline-chart"' in page
    assert "2025-06-01 – 2025-06-02" in page
    assert "<script" not in page
    assert client.get("/storylines/nope").status_code == 404
    story = client.get(f"/stories/{story_id}").text
    assert f'Part of a storyline: <a href="{href}">' in story
