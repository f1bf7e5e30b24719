"""Stable ids and grouping by union-find, shared by the stages that form groups.

Ids are hashes of what identifies a thing, so a re-run (or a shard of a distributed run)
on the same input names things the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable, Iterator
from typing import Generic, TypeVar

__all__ = ["UnionFind", "stable_id"]

K = TypeVar("K", bound=Hashable)


def stable_id(*parts: str) -> str:
    """A short id that is the same on every run for the same identifying parts."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:16]


class UnionFind(Generic[K]):
    """Disjoint sets over `items`; each set is named by its smallest member (order-free)."""

    def __init__(self, items: Iterable[K]) -> None:
        self._parent: dict[K, K] = {item: item for item in items}

    def __iter__(self) -> Iterator[K]:
        """Every item, in the order first given."""
        return iter(self._parent)

    def find(self, item: K) -> K:
        """The smallest member of `item`'s set (path-halving keeps chains short)."""
        parent = self._parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, first: K, second: K) -> None:
        """Join the sets of `first` and `second` under the smaller root."""
        a, b = self.find(first), self.find(second)
        if a != b:
            low, high = sorted((a, b))  # type: ignore[type-var]
            self._parent[high] = low
