"""Connections to the two databases the store runs on, behind one small interface.

`Store` writes its SQL once, with `?` placeholders; a backend runs it (PostgreSQL's driver
wants `%s`), wraps transactions, applies the migrations and turns driver errors into
`StoreError`. Values always travel as parameters, never inside the SQL text.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import re
import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsfuse.errors import StoreError

__all__ = ["Backend", "Migration", "PostgresBackend", "SqliteBackend", "connect", "migrations"]

Row = tuple[Any, ...]
Params = Sequence[Any]

# SQLite: how long a writer waits for another writer's lock before failing. Ingest
# transactions are short (one batch of articles, one story), so 30 s is generous.
_BUSY_TIMEOUT_MS = 30_000
# Key of the PostgreSQL advisory locks: migrations (transaction-scoped) and the one story
# writer (session-scoped). Any fixed number; "newsfuse" in ASCII.
_PG_LOCK_KEY = 0x6E657773
_MIGRATION_NAME = re.compile(r"^(\d{4})_(\w+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(dialect: str) -> list[Migration]:
    """The versioned schema scripts of `dialect`, in order (store/migrations/<dialect>/)."""
    folder = resources.files("newsfuse.store").joinpath("migrations", dialect)
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


class Backend(ABC):
    """One connection to one database; calls are serialised, so threads may share it."""

    dialect: str
    # Run first in each migration's transaction where the database can lock across
    # processes; SQLite's BEGIN IMMEDIATE already holds the only write lock.
    _migration_lock: str | None = None

    def __init__(self) -> None:
        self._lock = threading.RLock()

    @abstractmethod
    def execute(self, sql: str, params: Params = ()) -> list[Row]:
        """Run one statement; rows it returns (empty for writes)."""

    @abstractmethod
    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        """Run one statement once per parameter row."""

    @abstractmethod
    def transaction(self) -> contextlib.AbstractContextManager[None]:
        """Everything executed inside commits together, or not at all."""

    def snapshot(self) -> contextlib.AbstractContextManager[None]:
        """Reads inside see one consistent state (by default, a transaction)."""
        return self.transaction()

    @abstractmethod
    def writer_lock(self) -> contextlib.AbstractContextManager[None]:
        """Held by the one process rewriting stories; others wait for it."""

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def url(self) -> str:
        """Where the store is, without any password."""

    def migrate(self) -> int:
        """Apply the migrations not yet applied, each in its own transaction; the version."""
        self.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
            "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        version = 0
        for migration in migrations(self.dialect):
            with self.transaction():
                if self._migration_lock:  # other processes wait instead of migrating too
                    self.execute(self._migration_lock)
                applied = self.execute("SELECT max(version) FROM schema_version")[0][0] or 0
                if migration.version > applied:
                    self._run_script(migration.sql)
                    self.execute(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                        (migration.version, migration.name, now()),
                    )
            version = migration.version
        return version

    @abstractmethod
    def _run_script(self, sql: str) -> None: ...


class SqliteBackend(Backend):
    """SQLite in WAL mode (readers never block the writer), foreign keys on."""

    dialect = "sqlite"

    def __init__(self, path: str) -> None:
        super().__init__()
        self._path = path
        try:
            if path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            # Autocommit; `transaction` opens explicit ones (BEGIN IMMEDIATE takes the write
            # lock up front, so two writers queue instead of failing half-way).
            self._db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=_BUSY_TIMEOUT_MS / 1000
            )
            self._db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA foreign_keys = ON")
            # WAL with synchronous=NORMAL is durable across process crashes (SIGKILL); only
            # a power loss may drop the last commits, never corrupt the file.
            self._db.execute("PRAGMA synchronous = NORMAL")
        except (sqlite3.Error, OSError) as exc:
            hint = _sqlite_hint(exc, path)
            raise StoreError(f"cannot open SQLite store {path}: {exc}{hint}") from exc
        self._depth = 0

    @property
    def url(self) -> str:
        return f"sqlite:///{self._path}"

    def execute(self, sql: str, params: Params = ()) -> list[Row]:
        with self._lock, _translated(sqlite3.Error, self.url, self._hint):
            return self._db.execute(sql, tuple(params)).fetchall()

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self._lock, _translated(sqlite3.Error, self.url, self._hint):
            self._db.executemany(sql, [tuple(row) for row in rows])

    def _hint(self, error: Exception) -> str:
        return _sqlite_hint(error, self._path)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._begin("BEGIN IMMEDIATE"):
            yield

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        # A deferred transaction only reads: in WAL mode it neither waits for the writer
        # nor holds it up, and sees one consistent state.
        with self._begin("BEGIN"):
            yield

    @contextlib.contextmanager
    def _begin(self, statement: str) -> Iterator[None]:
        with self._lock:
            if self._depth:  # nested: part of the outer transaction
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self.execute(statement)
            self._depth = 1
            try:
                yield
            except BaseException:
                self._depth = 0
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise
            self._depth = 0
            try:
                self.execute("COMMIT")
            except BaseException:
                # A failed COMMIT leaves the transaction open; never hand the connection on
                # in that state.
                with contextlib.suppress(sqlite3.Error):
                    self._db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        if self._path == ":memory:":
            yield
            return
        # A lock file beside the database: released by the kernel when the process dies,
        # so a SIGKILLed ingest never leaves a stale lock behind.
        try:
            handle = open(f"{self._path}.writer-lock", "a")  # noqa: SIM115 (held till exit)
        except OSError as exc:
            hint = _sqlite_hint(exc, self._path)
            raise StoreError(f"cannot lock {self._path}: {exc}{hint}") from exc
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            handle.close()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run_script(self, sql: str) -> None:
        # executescript() would commit the open transaction first; run statement by
        # statement instead (complete_statement knows a trigger body is one statement).
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.execute(statement)
                statement = ""
        if statement.strip(" \n;"):
            raise StoreError(f"{self.url}: migration ends inside a statement")


class PostgresBackend(Backend):
    """PostgreSQL through psycopg 3, autocommit outside explicit transactions."""

    dialect = "postgresql"
    _migration_lock = f"SELECT pg_advisory_xact_lock({_PG_LOCK_KEY})"

    def __init__(self, url: str) -> None:
        super().__init__()
        import psycopg

        self._psycopg = psycopg
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        self._public_url = f"postgresql://{host}{port}{parts.path}"
        try:
            self._db = psycopg.connect(url, autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to {self._public_url}: {exc}") from exc

    @property
    def url(self) -> str:
        return self._public_url

    def execute(self, sql: str, params: Params = ()) -> list[Row]:
        with self._lock, _translated(self._psycopg.Error, self.url):
            cursor = self._db.execute(_pg(sql), tuple(params))
            return list(cursor.fetchall()) if cursor.description is not None else []

    def executemany(self, sql: str, rows: Sequence[Params]) -> None:
        with self._lock, _translated(self._psycopg.Error, self.url):
            self._db.cursor().executemany(_pg(sql), [tuple(row) for row in rows])

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock, _translated(self._psycopg.Error, self.url), self._db.transaction():
            yield

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        # READ COMMITTED (the default) would let each statement see a different state.
        with self._lock, _translated(self._psycopg.Error, self.url), self._db.transaction():
            self._db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield

    @contextlib.contextmanager
    def writer_lock(self) -> Iterator[None]:
        # Session-scoped advisory lock: freed when the connection closes, or when the
        # server notices the process is gone.
        self.execute("SELECT pg_advisory_lock(?)", (_PG_LOCK_KEY + 1,))
        try:
            yield
        finally:
            self.execute("SELECT pg_advisory_unlock(?)", (_PG_LOCK_KEY + 1,))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _run_script(self, sql: str) -> None:
        # Without parameters psycopg sends the script as one simple query: several
        # statements, inside the open transaction.
        with self._lock, _translated(self._psycopg.Error, self.url):
            self._db.execute(sql.encode("utf-8"))


def connect(url: str) -> Backend:
    """A backend for `url`: `sqlite:///relative/path.db`, `sqlite:////absolute/path.db`, a
    plain path, `sqlite:///:memory:`, or `postgresql://user@host/db` (also `postgres://`)."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("postgresql", "postgres"):
        return PostgresBackend(url)
    if scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute.db.
        path = unquote(url[len("sqlite://") :])
        path = path[1:] if path.startswith("/") else path
        return SqliteBackend(path or ":memory:")
    if scheme:
        raise StoreError(f"unknown store URL scheme {scheme!r} (use sqlite:/// or postgresql://)")
    return SqliteBackend(url)


def now() -> str:
    """The current time, UTC, as ISO-8601 text (how the store writes timestamps)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


def _sqlite_hint(error: BaseException, path: str) -> str:
    """What to check, for the errors SQLite names without saying why (issue 8): a full disk
    and a folder the store cannot write beside itself in."""
    name = str(getattr(error, "sqlite_errorname", ""))
    if name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR"):
        return " (is the disk full, or the file over a size limit?)"
    if name.startswith(("SQLITE_READONLY", "SQLITE_CANTOPEN")) or isinstance(
        error, PermissionError
    ):
        folder = Path(path).parent
        return (
            f" (the folder {folder} must be writable: SQLite keeps -wal and -shm files, and "
            "newsfuse a .writer-lock file, beside the store)"
        )
    return ""


@contextlib.contextmanager
def _translated(
    errors: type[Exception], where: str, hint: Callable[[Exception], str] | None = None
) -> Iterator[None]:
    try:
        yield
    except errors as exc:
        raise StoreError(f"{where}: {exc}{hint(exc) if hint else ''}") from exc
