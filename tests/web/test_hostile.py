"""Hostile requests fired through every endpoint and page: URL path and query parameters
and posted JSON fields carrying NUL, lone surrogates, right-to-left overrides, overlong
UTF-8, homoglyphs, markup, SQL and FTS5 syntax, path tricks and oversized values.

Each answer is a 4xx with a clear message (JSON under /api/, an HTML page elsewhere) or
the value handled as plain data (2xx); never a 5xx. What is stored comes back unchanged.
test_browser.py renders the stored ones in Chromium and checks that nothing runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from fastapi.testclient import TestClient

from newsfuse.config import Settings
from newsfuse.web import create_app
from tests.web.conftest import (
    ServerThread,
    copy_store,
    wait_for_stories,
)

# name → (bytes as they go into a URL, percent-encoded; JSON string body, escapes as sent)
PAYLOADS: dict[str, tuple[bytes, bytes]] = {
    "nul": (b"a\x00b", b"a\\u0000b"),
    "control": (b"a\x1bb\x7f", b"a\\u001bb\\u007f"),
    "lone surrogate": (b"a\xed\xa0\x80b", b"a\\ud800b"),
    "low surrogate": (b"\xed\xb0\x80", b"\\udc00"),
    "overlong slash": (b"a\xc0\xafb", b"a\xc0\xafb"),
    "overlong nul": (b"\xc0\x80", b"\xc0\x80"),
    "invalid byte": (b"\xff\xfe", b"\xff\xfe"),
}
TEXT_PAYLOADS = [
    "Bryansk \u202egnp.exe",  # right-to-left override
    "\u200bBry\u200dansk\ufeff",  # zero-width characters
    "Вryаnsk",  # Cyrillic В and а: a homoglyph of Bryansk
    "ﬁnance Ｂｒｙａｎｓｋ",  # ligature and full-width forms
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(document.domain)",
    "' OR 1=1 --",
    "'; DROP TABLE articles; --",
    'NEAR(Bryansk Kursk, 2) "',
    "* ^ col:text AND OR NOT",
    '"""',
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "%00",
    "{{7*7}} ${7*7} {% raw %}",
    "😀" * 50,
    "x" * 5_000,
]
PAYLOADS.update(
    {
        text[:24]: (text.encode("utf-8"), json.dumps(text)[1:-1].encode("utf-8"))
        for text in TEXT_PAYLOADS
    }
)
# Where a payload goes: {} is replaced by the percent-encoded payload.
URLS = [
    "/?entity={}",
    "/?since={}",
    "/?page={}",
    "/stories/{}",
    "/articles/{}",
    "/search?q={}",
    "/runs?x={}",
    "/docs/assets/{}",
    "/{}",
    "/api/stories?entity={}",
    "/api/stories?until={}",
    "/api/stories?limit={}",
    "/api/stories/{}",
    "/api/articles/{}",
    "/api/search?q={}",
    "/api/search?q=Bryansk&limit={}",
    "/api/runs?limit={}",
    "/api/runs/{}",
    "/api/status?{}={}",
]
FIELDS = ["id", "title", "text", "source", "url", "published", "status"]


def _problem(response: httpx.Response, path: str) -> str | None:
    """What is wrong with an answer to a hostile request (None: nothing)."""
    status, text = response.status_code, response.text
    kind = response.headers.get("content-type", "")
    if status >= 500:
        return f"{status}: {text[:200]}"
    if "Traceback" in text:
        return "a traceback reached the client"
    if status < 400:
        return None
    if path.startswith("/api/"):
        if not kind.startswith("application/json"):
            return f"{status} as {kind}, not JSON"
        error = json.loads(text).get("error", {})
        return None if error.get("status") == status and error.get("message") else text[:200]
    if not kind.startswith("text/html") and "application/json" not in kind:
        return f"{status} as {kind}"
    return None if "error-message" in text or '"message"' in text else "no message"


@pytest.mark.parametrize("url", URLS)
def test_hostile_url_parameters_get_4xx_or_plain_data(client: TestClient, url: str) -> None:
    problems = []
    for name, (raw, _) in PAYLOADS.items():
        path = url.replace("{}", quote(raw, safe=""))
        for method in ("GET", "HEAD"):
            response = client.request(method, path)
            if problem := _problem(response, path) if method == "GET" else None:
                problems.append(f"{method} {path[:80]} ({name}): {problem}")
            if method == "HEAD" and (response.status_code >= 500 or response.content):
                problems.append(f"HEAD {path[:80]} ({name}): {response.status_code}")
    assert problems == []
    assert client.get("/api/status").json()["articles"] >= 5  # the tables are intact


@pytest.mark.parametrize("field", FIELDS)
def test_hostile_posted_fields_are_refused_or_stored_as_sent(
    client: TestClient, field: str
) -> None:
    problems = []
    posted: list[tuple[str, str, dict[str, str]]] = []
    for number, (name, (_, escaped)) in enumerate(PAYLOADS.items()):
        article_id = f"hostile-{field}-{number}".encode()
        values = {
            b"id": article_id,
            b"text": b"Flood waters rose in Tulcea on Tuesday, officials said.",
        }
        values[field.encode()] = escaped if field != "text" else values[b"text"] + b" " + escaped
        members = [b'"' + key + b'": "' + value + b'"' for key, value in values.items()]
        body = b"{" + b", ".join(members) + b"}"
        response = client.post(
            "/api/articles", content=body, headers={"content-type": "application/json"}
        )
        if problem := _problem(response, "/api/articles"):
            problems.append(f"{field} ({name}): {problem}")
        if response.status_code != 202:
            continue
        [queued_id] = response.json()["queued"]
        posted.append((name, queued_id, json.loads(body)))
    wait_for_stories(client)  # the worker stores what the front door queued
    for name, stored_id, sent in posted:
        if "%" in stored_id:
            continue  # TestClient decodes a path twice: test_percent_ids_over_http reads it
        stored = client.get("/api/articles/" + quote(stored_id, safe=""))
        page = client.get("/articles/" + quote(stored_id, safe=""))
        if stored.status_code != 200 or page.status_code != 200:
            problems.append(
                f"{field} ({name}): stored, then {stored.status_code}/{page.status_code}"
            )
            continue
        record = stored.json()
        if field in ("id", "title", "url") and record[field] != sent[field].strip():
            problems.append(f"{field} ({name}): stored {record[field]!r}, sent {sent[field]!r}")
    assert problems == []


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("text/plain", b'{"id": "ct-1", "text": "A bridge collapsed."}'),
        ("application/x-www-form-urlencoded", b"id=ct-2&text=A+bridge+collapsed."),
        ("multipart/form-data; boundary=x", b'--x\r\nContent-Disposition: form-data; name="id"'),
        ("application/xml", b"<article><id>ct-3</id></article>"),
        ("application/json; charset=latin-1", b'{"id": "ct-4", "text": "Caf\xe9 closed."}'),
        ("application/json", b"\xef\xbb\xbf" + b'{"id": "ct-5", "text": "BOM first"}'),
        (
            "application/json",
            b'{"id": "ct-6", "text": "deep", "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        ),
        ("application/json", b'{"id": "ct-7", "text": "dup", "text": "licate"}'),
        ("application/json", b'{"id": 1e999, "text": "huge number"}'),
        ("application/json", b"NaN"),
        ("application/json", b""),
    ],
)
def test_wrong_or_odd_content_is_4xx_or_data(
    client: TestClient, content_type: str, body: bytes
) -> None:
    response = client.post("/api/articles", content=body, headers={"content-type": content_type})
    assert _problem(response, "/api/articles") is None, response.text
    assert response.status_code in {202, 400, 413, 415, 422}


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "POST", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("path", ["/", "/api/stories", "/api/articles/x", "/runs", "/api/runs"])
def test_other_methods_are_405(client: TestClient, method: str, path: str) -> None:
    response = client.request(method, path)
    assert response.status_code == 405
    assert _problem(response, path) is None


def test_many_query_parameters_and_a_long_url_are_4xx_or_data(client: TestClient) -> None:
    many = "&".join(f"p{n}=<script>" for n in range(2_000))
    for path in (f"/?{many}", f"/api/stories?{many}", "/search?q=" + "%F0%9F%98%80" * 60):
        response = client.get(path)
        assert _problem(response, path) is None


def test_percent_ids_over_http(seeded_db: Path, settings: Settings, tmp_path: Path) -> None:
    """Ids holding `%` and `/` reach their pages through a real server, decoded once
    (TestClient decodes a path twice, so this one cannot use it)."""
    ids = ["..%2F..%2Fetc%2Fpasswd", "%00", "a%2Fb", "a/../b", "100% sure", "%E2%80%AE"]
    app = create_app(copy_store(seeded_db, tmp_path), settings=settings)
    with ServerThread(app) as server, httpx.Client(base_url=server.url, timeout=60) as http:
        text = "Flood waters rose in Tulcea on Tuesday, officials said."
        posted = http.post("/api/articles", json=[{"id": i, "text": text} for i in ids])
        assert sorted(posted.json()["queued"]) == sorted(ids)
        wait_for_stories(http)
        for article_id in ids:
            path = quote(article_id, safe="")
            assert http.get(f"/api/articles/{path}").json()["id"] == article_id
            assert http.get(f"/articles/{path}").status_code == 200
