"""Extraction scored against hand-written expectations (tests/data/seeds_extract_gold.json).

Per category, precision and recall:

- entities: a gold entity is found when exactly one predicted entity holds its aliases and
  that entity holds no other gold entity's alias (a split or a merge is a miss); a
  predicted entity is right when it is the one found for a gold entity. Type agreement is
  reported apart, on coarse types (PERSON, ORG, PLACE = GPE/LOC/FAC, OTHER);
- times: gold and predicted date expressions (durations left out) pair up in text order
  when one's words contain the other's; a pair is right when both give the same day (or
  both leave it unresolved);
- quantities: casualty, drone, aircraft and passenger counts (predictions outside those
  categories are not scored); right when value and qualifier agree, and noun and
  predicate where the gold names them;
- quotes: paired by article and words; right when the speaker is one the gold accepts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsfuse.extract.story import resolve_speaker
from newsfuse.model import ArticleAnnotations, Entity, StoryExtraction

__all__ = ["CategoryScore", "ExtractScore", "load_gold", "score_extraction"]

#: Counted nouns and predicates in the gold's scope: casualties, drones, aircraft,
#: passengers. A prediction is scored only when its noun or predicate is one of these.
SCORED_NOUNS = frozenset(
    """people persons civilians soldiers fatalities deaths dead casualties victims injuries
    injured wounded passengers drones uavs aircraft warplanes planes jets bombers
    helicopters carriers""".split()
)
SCORED_PREDICATES = frozenset("killed injured wounded dead hit downed used".split())


@dataclass(frozen=True, slots=True)
class CategoryScore:
    name: str
    true_positives: int
    predicted: int
    gold: int
    errors: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    def summary(self) -> str:
        return (
            f"{self.name:<10} precision {self.precision:.3f} recall {self.recall:.3f} "
            f"({self.true_positives} right of {self.predicted} predicted, {self.gold} gold)"
        )


@dataclass(frozen=True, slots=True)
class ExtractScore:
    categories: tuple[CategoryScore, ...]
    type_agreement: float

    def summary(self) -> str:
        lines = [c.summary() for c in self.categories]
        lines.append(f"entity type agreement on found entities {self.type_agreement:.3f}")
        return "\n".join(lines)


def load_gold(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def score_extraction(
    gold: dict[str, Any], annotations: Sequence[ArticleAnnotations], story: StoryExtraction
) -> ExtractScore:
    """Score one story's extraction against the gold expectations."""
    entities, agreement = _score_entities(gold["entities"], story.entities)
    return ExtractScore(
        categories=(
            entities,
            _score_times(gold["times"], annotations),
            _score_quantities(gold["quantities"], annotations),
            _score_quotes(gold["quotes"], annotations, story.entities, gold["entities"]),
        ),
        type_agreement=agreement,
    )


def _norm(text: str) -> str:
    text = text.replace("’", "'").lower().strip()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"'s$", "", text)


def _coarse(label: str) -> str:
    if label in {"GPE", "LOC", "FAC", "PLACE"}:
        return "PLACE"
    return label if label in {"PERSON", "ORG"} else "OTHER"


def _score_entities(
    gold: list[dict[str, Any]], predicted: Sequence[Entity]
) -> tuple[CategoryScore, float]:
    alias_of = {_norm(a): i for i, g in enumerate(gold) for a in g["aliases"]}
    holders: dict[int, set[int]] = {}  # gold index -> predicted entities holding an alias
    held: dict[int, set[int]] = {}  # predicted index -> gold entities it holds
    for p, entity in enumerate(predicted):
        for alias in (entity.name, *entity.aliases):
            g = alias_of.get(_norm(alias))
            if g is not None:
                holders.setdefault(g, set()).add(p)
                held.setdefault(p, set()).add(g)
    found = {
        g: next(iter(ps))
        for g, ps in holders.items()
        if len(ps) == 1 and held[next(iter(ps))] == {g}
    }
    errors = [
        f"missed or split/merged: {gold[g]['name']}" for g in range(len(gold)) if g not in found
    ]
    right = set(found.values())
    errors += [
        f"not in gold (or split/merged): {e.name} ({e.type})"
        for p, e in enumerate(predicted)
        if p not in right
    ]
    agree = sum(_coarse(predicted[p].type) == _coarse(gold[g]["type"]) for g, p in found.items())
    errors += [
        f"type: {gold[g]['name']} is {gold[g]['type']}, predicted {predicted[p].type}"
        for g, p in found.items()
        if _coarse(predicted[p].type) != _coarse(gold[g]["type"])
    ]
    score = CategoryScore("entities", len(found), len(predicted), len(gold), tuple(errors))
    return score, agree / len(found) if found else 1.0


def _pair_in_order(gold_texts: list[str], predicted_texts: list[str]) -> list[tuple[int, int]]:
    """Greedy pairing in text order by word containment."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for g, gold_text in enumerate(gold_texts):
        a = _norm(gold_text)
        for p, text in enumerate(predicted_texts):
            b = _norm(text)
            if p not in used and (a in b or b in a):
                pairs.append((g, p))
                used.add(p)
                break
    return pairs


def _unpaired(
    article_id: str,
    what: str,
    expected: list[str],
    predicted: list[str],
    paired: list[tuple[int, int]],
) -> list[str]:
    """Error lines for what was found but not expected, and expected but not found."""
    found = {p for _, p in paired}
    wanted = {g for g, _ in paired}
    return [
        f"{article_id} extra {what}{text!r}" for p, text in enumerate(predicted) if p not in found
    ] + [
        f"{article_id} missed {what}{text!r}" for g, text in enumerate(expected) if g not in wanted
    ]


def _score_times(
    gold: list[dict[str, Any]], annotations: Sequence[ArticleAnnotations]
) -> CategoryScore:
    right = predicted = 0
    errors: list[str] = []
    for annotation in annotations:
        expected = [g for g in gold if g["article"] == annotation.article_id]
        times = [t for t in annotation.times if t.kind != "duration"]
        predicted += len(times)
        paired = _pair_in_order([g["text"] for g in expected], [t.text for t in times])
        for g, p in paired:
            first = times[p].first
            got = first.isoformat() if first else None
            if got == expected[g]["date"]:
                right += 1
            else:
                errors.append(
                    f"{annotation.article_id} {expected[g]['text']!r}: expected "
                    f"{expected[g]['date']}, got {got} ({times[p].reason or times[p].text})"
                )
        errors += _unpaired(
            annotation.article_id,
            "",
            [g["text"] for g in expected],
            [t.text for t in times],
            paired,
        )
    return CategoryScore("times", right, predicted, len(gold), tuple(errors))


def _score_quantities(
    gold: list[dict[str, Any]], annotations: Sequence[ArticleAnnotations]
) -> CategoryScore:
    right = predicted = 0
    errors: list[str] = []
    for annotation in annotations:
        expected = [g for g in gold if g["article"] == annotation.article_id]
        scored = [
            q
            for q in annotation.quantities
            if q.noun in SCORED_NOUNS or q.predicate in SCORED_PREDICATES
        ]
        predicted += len(scored)
        taken: set[int] = set()
        for q in scored:
            match = next(
                (
                    i
                    for i, g in enumerate(expected)
                    if i not in taken
                    and g["value"] == q.value
                    and g["qualifier"] == q.qualifier
                    and g["noun"] in {None, q.noun}
                    and g["predicate"] in {None, q.predicate}
                ),
                None,
            )
            if match is None:
                errors.append(f"{annotation.article_id} wrong or extra: {q.text!r} → {q.what}")
            else:
                taken.add(match)
                right += 1
        errors += [
            f"{annotation.article_id} missed {g['value']} {g['noun']} {g['predicate']}"
            for i, g in enumerate(expected)
            if i not in taken
        ]
    return CategoryScore("quantities", right, predicted, len(gold), tuple(errors))


def _score_quotes(
    gold: list[dict[str, Any]],
    annotations: Sequence[ArticleAnnotations],
    entities: Sequence[Entity],
    gold_entities: list[dict[str, Any]],
) -> CategoryScore:
    # A gold speaker named by its entity's name is also right under any of its aliases.
    aliases = {_norm(e["name"]): {_norm(a) for a in e["aliases"]} for e in gold_entities}
    right = predicted = 0
    errors: list[str] = []
    for annotation in annotations:
        expected = [g for g in gold if g["article"] == annotation.article_id]
        quotes = list(annotation.quotes)
        predicted += len(quotes)
        paired = _pair_in_order([g["text"] for g in expected], [q.text for q in quotes])
        for g, p in paired:
            said = quotes[p].speaker
            speaker = resolve_speaker(said, entities) if said else None
            accepted = expected[g]["speaker"]
            names = {
                alias
                for name in accepted or ()
                for alias in aliases.get(_norm(name), set()) | {_norm(name)}
            }
            if (accepted is None and speaker is None) or (
                speaker is not None and _norm(speaker) in names
            ):
                right += 1
            else:
                errors.append(
                    f"{annotation.article_id} {expected[g]['text'][:40]!r}: speaker "
                    f"{speaker!r}, expected {accepted}"
                )
        errors += _unpaired(
            annotation.article_id,
            "quote ",
            [g["text"][:40] for g in expected],
            [q.text[:40] for q in quotes],
            paired,
        )
    return CategoryScore("quotes", right, predicted, len(gold), tuple(errors))
