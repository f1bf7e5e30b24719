"""The JSON API over the seeded store: reads, search, posting, and every error status.

Expected values come from reading the seeds: five articles about one telephone call
between Lavrov and Rubio (1 June 2025) that also mention the railway blasts in Bryansk.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import HOSTILE_ARTICLE, HOSTILE_ID, wait_for_stories

SEED_IDS = {
    "000_9ee0e851c20fb600",
    "001_54a851cabf0a182d",
    "002_ace0c298591e6b4a",
    "003_65c9c312e4fe8b9d",
    "004_5719f1dc47fb68ca",
}
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}


def _seed_story(client: TestClient) -> dict[str, object]:
    stories = client.get("/api/stories").json()["stories"]
    return next(s for s in stories if s["article_count"] == 5)


def test_story_list_has_the_seeds_story(client: TestClient) -> None:
    story = _seed_story(client)
    assert story["first_published"] == "2025-06-01"
    assert story["href"] == f"/stories/{story['story_id']}"


def test_story_has_its_brief_and_five_articles(client: TestClient) -> None:
    story_id = _seed_story(client)["story_id"]
    data = client.get(f"/api/stories/{story_id}").json()
    assert {a["id"] for a in data["articles"]} == SEED_IDS
    assert data["brief"]["story_id"] == story_id
    assert "Lavrov" in data["brief"]["headline"] + " ".join(
        s["text"] for s in data["brief"]["summary"]
    )
    # The card comes first after the headline, every value cited (issue 16).
    keys = list(data["brief"])
    assert keys.index("card") == keys.index("headline") + 1
    killed = [f for f in data["brief"]["card"]["figures"] if f["what"] == "people killed"]
    assert killed[0]["value"] == 7
    assert killed[0]["qualifier"] == "at least"
    assert all(day["sources"] for day in data["brief"]["card"]["when"])


def test_story_changes_and_the_most_changed_order(client: TestClient) -> None:
    story_id = _seed_story(client)["story_id"]
    changes = client.get(f"/api/stories/{story_id}").json()["changes"]
    first = changes[-1]  # the seeded store: one ingest wrote the story's first brief
    assert first["first"] is True
    assert set(first["new_sources"]) == SEED_IDS
    later = client.get(f"/api/stories/{story_id}?changed_since=2999-01-01T00:00:00Z")
    assert later.json()["changes"] == []
    ordered = client.get("/api/stories?sort=changed&changed_since=2000-01-01").json()["stories"]
    assert story_id in [story["story_id"] for story in ordered]
    assert client.get("/api/stories?sort=biggest").status_code == 400
    assert client.get(f"/stories/{story_id}?changed_since=yesterday").status_code == 400
    page = client.get(f"/stories/{story_id}").text
    assert 'id="changes"' in page
    [last_day] = re.findall(r'href="(\?changed_since=[^"#]+)#changes"', page)
    assert client.get(f"/stories/{story_id}{html.unescape(last_day)}").status_code == 200


def test_article_by_id(client: TestClient) -> None:
    data = client.get("/api/articles/000_9ee0e851c20fb600").json()
    assert data["id"] == "000_9ee0e851c20fb600"
    assert "Bryansk" in data["title"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("since=2025-05-01&until=2025-06-30", True),
        ("since=2099-01-01", False),
        ("entity=Lavrov", True),
        ("entity=SERGEY%20LAVROV", True),
        ("entity=Nobody%20Atall", False),
    ],
)
def test_story_filters(client: TestClient, query: str, found: bool) -> None:
    stories = client.get(f"/api/stories?{query}").json()["stories"]
    assert any(s["article_count"] == 5 for s in stories) is found


def test_search_bryansk_finds_the_story_and_articles(client: TestClient) -> None:
    data = client.get("/api/search?q=Bryansk").json()
    assert _seed_story(client)["story_id"] in {hit["id"] for hit in data["stories"]}
    assert {hit["id"] for hit in data["articles"]} <= SEED_IDS
    assert data["articles"]
    assert all("Bryansk" in hit["matches"] for hit in data["articles"])


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE articles; --",
        "Bryansk' OR '1'='1",
        '" OR 1=1 --',
        'Bryansk" OR "x',
        "NEAR(Bryansk Kursk) * ^col:x",
        "%' UNION SELECT id, text FROM articles --",
        "\\",
    ],
)
def test_sql_tricks_in_search_are_plain_words(client: TestClient, query: str) -> None:
    response = client.get("/api/search", params={"q": query})
    assert response.status_code == 200
    assert set(response.json()) == {"query", "stories", "articles"}
    assert client.get("/api/status").json()["articles"] >= len(SEED_IDS)  # table intact
    # The trick finds what its words alone find, and every word must match: never more
    # than any one word finds (PostgreSQL drops stop words such as "or", FTS5 does not).
    words = re.findall(r"\w+", query)
    plain = client.get("/api/search", params={"q": " ".join(words) or "-"}).json()
    for kind in ("stories", "articles"):
        found = [hit["id"] for hit in response.json()[kind]]
        assert found == [hit["id"] for hit in plain[kind]]
        for word in words:
            alone = {hit["id"] for hit in client.get(f"/api/search?q={word}").json()[kind]}
            assert set(found) <= alone or not alone
    if "DROP" in query or "UNION" in query or query == "\\":
        assert response.json()["articles"] == []  # words the seeds do not hold


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/stories/no-such-story", 404),
        ("/api/articles/no-such-article", 404),
        ("/api/nothing-here", 404),
        ("/api/stories?limit=0", 400),
        ("/api/stories?limit=many", 400),
        ("/api/stories?offset=-1", 400),
        ("/api/stories?since=June", 400),
        ("/api/search", 400),
        ("/api/search?q=", 400),
        ("/api/search?q=" + "x" * 201, 400),
    ],
)
def test_read_errors_are_json(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    error = response.json()["error"]
    assert error["status"] == status
    assert error["message"]
    assert "Traceback" not in response.text


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"{not json", "not valid JSON"),
        (b'{"text": "no id"}', "id: Field required"),
        (b'{"id": "no-text"}', "text: Field required"),
        (b'{"id": "  ", "text": "blank id"}', "id: Value error, must not be blank"),
        (b'[{"id": "a", "text": "fine"}, {"id": "b"}]', "1.text: Field required"),
        (b"[]", "at least 1 item"),
        (b'"just a string"', "expected a JSON object"),
        (b'{"id": "d", "text": "t", "published": "last week"}', "not an ISO date"),
        (b'{"id": "s", "text": "t", "status": 42}', "status: Input should be greater"),
    ],
)
def test_malformed_posts_are_422(client: TestClient, body: bytes, words: str) -> None:
    response = client.post(
        "/api/articles", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert words in response.json()["error"]["message"]


def test_oversized_body_is_413(client: TestClient) -> None:
    article = {"id": "big", "text": "word " * 1_200_000}  # 6 MB of text
    response = client.post("/api/articles", json=article)
    assert response.status_code == 413
    assert "larger than" in response.json()["error"]["message"]
    assert client.get("/api/articles/big").status_code == 404


def test_oversized_body_without_length_is_413(client: TestClient) -> None:
    def chunks() -> object:
        for _ in range(7):
            yield b"x" * (1024 * 1024)

    response = client.post(
        "/api/articles", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ["/", "/api/stories", "/api/nothing", "/stories/none", "/static/newsfuse.css"]:
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"]  # default-src 'none'
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value


def test_docs_policy_allows_only_its_own_scripts(client: TestClient) -> None:
    response = client.get("/docs")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'sha256-" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert client.get("/docs/assets/swagger-ui-bundle.js").status_code == 200
    assert client.get("/docs/assets/..%2F..%2F__init__.py").status_code == 404
    assert "/api/articles" in client.get("/openapi.json").json()["paths"]


def test_posted_articles_are_queued_then_stored_then_grouped(client: TestClient) -> None:
    before = client.get("/api/status").json()["articles"]
    response = client.post("/api/articles", json=[HOSTILE_ARTICLE])
    assert response.status_code == 202
    assert response.json()["queued"] == [HOSTILE_ID]
    [intake] = response.json()["intake"]
    assert client.get(intake).json()["state"] in {"queued", "stored"}
    again = client.post("/api/articles", json=HOSTILE_ARTICLE).json()
    assert again["queued"] == []
    assert HOSTILE_ID in again["already_queued"] + again["already_stored"]
    status = wait_for_stories(client)
    assert status["articles"] == before + 1
    assert status["queued"] == 0
    stored = client.get("/api/articles/" + quote(HOSTILE_ID, safe="")).json()
    assert stored["title"] == HOSTILE_ARTICLE["title"]  # kept as data, shown escaped
    assert stored["story_id"] is not None
    state = client.get(intake).json()
    assert (state["state"], state["story_id"]) == ("stored", stored["story_id"])
    assert state["story_href"].startswith("/stories/")
    third = client.post("/api/articles", json=HOSTILE_ARTICLE).json()
    assert (third["queued"], third["already_stored"]) == ([], [HOSTILE_ID])
    assert client.get("/api/intake/never-posted").status_code == 404


@pytest.mark.parametrize(
    "article",
    [
        {"id": "nul", "text": "A bridge collapsed\u0000 in Bryansk."},
        {"id": "marks", "text": "Bryansk \u0002fake\u0003 highlight."},
        {"id": "bad\u0000id", "text": "A bridge collapsed."},
        {"id": "far-past", "text": "A bridge collapsed.", "published": "0001-01-01"},
        {"id": "far-future", "text": "A bridge.", "published": "9999-12-31T23:59:59-14:00"},
    ],
)
def test_control_characters_and_impossible_dates_are_refused(
    client: TestClient, article: dict[str, str]
) -> None:
    """NUL breaks PostgreSQL text, \x02/\x03 mark search matches, and a year 1 or 9999
    overflows date arithmetic downstream: all are refused before the store sees them."""
    response = client.post("/api/articles", json=article)
    assert response.status_code == 422, response.text
    assert client.get(f"/api/articles/{quote(article['id'])}").status_code in {400, 404}


@pytest.mark.parametrize("path", ["/api/articles/a%00b", "/api/stories/%00", "/?entity=%00"])
def test_control_characters_in_urls_are_400(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 400
    assert "control characters" in response.json()["error"]["message"]


def test_runs_report_what_was_read_skipped_and_recovered(client: TestClient) -> None:
    runs = client.get("/api/runs").json()["runs"]
    first = runs[-1]
    assert first["run_id"] == 1
    assert first["command"] == "ingest"
    assert first["finished_at"] is not None
    # The seeds: five text files, one article each, nothing skipped or recovered.
    assert (first["inputs"], first["articles"], first["new_articles"]) == (5, 5, 5)
    assert (first["skipped"], first["skipped_by_reason"]) == (0, {})
    assert (first["warnings"], first["warnings_by_kind"]) == (0, {})
    full = client.get(first["href"]).json()
    assert full["report"]["skips"] == []
    assert full["report"]["warning_list"] == []
    assert client.get("/api/runs/999").status_code == 404
    assert client.get("/api/runs/0").status_code == 400


def test_storylines_hold_the_seeds_story_with_its_days(client: TestClient) -> None:
    story_id = _seed_story(client)["story_id"]
    lines = client.get("/api/storylines").json()["storylines"]
    (line,) = [line for line in lines if story_id in line["stories"]]
    # The seeds were published on 1 and 2 June 2025.
    assert (line["first"], line["last"]) == ("2025-06-01", "2025-06-02")
    one = client.get(line["api_href"]).json()
    assert one["storyline_id"] == line["storyline_id"]
    assert [s["story_id"] for s in one["story_list"]] == one["stories"]
    assert story_id in one["stories"]
    assert client.get("/api/storylines/l-no-such-line").status_code == 404
