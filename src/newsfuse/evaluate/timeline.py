"""Timeline scoring as the field scores it, and the baseline it is held against.

Date F1 (the system's days against the journalists'), concatenated ROUGE-1/2 F1 (all the
timeline's words against all the gold's) and agreement ROUGE-1/2 F1 (n-grams matched only
within the same day) — Martschat and Markert 2017, as in their tilse package. Tokens are
lower-cased runs of letters and digits, no stemming, no stop words removed: the settings of
`../shared/tools/tls_score.py`, so the two agree to the last digit (a gold day given twice
counts its last entry there; so it does here). As the literature does,
each gold timeline sets how many days the system may give (its number of distinct days) and
how many sentences a day (its mean per day, rounded).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsfuse.errors import InputError
from newsfuse.model import Article
from newsfuse.text import split_sentences

__all__ = [
    "GoldTimeline",
    "TimelineScore",
    "baseline_timeline",
    "load_gold_timelines",
    "mean_score",
    "score_timeline",
    "texts_by_collection",
]

_TOKEN = re.compile(r"[a-z0-9]+")
_TERM = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# The baseline's lead: an article's first sentence of at least this many words.
LEAD_MIN_WORDS = 8

#: A timeline as scored: days, each with its sentences' texts.
DatedTexts = Sequence[tuple[dt.date, Sequence[str]]]


@dataclass(frozen=True, slots=True)
class GoldTimeline:
    collection: str
    name: str
    entries: tuple[tuple[dt.date, tuple[str, ...]], ...]

    @property
    def days(self) -> int:
        """Its distinct days: how many the system may give."""
        return len({day for day, _ in self.entries})

    @property
    def sentences_per_day(self) -> int:
        """Its sentences per distinct day, rounded (at least one)."""
        total = sum(len(sentences) for _, sentences in self.entries)
        return max(1, round(total / max(self.days, 1)))


@dataclass(frozen=True, slots=True)
class TimelineScore:
    date_f1: float
    concat_r1: float
    concat_r2: float
    agree_r1: float
    agree_r2: float

    def as_dict(self) -> dict[str, float]:
        return {
            "date_f1": self.date_f1,
            "concat_r1": self.concat_r1,
            "concat_r2": self.concat_r2,
            "agree_r1": self.agree_r1,
            "agree_r2": self.agree_r2,
        }


def load_gold_timelines(path: Path) -> list[GoldTimeline]:
    """Gold timelines, a JSON object a line: `collection`, `timeline`, `entries`
    (`[{"date": "YYYY-MM-DD", "sentences": [...]}]`)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read gold timelines: {exc}") from exc
    golds = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entries = tuple(
                (dt.date.fromisoformat(entry["date"][:10]), tuple(map(str, entry["sentences"])))
                for entry in row["entries"]
            )
            golds.append(GoldTimeline(str(row["collection"]), str(row["timeline"]), entries))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"{path}:{number}",
                "a gold timeline needs collection, timeline and entries of date and sentences"
                f" ({exc.__class__.__name__}: {exc})",
            ) from exc
    if not golds:
        raise InputError(str(path), "no gold timeline in the file")
    return golds


def score_timeline(gold: DatedTexts, system: DatedTexts) -> TimelineScore:
    """Date F1, concatenated and agreement ROUGE-1/2 F1 of `system` against `gold`."""
    # A gold day given twice keeps its last entry, as the reference scorer's does (its
    # gold is a dict by date), so the two agree to the last digit.
    gold_days = {day: " ".join(texts) for day, texts in gold}
    system_days = _joined_by_day(system)
    shared = set(gold_days) & set(system_days)
    scores = {"date_f1": _f1(len(shared), len(system_days) or 1, len(gold_days) or 1)}
    for n in (1, 2):
        gold_all = _grams(" ".join(gold_days.values()), n)
        system_all = _grams(" ".join(system_days.values()), n)
        scores[f"concat_r{n}"] = _f1(
            sum((gold_all & system_all).values()),
            sum(system_all.values()) or 1,
            sum(gold_all.values()) or 1,
        )
        matched = sum(
            sum((_grams(gold_days[day], n) & _grams(system_days[day], n)).values())
            for day in shared
        )
        scores[f"agree_r{n}"] = _f1(
            matched,
            sum(sum(_grams(text, n).values()) for text in system_days.values()) or 1,
            sum(sum(_grams(text, n).values()) for text in gold_days.values()) or 1,
        )
    return TimelineScore(**scores)


def mean_score(scores: Iterable[TimelineScore]) -> TimelineScore:
    """The macro mean over timelines."""
    rows = [score.as_dict() for score in scores]
    if not rows:
        raise ValueError("no timeline scores to average")
    return TimelineScore(**{key: sum(row[key] for row in rows) / len(rows) for key in rows[0]})


def _joined_by_day(timeline: DatedTexts) -> dict[dt.date, str]:
    days: dict[dt.date, list[str]] = defaultdict(list)
    for day, texts in timeline:
        days[day].extend(texts)
    return {day: " ".join(texts) for day, texts in days.items()}


def _grams(text: str, n: int) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text.lower())
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def _f1(overlap: int, system_total: int, gold_total: int) -> float:
    if not overlap:
        return 0.0
    precision, recall = overlap / system_total, overlap / gold_total
    return 2 * precision * recall / (precision + recall)


def baseline_timeline(articles: Iterable[Article], days: int) -> list[tuple[dt.date, list[str]]]:
    """The simple baseline of issue 18: the `days` busiest publication days, each told by
    its most central lead (the lead with the highest summed TF-IDF cosine to the day's
    others; TF sublinear, English stop words left out)."""
    leads: dict[dt.date, list[str]] = defaultdict(list)
    for article in articles:
        lead = _lead(article)
        if lead and article.published_date is not None:
            leads[article.published_date].append(lead)
    busiest = sorted(leads, key=lambda day: (-len(leads[day]), day))[:days]
    return [(day, [_most_central(leads[day])]) for day in sorted(busiest)]


def _lead(article: Article) -> str:
    text = article.body_text
    for paragraph in text.split("\n"):
        for sentence in split_sentences(paragraph):
            if len(sentence.split()) >= LEAD_MIN_WORDS:
                return sentence.strip()
    return ""


def _most_central(texts: Sequence[str]) -> str:
    if len(texts) == 1:
        return texts[0]
    counts = [
        Counter(t for t in _TERM.findall(text.lower()) if t not in STOP_WORDS) for text in texts
    ]
    frequency = Counter(term for count in counts for term in count)
    vocabulary = {term: i for i, term in enumerate(frequency)}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, count in enumerate(counts):
        for term, n in count.items():
            idf = math.log((1 + len(texts)) / (1 + frequency[term])) + 1
            matrix[row, vocabulary[term]] = (1 + math.log(n)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.where(norms == 0, 1, norms)
    return texts[int((matrix @ matrix.T).sum(axis=1).argmax())]


def texts_by_collection(path: Path) -> Mapping[str, list[dict[str, object]]]:
    """The records of a JSONL input grouped by their `collection` (a timeline17 layout)."""
    collections: dict[str, list[dict[str, object]]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}", f"not JSON: {exc}") from exc
        if not isinstance(row, dict) or not isinstance(row.get("collection"), str):
            raise InputError(f"{path}:{number}", "a record needs a `collection` string")
        collections[row["collection"]].append(row)
    return collections
