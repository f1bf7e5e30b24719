"""Pair scoring of families against hand-labelled pairs (`tests/data/reuters_family_pairs.tsv`).

Each labelled pair says whether two articles are one family (`same`) or not (`different`).
The positive class is *same family*: precision is the share of pairs put in one family that
should be, recall the share of `same` pairs put in one family. Pairs naming an article absent
from the prediction are left out and counted, so a partial run cannot look better than it is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.dedupe import dedupe
from newsfuse.errors import InputError
from newsfuse.runners.local import read_clean

__all__ = [
    "FamilyScore",
    "PairLabel",
    "dedupe_families",
    "load_family_labels",
    "load_pair_labels",
    "score_pairs",
]

SAME = "same"
DIFFERENT = "different"


@dataclass(frozen=True, slots=True)
class PairLabel:
    """Two article ids, whether a reader found them one family, and what the texts are."""

    first: str
    second: str
    same: bool
    reason: str = ""


@dataclass(frozen=True, slots=True)
class FamilyScore:
    """Pair counts of a prediction against the labels; `errors` are the pairs it got wrong."""

    pairs: int
    true_positives: int
    false_positives: int
    false_negatives: int
    true_negatives: int
    missing_ids: tuple[str, ...]
    errors: tuple[PairLabel, ...]

    @property
    def scored(self) -> int:
        return (
            self.true_positives + self.false_positives + self.false_negatives + self.true_negatives
        )

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> str:
        return (
            f"family pairs: precision {self.precision:.4f} recall {self.recall:.4f} "
            f"F1 {self.f1:.4f} · {self.pairs} pairs labelled, {self.scored} scored "
            f"(tp {self.true_positives}, fp {self.false_positives}, fn {self.false_negatives}, "
            f"tn {self.true_negatives}), {self.pairs - self.scored} left out for "
            f"{len(self.missing_ids)} missing ids"
        )


def score_pairs(labels: Sequence[PairLabel], family_of: Mapping[str, str]) -> FamilyScore:
    """Compare each labelled pair with `family_of` (article id → family id)."""
    counts = {(True, True): 0, (False, True): 0, (True, False): 0, (False, False): 0}
    missing: set[str] = set()
    errors: list[PairLabel] = []
    for label in labels:
        absent = [i for i in (label.first, label.second) if i not in family_of]
        if absent:
            missing.update(absent)
            continue
        predicted = family_of[label.first] == family_of[label.second]
        counts[(predicted, label.same)] += 1
        if predicted != label.same:
            errors.append(label)
    if not any(counts.values()):
        raise InputError("families", "no labelled pair has both ids in the prediction")
    return FamilyScore(
        pairs=len(labels),
        true_positives=counts[(True, True)],
        false_positives=counts[(True, False)],
        false_negatives=counts[(False, True)],
        true_negatives=counts[(False, False)],
        missing_ids=tuple(sorted(missing)),
        errors=tuple(errors),
    )


def load_pair_labels(path: Path) -> list[PairLabel]:
    """Rows `first<TAB>second<TAB>same|different[<TAB>reason]`; `#` lines are comments."""
    labels = []
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t", 3)
        if len(fields) < 3 or fields[2] not in (SAME, DIFFERENT):
            raise InputError(
                f"{path}:{number}", "expected `first<TAB>second<TAB>same|different<TAB>reason`"
            )
        reason = fields[3] if len(fields) == 4 else ""
        labels.append(PairLabel(fields[0], fields[1], fields[2] == SAME, reason))
    return labels


def load_family_labels(path: Path) -> dict[str, str]:
    """Article id → family id from `families.jsonl` (`family_id`, `members`) or from
    `articles.jsonl` (`id`, `family`), both as `newsfuse run` writes them."""
    labels: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if "members" in record:
                labels.update(dict.fromkeys(record["members"], record["family_id"]))
            else:
                labels[record["id"]] = record["family"] or record["id"]
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}", f"not a family or article line: {exc}") from exc
    return labels


def dedupe_families(inputs: Iterable[Path], *, settings: Settings | None = None) -> dict[str, str]:
    """Read, clean and dedupe INPUTs in one go; article id → family id.

    On Reuters-21578 this gives the same 609 multi-member families as `newsfuse run`.
    """
    settings = settings or Settings()
    cleaned = read_clean(inputs, settings)
    if not cleaned:
        raise InputError("inputs", "no readable article")
    result = dedupe(cleaned, settings=settings.dedupe)
    return {article.id: article.family or article.id for article in result.articles}
