"""Line-level scoring of `clean` against hand labels (`tests/data/seeds_clean_gold.tsv`).

A line is *removed* when `clean` takes the whole line out; the positive class is removal.
Precision: removed lines that should go; recall: lines that should go that were removed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from newsfuse.clean import clean, normalise_line, split_paragraphs
from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.model import Article
from newsfuse.read import read

__all__ = ["CleanScore", "LineLabel", "load_line_labels", "score_clean"]

KEEP = "keep"


@dataclass(frozen=True, slots=True)
class LineLabel:
    article_id: str
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class LineOutcome:
    article_id: str
    text: str
    expected: str
    predicted: str


@dataclass(frozen=True, slots=True)
class CleanScore:
    lines: int
    true_positives: int
    false_positives: int
    false_negatives: int
    reason_agreement: float
    errors: tuple[LineOutcome, ...]

    @property
    def precision(self) -> float:
        removed = self.true_positives + self.false_positives
        return self.true_positives / removed if removed else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0


def load_line_labels(path: Path) -> list[LineLabel]:
    """Rows `article<TAB>occurrence<TAB>label<TAB>line`; `#` lines are comments."""
    labels = []
    for number, row in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not row.strip() or row.startswith("#"):
            continue
        fields = row.split("\t", 3)
        if len(fields) != 4:
            raise InputError(f"{path}:{number}", "expected 4 tab-separated fields")
        labels.append(LineLabel(fields[0], fields[2], fields[3]))
    return labels


def score_clean(
    labels: Iterable[LineLabel], inputs: Iterable[Path], *, settings: Settings | None = None
) -> CleanScore:
    """Clean the labelled articles and compare, line by line, with the labels."""
    settings = settings or Settings()
    articles = {
        item.id: item for item in read(inputs, settings=settings.read) if isinstance(item, Article)
    }
    by_article: dict[str, list[LineLabel]] = {}
    for label in labels:
        by_article.setdefault(label.article_id, []).append(label)
    outcomes: list[LineOutcome] = []
    for article_id, expected in by_article.items():
        if article_id not in articles:
            raise InputError(article_id, "labelled article not found among the inputs")
        outcomes += _compare(clean(articles[article_id], settings=settings.clean), expected)
    return _score(outcomes)


def _compare(cleaned: Article, expected: list[LineLabel]) -> list[LineOutcome]:
    lines = split_paragraphs(cleaned.text)
    if [normalise_line(line) for line in lines] != [
        normalise_line(label.text) for label in expected
    ]:
        raise InputError(cleaned.origin, "labels do not match the article's lines")
    whole_line = {
        r.paragraph: r.reason.value for r in cleaned.removals if r.text == lines[r.paragraph]
    }
    return [
        LineOutcome(cleaned.id, label.text, label.label, whole_line.get(index, KEEP))
        for index, label in enumerate(expected)
    ]


def _score(outcomes: list[LineOutcome]) -> CleanScore:
    tp = sum(o.expected != KEEP and o.predicted != KEEP for o in outcomes)
    fp = sum(o.expected == KEEP and o.predicted != KEEP for o in outcomes)
    fn = sum(o.expected != KEEP and o.predicted == KEEP for o in outcomes)
    agreeing = sum(
        o.expected == o.predicted for o in outcomes if o.expected != KEEP and o.predicted != KEEP
    )
    return CleanScore(
        lines=len(outcomes),
        true_positives=tp,
        false_positives=fp,
        false_negatives=fn,
        reason_agreement=agreeing / tp if tp else 1.0,
        errors=tuple(o for o in outcomes if o.expected != o.predicted),
    )
