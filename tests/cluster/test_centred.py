"""The stage-2 lead cosine is taken relative to the topic's mean direction."""

from __future__ import annotations

import numpy as np

from newsfuse.cluster.embed import LeadEmbedder
from newsfuse.cluster.signature import Signature
from newsfuse.cluster.stream import _centred_cosines


def _node(name: str, lead: np.ndarray | None) -> Signature:
    vector = None if lead is None else (lead / np.linalg.norm(lead)).astype(np.float32)
    return Signature(name, None, ({}, {}, {}, {}), frozenset(), {}, vector)


def _axis(index: int) -> np.ndarray:
    vector = np.zeros(LeadEmbedder.dimensions)
    vector[index] = 1.0
    return vector


def test_what_the_whole_topic_shares_no_longer_counts() -> None:
    # Two events of one kind: every lead is mostly the shared topic direction (axis 0).
    shared = 3 * _axis(0)
    nodes = [_node(f"a{i}", shared + _axis(1) + 0.1 * _axis(10 + i)) for i in range(4)] + [
        _node(f"b{i}", shared + _axis(2) + 0.1 * _axis(20 + i)) for i in range(4)
    ]
    plain = np.stack([n.lead for n in nodes if n.lead is not None]).astype(np.float64)
    assert (plain @ plain.T).min() > 0.8  # the raw model cannot tell the events apart
    centred = _centred_cosines(nodes, prior=0.0)
    assert centred[0, 1] > 0.5  # same event
    assert centred[4, 5] > 0.5
    assert centred[0, 4] < 0  # the other event


def test_a_small_group_is_not_pushed_apart_by_its_own_mean() -> None:
    nodes = [_node("a", 3 * _axis(0) + _axis(1)), _node("b", 3 * _axis(0) + _axis(2))]
    assert _centred_cosines(nodes, prior=0.0)[0, 1] < -0.99  # without the prior: opposite
    assert _centred_cosines(nodes, prior=5.0)[0, 1] > 0.5


def test_an_article_without_a_lead_stays_at_zero() -> None:
    nodes = [_node("a", _axis(0) + _axis(1)), _node("b", _axis(0)), _node("c", None)]
    products = _centred_cosines(nodes, prior=5.0)
    assert products[2].tolist() == [0.0, 0.0, 0.0]
    assert np.isfinite(products).all()
