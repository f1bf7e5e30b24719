"""Shared fixtures: the bundled seeds, the public data in ../shared/data where present, the
fast settings, and a throwaway PostgreSQL server for the store and web tests.

The server is a cluster this test session starts in a temporary folder with Debian's
`initdb`/`pg_ctl` (listening on a Unix socket only, fsync off), or the one named by
NEWSFUSE_TEST_POSTGRES_URL; PostgreSQL tests skip, saying why, only where neither exists.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsfuse.config import ReadSettings, Settings, load_settings
from newsfuse.model import Article
from newsfuse.read import read

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "examples" / "seeds"
TEST_DATA = REPO / "tests" / "data"
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()

# Spark's JVM runs jobs of seconds here: without its optimising compiler (C2) it spends half
# the CPU (a five-article run: 33 -> 15 JVM CPU seconds) that the other test worker needs on
# two cores. Every JVM the tests start (in process or in a `newsfuse spark` subprocess)
# reads this; users' runs keep the JVM's defaults.
os.environ.setdefault("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1")

# Extraction and fusion as in production, grouping and fusion on words alone: the lead
# embedding model takes ~20 s to load and warm on 2 cores, and nothing the store or the web
# layer does depends on it (the lead-embedding cache is covered in tests/store with a fake).
FAST_SETTINGS = "[group]\nembeddings = false\n[fuse]\nembeddings = false\n"

_PG_VERSIONS = Path("/usr/lib/postgresql")
_counter = itertools.count()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes a minute or more (deselect with -m 'not slow')")


def shared_data(*parts: str) -> Path:
    """A path under ../shared/data; skips the test with a reason where it is absent."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent (public development data; present in CI, not in a fresh clone)"
        )
    return path


@pytest.fixture(scope="session")
def seed_articles() -> dict[str, Article]:
    """The five bundled seeds, read (not cleaned), by id."""
    return {
        item.id: item
        for item in read([SEEDS], settings=ReadSettings())
        if isinstance(item, Article)
    }


@pytest.fixture(scope="session")
def settings_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("settings") / "fast.toml"
    path.write_text(FAST_SETTINGS, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def settings(settings_file: Path) -> Settings:
    return load_settings(settings_file)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of a PostgreSQL server (without a database name) for the session."""
    if url := os.environ.get("NEWSFUSE_TEST_POSTGRES_URL"):
        yield url
        return
    binaries = _postgres_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server: initdb/pg_ctl not found (apt-get install postgresql)")
    run_as = _unprivileged_user()
    folder = Path(tempfile.mkdtemp(prefix="newsfuse-pg-"))
    data = folder / "data"
    if run_as is not None:
        shutil.chown(folder, user=run_as)
    prefix = ["runuser", "-u", run_as, "--"] if run_as is not None else []
    try:
        initdb = [str(binaries / "initdb"), "-D", str(data), "-U", "newsfuse"]
        _check([*prefix, *initdb, "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"])
        options = f"-k {folder} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        pg_ctl = [str(binaries / "pg_ctl"), "-D", str(data), "-o", options]
        _check([*prefix, *pg_ctl, "-l", str(folder / "log"), "-w", "-t", "60", "start"])
    except (OSError, subprocess.CalledProcessError) as exc:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.skip(f"cannot start a PostgreSQL server with {binaries}: {exc}")
    try:
        yield f"postgresql://newsfuse@/?host={folder}"
    finally:
        subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def new_database(postgres_server: str) -> Callable[..., str]:
    """Makes a database on the session's server (empty, or a copy of the database named
    by `template`); its URL."""
    import psycopg
    from psycopg import sql

    def make(template: str | None = None) -> str:
        name = f"newsfuse_test_{os.getpid()}_{next(_counter)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template is not None:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with psycopg.connect(with_database(postgres_server, "postgres"), autocommit=True) as db:
            db.execute(statement)
        return with_database(postgres_server, name)

    return make


def with_database(server: str, name: str) -> str:
    """The URL of database `name` on `server`."""
    base, _, query = server.partition("?")
    return f"{base.rstrip('/')}/{name}" + (f"?{query}" if query else "")


def _postgres_binaries() -> Path | None:
    on_path = shutil.which("pg_ctl")
    if on_path is not None and shutil.which("initdb") is not None:
        return Path(on_path).resolve().parent
    versions = sorted(_PG_VERSIONS.glob("*/bin/pg_ctl"), key=lambda p: p.parts[-3])
    return versions[-1].parent if versions else None


def _unprivileged_user() -> str | None:
    """PostgreSQL refuses to run as root: the user to run it as (None: ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    pytest.skip("running as root and no postgres or nobody user to run PostgreSQL as")


def _check(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=120)


def without_root_override(command: list[str]) -> list[str]:
    """`command` unable to write where its user may not: root's override of file
    permissions taken away (with setpriv); as another user, `command` as it is."""
    if os.geteuid() != 0:
        return command
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only folder is writable to root")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner", "--", *command]
