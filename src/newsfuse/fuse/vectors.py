"""Sentence vectors for fusion, computed in bulk across stories.

Encoding story by story hands the model a few sentences a call; encoding a batch of stories
at once lets it batch sentences of like length together (MiniLM on 1,504 Reuters
statements: 108 a second a story at a time, 145 in bulk, 2 threads), and a sentence that
copies of one dispatch repeat is encoded once (11% of the statements of 600 Reuters
articles).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

from newsfuse.cluster.embed import Embedder

__all__ = ["SentenceVectors"]

Matrix = npt.NDArray[np.float32]


class SentenceVectors:
    """An encoder for `fuse_story` that answers from vectors computed ahead (`prime`); a
    text not primed is encoded on demand and kept. `clear` drops them all (bounded memory:
    prime, fuse and clear a batch of stories at a time)."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self._known: dict[str, npt.NDArray[np.float32]] = {}

    def __len__(self) -> int:
        return len(self._known)

    def prime(self, texts: Iterable[str]) -> None:
        """Encode every distinct text not yet known, in one call."""
        missing = sorted({text for text in texts if text not in self._known})
        if missing:
            self._known.update(zip(missing, self._embedder.encode(missing), strict=True))

    def encode(self, texts: Sequence[str]) -> Matrix:
        self.prime(texts)
        if not texts:
            return np.zeros((0, self._embedder.dimensions), dtype=np.float32)
        return np.stack([self._known[text] for text in texts])

    def clear(self) -> None:
        self._known.clear()
