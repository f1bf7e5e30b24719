"""Links to a story merged into another (issue 6): its page and API URL redirect (301) to
the story that took its articles; an id no story ever had is still 404.

The store holds ECB+ dev topic 11 (Turkmenistan's parliamentary election), ingested as two
stories and then joined by the article that bridges them (tests/store/conftest.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from newsfuse.config import Settings
from newsfuse.store import open_store
from newsfuse.web import create_app
from tests.store.conftest import BRIDGE, CRITICS, TURNOUT, merged_store


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def merged(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, settings: Settings
) -> tuple[str, str]:
    """A store URL after the merge, and the retired story id (its survivor: `survivor`)."""
    folder = tmp_path_factory.mktemp("merged")
    if request.param == "sqlite":
        url = f"sqlite:///{folder / 'store.db'}"
    else:
        make: Callable[[], str] = request.getfixturevalue("new_database")
        url = make()
    with open_store(url) as store:
        retired, _ = merged_store(store, settings, folder)
    return url, retired


@pytest.fixture(scope="module")
def client(merged: tuple[str, str], settings: Settings) -> Iterator[TestClient]:
    app = create_app(merged[0], settings=settings)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="module")
def survivor(client: TestClient) -> str:
    [story] = client.get("/api/stories").json()["stories"]
    story_id: str = story["story_id"]
    return story_id


def test_the_retired_story_page_redirects_to_the_survivor(
    client: TestClient, merged: tuple[str, str], survivor: str
) -> None:
    retired = merged[1]
    assert retired != survivor
    response = client.get(f"/stories/{retired}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/stories/{survivor}"
    page = client.get(f"/stories/{retired}", follow_redirects=True)
    assert page.status_code == 200
    assert str(page.url).endswith(f"/stories/{survivor}")
    assert all(article_id in page.text for article_id in (TURNOUT, BRIDGE, CRITICS))


def test_the_retired_story_api_url_redirects_and_names_the_survivor(
    client: TestClient, merged: tuple[str, str], survivor: str
) -> None:
    retired = merged[1]
    response = client.get(f"/api/stories/{retired}")
    assert response.status_code == 301
    assert response.headers["location"] == f"/api/stories/{survivor}"
    assert response.json()["story_id"] == survivor
    story = client.get(f"/api/stories/{retired}", follow_redirects=True).json()
    assert story["story_id"] == story["brief"]["story_id"] == survivor
    assert {a["id"] for a in story["articles"]} == {TURNOUT, BRIDGE, CRITICS}


def test_head_redirects_as_get_does(client: TestClient, merged: tuple[str, str]) -> None:
    for path in (f"/stories/{merged[1]}", f"/api/stories/{merged[1]}"):
        get, head = client.get(path), client.head(path)
        assert head.status_code == get.status_code == 301, path
        assert head.headers["location"] == get.headers["location"], path


@pytest.mark.parametrize("path", ["/stories/s0000000000000000", "/api/stories/s0000000000000000"])
def test_an_id_no_story_had_is_still_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_survivor_is_no_redirect(client: TestClient, survivor: str) -> None:
    assert client.get(f"/stories/{survivor}").status_code == 200
    assert client.get(f"/api/stories/{survivor}").status_code == 200
