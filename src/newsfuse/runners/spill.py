"""Records a run makes but need not hold: pickled to a temporary file as they come, read
back by position or by key.

`run_pipeline` made every annotated article and every brief before it wrote any, and held
them all (issue 15: the full flow could not stay under 2 GiB at 100,000 articles). Spilled,
a run holds what it is working on and an offset per record. The file is unlinked as soon as
it is made (POSIX), so nothing is left behind by a run that ends, fails or is killed. Only
this process writes and reads it, so pickle is safe.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar, overload

__all__ = ["Spill", "keyed"]

T = TypeVar("T")


class Spill(Sequence[T], Generic[T]):
    """An append-only sequence kept on disk, in the order appended, with a lookup by
    `key(record)` (unique keys: a second record under one key is refused). Appends may come
    from one thread while no other reads."""

    def __init__(self, key: Callable[[T], str], *, directory: str | None = None) -> None:
        self._key = key
        descriptor, path = tempfile.mkstemp(prefix="newsfuse-spill-", dir=directory)
        os.unlink(path)  # the file lives as long as the descriptor, and no longer
        self._descriptor = descriptor
        self._closer = weakref.finalize(self, os.close, descriptor)
        self._spans: list[tuple[int, int]] = []
        self._positions: dict[str, int] = {}
        self._end = 0
        self._lock = threading.Lock()

    def append(self, record: T) -> None:
        data = pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)
        key = self._key(record)
        with self._lock:
            if key in self._positions:
                raise ValueError(f"a record under {key!r} is spilled already")
            written = os.pwrite(self._descriptor, data, self._end)
            if written != len(data):  # a regular file short-writes only when the disk is full
                raise OSError(f"spill file short write ({written} of {len(data)} bytes)")
            self._positions[key] = len(self._spans)
            self._spans.append((self._end, len(data)))
            self._end += len(data)

    def extend(self, records: Iterable[T]) -> None:
        for record in records:
            self.append(record)

    def __len__(self) -> int:
        return len(self._spans)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._read(span) for span in self._spans[index]]
        return self._read(self._spans[index])

    def __iter__(self) -> Iterator[T]:
        for span in self._spans:
            yield self._read(span)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to sequences of equal records

    def by_key(self) -> Mapping[str, T]:
        """The records by key, read from disk on each lookup."""
        return _KeyedView(self)

    def get_by_key(self, key: str) -> T:
        return self._read(self._spans[self._positions[key]])

    def keys(self) -> Iterator[str]:
        return iter(self._positions)

    def has_key(self, key: str) -> bool:
        return key in self._positions

    def close(self) -> None:
        self._closer()

    def _read(self, span: tuple[int, int]) -> T:
        offset, size = span
        record: T = pickle.loads(os.pread(self._descriptor, size, offset))
        return record


class _KeyedView(Mapping[str, T]):
    def __init__(self, spill: Spill[T]) -> None:
        self._spill = spill

    def __getitem__(self, key: str) -> T:
        return self._spill.get_by_key(key)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._spill.has_key(key)

    def __iter__(self) -> Iterator[str]:
        return self._spill.keys()

    def __len__(self) -> int:
        return len(self._spill)


def keyed(records: Sequence[T], key: Callable[[T], str]) -> Mapping[str, T]:
    """`records` by key: a spill's own lookup (nothing loaded), else a dict."""
    if isinstance(records, Spill):
        return records.by_key()
    return {key(record): record for record in records}
