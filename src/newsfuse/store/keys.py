"""Id lists in SQL: placeholders for an `IN (...)` list and the chunks that keep one under
both databases' parameter limits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

__all__ = ["chunked", "marks"]

# Ids per `IN (...)` list: far below SQLite's 32,766 parameters and PostgreSQL's 65,535.
IN_CHUNK = 500


def marks(values: Sequence[Any]) -> str:
    """`?, ?, ?` for an IN list: placeholders only, the values go as parameters."""
    return ", ".join("?" * len(values))


T = TypeVar("T")


def chunked(values: Sequence[T]) -> Iterator[list[T]]:
    for start in range(0, len(values), IN_CHUNK):
        yield list(values[start : start + IN_CHUNK])
