"""Web fixtures: a store ingested from the seeds once a session on SQLite and on
PostgreSQL (copied per test module, which may write to its copy), the app over it once per
database, and a real uvicorn server for the browser."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.store import open_store
from newsfuse.web import create_app
from tests.conftest import SEEDS

#: Posted through the API by the tests: each payload sets window.__x if it ever runs.
HOSTILE_ID = 'x"><svg onload="window.__x=4">'
HOSTILE_ARTICLE = {
    "id": HOSTILE_ID,
    "title": "<script>window.__x=1</script>",
    "text": (
        "Flood waters rose across the Danube delta on Tuesday, officials said.\n\n"
        'Residents of Tulcea were told to leave. "><img src=x onerror="window.__x=2"> '
        "The river authority said the level would peak on Thursday.\n\n"
        "Rescue teams moved 300 people to shelters in the city, the mayor said."
    ),
    "source": '<b onmouseover="window.__x=5">Delta Herald</b>',
    "url": "javascript:window.__x=3",
    "published": "2025-06-03",
}


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> Path:
    """A store holding the five seeds and their one story (read it; never write it)."""
    path = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with open_store(str(path)) as store:
        ingest([SEEDS], store, settings=settings)
    return path


def copy_store(seeded_db: Path, folder: Path) -> str:
    """A private copy of the seeded store (closed stores are checkpointed: one file)."""
    target = folder / "store.db"
    shutil.copyfile(seeded_db, target)
    return str(target)


@pytest.fixture(scope="session")
def seeded_postgres(new_database: Callable[..., str], settings: Settings) -> str:
    """Name of a PostgreSQL database holding the seeds' store (a template: never open it
    while copies are made)."""
    url = new_database()
    with open_store(url) as store:
        ingest([SEEDS], store, settings=settings)
    return url.partition("?")[0].rsplit("/", 1)[1]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def web_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A private copy of the seeded store, once per database: a file or a database URL."""
    if request.param == "sqlite":
        return copy_store(request.getfixturevalue("seeded_db"), tmp_path_factory.mktemp("web"))
    make: Callable[..., str] = request.getfixturevalue("new_database")
    return make(template=request.getfixturevalue("seeded_postgres"))


@pytest.fixture(scope="module")
def app(web_db: str, settings: Settings) -> FastAPI:
    return create_app(web_db, settings=settings)


@pytest.fixture(scope="module")
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def wait_for_stories(
    client: TestClient | httpx.Client, *, timeout: float = 90.0
) -> dict[str, object]:
    """Wait until the worker has stored every queued article and put every stored article
    into a story."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status: dict[str, object] = client.get("/api/status").json()
        if not status["queued"] and not status["stale"] and not status["updating"]:
            return status
        time.sleep(0.2)
    raise AssertionError(f"articles still queued or stories stale after {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerThread:
    """uvicorn serving an app on 127.0.0.1 in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)
