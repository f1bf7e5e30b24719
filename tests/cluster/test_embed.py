"""The embedding models: the static table that ships in newsfuse, MiniLM in bfloat16, and
fusion's bulk sentence vectors."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from newsfuse.cluster.embed import LeadEmbedder, StaticEmbedder, load_embedder, share_cores
from newsfuse.config import load_settings
from newsfuse.errors import ConfigError
from newsfuse.fuse.vectors import SentenceVectors

# From the seeds: two wordings of the call (000 and 002), and a sentence on another matter.
CALL = (
    "Russian Foreign Minister Sergey Lavrov has held a telephone conversation with U.S. "
    "Secretary of State Marco Rubio to discuss the ongoing crisis in Ukraine."
)
CALL_AGAIN = "Lavrov and Rubio spoke by phone about the war in Ukraine, the Russian ministry said."
OTHER = "The central bank left its key interest rate unchanged at 21 percent on Friday."


@pytest.fixture(scope="module")
def static() -> StaticEmbedder:
    return StaticEmbedder()


def test_the_shipped_static_model_loads_offline_and_gives_unit_vectors(
    static: StaticEmbedder,
) -> None:
    vectors = static.encode([CALL, CALL_AGAIN, OTHER, ""])
    assert vectors.shape == (4, 256)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()  # no word piece: zeros, not NaN


def test_static_vectors_put_one_event_closer_than_another_matter(static: StaticEmbedder) -> None:
    call, again, other = static.encode([CALL, CALL_AGAIN, OTHER])
    assert float(call @ again) > float(call @ other) + 0.1


def test_minilm_in_bfloat16_agrees_with_float32() -> None:
    texts = [CALL, CALL_AGAIN, OTHER]
    wide = LeadEmbedder(bfloat16=False).encode(texts)
    narrow = LeadEmbedder(bfloat16=True).encode(texts)
    assert np.all(np.sum(wide * narrow, axis=1) > 0.99)
    assert np.abs(wide @ wide.T - narrow @ narrow.T).max() < 0.01
    assert np.allclose(np.linalg.norm(narrow, axis=1), 1.0, atol=1e-5)


def test_minilm_float32_is_a_model_name_of_its_own() -> None:
    embedder = load_embedder("minilm-float32")
    assert isinstance(embedder, LeadEmbedder)
    assert embedder.name == "minilm-float32"
    assert not embedder.bfloat16


def test_an_unknown_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown embedding model 'bert'"):
        load_embedder("bert")
    config = tmp_path / "settings.toml"
    config.write_text('[fuse]\nembedding_model = "bert"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"settings.toml \[fuse\]: embedding_model must be"):
        load_settings(config)


class _Counting:
    """The static model, counting the texts it is asked to encode."""

    def __init__(self) -> None:
        self.inner = StaticEmbedder()
        self.name, self.dimensions = self.inner.name, self.inner.dimensions
        self.asked: list[str] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.asked.extend(texts)
        return self.inner.encode(texts)


def test_sentence_vectors_encode_each_distinct_text_once() -> None:
    model = _Counting()
    vectors = SentenceVectors(model)
    vectors.prime([CALL, CALL_AGAIN, CALL])
    got = vectors.encode([CALL_AGAIN, OTHER, CALL])
    assert sorted(model.asked) == sorted([CALL, CALL_AGAIN, OTHER])
    assert np.allclose(got, model.inner.encode([CALL_AGAIN, OTHER, CALL]))
    vectors.clear()
    assert len(vectors) == 0


def test_minilm_sees_few_shapes_and_gives_sentence_transformers_vectors() -> None:
    """Batches padded to fixed shapes (so torch's memory stops growing with each new
    shape) give the vectors the model gives padded as sentence-transformers pads."""
    import torch

    embedder = LeadEmbedder(bfloat16=False)
    words = (CALL + " " + CALL_AGAIN + " " + OTHER).split()
    # 150 texts of 1 to 60 words: as many lengths as a day's sentences have.
    texts = [" ".join(words[: 1 + index % 60]) for index in range(150)] + [""]
    model = embedder._load()
    shapes: set[tuple[int, ...]] = set()
    hook = model[0].register_forward_pre_hook(
        lambda _module, inputs: shapes.add(tuple(inputs[0]["input_ids"].shape))
    )
    try:
        vectors = embedder.encode(texts)
    finally:
        hook.remove()
    assert shapes <= {(rows, length) for rows in (16, 32, 48, 64) for length in (16, 32, 48, 64)}
    assert len(shapes) <= 3  # 151 texts, 3 batches of 64: one shape each at most
    with torch.inference_mode():
        theirs = model.encode(texts, batch_size=64, convert_to_numpy=True)
    theirs /= np.linalg.norm(theirs, axis=1, keepdims=True)
    assert vectors.shape == (151, 384)
    assert np.all(np.sum(vectors * theirs, axis=1) > 0.9999)


def test_minilm_takes_the_cores_back_once_the_workers_are_done() -> None:
    """While annotation workers run, lead encoding keeps to one torch thread; after they
    are done (the tail of grouping at 100k), it encodes on every thread again."""
    import torch

    default = torch.get_num_threads()
    torch.set_num_threads(max(default, 2))
    model = LeadEmbedder()
    threads_seen: list[int] = []

    class Counting:
        name, dimensions = model.name, model.dimensions

        def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
            threads_seen.append(torch.get_num_threads())
            return model.encode(texts)

    workers_running = True
    try:
        with share_cores(Counting(), lambda: workers_running) as shared:
            assert shared is not None
            shared.encode(["Two bridges collapsed in Bryansk."])
            workers_running = False
            shared.encode(["The toll rose to seven."])
        assert threads_seen == [1, max(default, 2)]
        assert torch.get_num_threads() == max(default, 2)
    finally:
        torch.set_num_threads(default)
