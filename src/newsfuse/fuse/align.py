"""Align statements that report the same fact across a story's articles.

Each pair of statements from different articles gets a similarity from four signals:
the cosine of their sentence embeddings (paraphrase), the TF-IDF cosine of their content
words (IDF counted within the story, so what every sentence of the story says weighs
little), the IDF-weighted cosine of the canonical entities they name, and the quantities
and quotes they share. Average-link over that graph forms the facts: a round-up sentence
touching two facts does not chain them into one.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse

from newsfuse.cluster.linkage import average_link
from newsfuse.config import FuseSettings
from newsfuse.fuse.quantities import count_kind
from newsfuse.fuse.statements import Statement

__all__ = [
    "Alignment",
    "PairScores",
    "PairSignals",
    "align_statements",
    "pair_signals",
    "score_pairs",
    "weigh",
]

Matrix = npt.NDArray[np.float32]
Encoder = Callable[[Sequence[str]], Matrix]


@dataclass(frozen=True, slots=True)
class PairScores:
    """Statement × statement similarities; `context` leaves out shared numbers and quotes
    (what conflict detection compares: the same event told with different figures)."""

    combined: Matrix
    context: Matrix


@dataclass(frozen=True, slots=True)
class Alignment:
    """One fact: the statements (indexes into the story's statement list) that report it,
    the one that words it best, and the mean similarity holding it together."""

    members: tuple[int, ...]
    representative: int
    cohesion: float


@dataclass(frozen=True, slots=True)
class PairSignals:
    """The separate similarities of every two statements, before they are weighed."""

    embedding: Matrix | None
    words: Matrix
    entities: Matrix
    numbers: Matrix
    quotes: Matrix
    same_article: npt.NDArray[np.bool_]


def pair_signals(
    statements: Sequence[Statement], encode: Encoder | None, settings: FuseSettings
) -> PairSignals:
    embedding = None
    if encode is not None and statements:
        vectors = encode([s.text for s in statements])
        embedding = np.clip(vectors @ vectors.T, 0.0, 1.0).astype(np.float32)
    codes = {
        article: code
        for code, article in enumerate(dict.fromkeys(s.article_id for s in statements))
    }
    articles = np.array([codes[s.article_id] for s in statements], dtype=np.int64)
    return PairSignals(
        embedding=embedding,
        words=_tfidf_cosine([s.words for s in statements]),
        entities=_tfidf_cosine([s.entities for s in statements]),
        numbers=_shared_numbers(statements),
        quotes=_shared_quotes(statements, settings.min_quote_words),
        same_article=articles[:, None] == articles[None, :],
    )


def weigh(signals: PairSignals, settings: FuseSettings) -> PairScores:
    """The weighed similarities; pairs from one article are 0 (an article does not
    corroborate itself)."""
    parts = [(settings.word_weight, signals.words), (settings.entity_weight, signals.entities)]
    if signals.embedding is not None:
        parts.append((settings.embedding_weight, signals.embedding))
    total = sum(weight for weight, _ in parts)
    context = sum(weight * matrix for weight, matrix in parts) / total
    combined = np.maximum(
        context + settings.number_bonus * signals.numbers,
        signals.quotes * settings.quote_similarity,
    ).astype(np.float32)
    context = np.asarray(context, dtype=np.float32)
    combined[signals.same_article] = 0.0
    context[signals.same_article] = 0.0
    return PairScores(combined, context)


def score_pairs(
    statements: Sequence[Statement], encode: Encoder | None, settings: FuseSettings
) -> PairScores:
    """Similarities of every two statements (see `weigh`)."""
    if not statements:
        empty = np.zeros((0, 0), dtype=np.float32)
        return PairScores(empty, empty)
    return weigh(pair_signals(statements, encode, settings), settings)


def align_statements(scores: PairScores, settings: FuseSettings) -> list[Alignment]:
    """Facts by average link at `align_similarity`, each with its best-worded member."""
    combined = scores.combined
    size = combined.shape[0]
    # Pairs under half the threshold stay out of the graph (they count as 0 in the averages)
    # so a big story's graph stays sparse.
    rows, cols = np.nonzero(np.triu(combined >= settings.align_similarity / 2, k=1))
    graph = {(int(a), int(b)): float(combined[a, b]) for a, b in zip(rows, cols, strict=True)}
    groups = average_link(size, graph, threshold=settings.align_similarity)
    alignments = []
    for group in groups:
        if len(group) == 1:
            alignments.append(Alignment((group[0],), group[0], 1.0))
            continue
        block = combined[np.ix_(group, group)]
        mean_to_others = block.sum(axis=1) / (len(group) - 1)
        best = int(np.argmax(mean_to_others))
        pairs = len(group) * (len(group) - 1)
        alignments.append(Alignment(tuple(group), group[best], float(block.sum() / pairs)))
    return alignments


def _tfidf_cosine(bags: Sequence[frozenset[str]]) -> Matrix:
    """Cosine of IDF-weighted binary bags (IDF over the story's statements); the bags stay
    sparse (a 200-article story has ~8,000 statements over ~20,000 words)."""
    size = len(bags)
    frequency = Counter(term for bag in bags for term in bag)
    vocabulary = {term: index for index, term in enumerate(sorted(frequency))}
    rows, cols, values = [], [], []
    for row, bag in enumerate(bags):
        for term in bag:
            rows.append(row)
            cols.append(vocabulary[term])
            values.append(math.log((1 + size) / (1 + frequency[term])) + 1.0)
    matrix = sparse.csr_matrix(
        (np.asarray(values, dtype=np.float32), (rows, cols)),
        shape=(size, max(len(vocabulary), 1)),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    matrix = sparse.diags(1.0 / np.where(norms == 0, 1.0, norms)) @ matrix
    return np.asarray((matrix @ matrix.T).toarray(), dtype=np.float32)


def _shared_numbers(statements: Sequence[Statement]) -> Matrix:
    """1 where two statements give the same number (not a small count like "two") for the
    same kind of thing, or any same large number."""
    size = len(statements)
    keys: dict[tuple[float, str], list[int]] = {}
    for index, statement in enumerate(statements):
        for quantity in statement.quantities:
            if quantity.value < 3:
                continue
            keys.setdefault((quantity.value, count_kind(quantity) or ""), []).append(index)
    shared = np.zeros((size, size), dtype=np.float32)
    for (value, kind), members in keys.items():
        if not kind and value < 100:
            continue  # "12" alone says little; "388" or "12 killed" says a lot
        for first in members:
            shared[first, members] = 1.0
    return shared


def _shared_quotes(statements: Sequence[Statement], min_words: int) -> Matrix:
    size = len(statements)
    holders: dict[str, list[int]] = {}
    for index, statement in enumerate(statements):
        for quote in statement.quotes:
            if len(quote.split()) >= min_words:
                holders.setdefault(quote, []).append(index)
    shared = np.zeros((size, size), dtype=np.float32)
    for members in holders.values():
        for first in members:
            shared[first, members] = 1.0
    return shared
