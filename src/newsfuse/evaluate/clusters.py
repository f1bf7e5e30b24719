"""B-cubed scoring of stories against gold labels (`id<TAB>story` a line).

B-cubed (Bagga & Baldwin 1998) scores each article: precision is the share of its predicted
story that shares its gold story, recall the share of its gold story found in its predicted
story; both are averaged over articles. Articles absent from either side are left out and
counted, so a partial run cannot look better than it is.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from newsfuse.cluster import Embedder, group_stories
from newsfuse.config import GroupSettings
from newsfuse.errors import InputError
from newsfuse.model import Article
from newsfuse.text import first_sentence

__all__ = [
    "ClusterScore",
    "bcubed",
    "headlines_only",
    "load_gold_labels",
    "load_story_labels",
    "score_grouping",
]


@dataclass(frozen=True, slots=True)
class ClusterScore:
    precision: float
    recall: float
    articles: int
    gold_stories: int
    predicted_stories: int
    missing: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> str:
        return (
            f"B-cubed precision {self.precision:.4f} recall {self.recall:.4f} F1 {self.f1:.4f} · "
            f"{self.articles} articles, {self.gold_stories} gold stories, "
            f"{self.predicted_stories} predicted stories, {self.missing} gold articles unmatched"
        )


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> ClusterScore:
    """B-cubed precision and recall of `predicted` (id → story) against `gold` (id → story)."""
    shared = [article for article in gold if article in predicted]
    if not shared:
        raise InputError("stories", "no article id in common with the gold labels")
    pairs = Counter((gold[a], predicted[a]) for a in shared)
    gold_sizes = Counter(gold[a] for a in shared)
    predicted_sizes = Counter(predicted[a] for a in shared)
    precision = sum(n * n / predicted_sizes[p] for (_, p), n in pairs.items()) / len(shared)
    recall = sum(n * n / gold_sizes[g] for (g, _), n in pairs.items()) / len(shared)
    return ClusterScore(
        precision=precision,
        recall=recall,
        articles=len(shared),
        gold_stories=len(gold_sizes),
        predicted_stories=len(predicted_sizes),
        missing=len(gold) - len(shared),
    )


def load_gold_labels(path: Path) -> dict[str, str]:
    """`id<TAB>story` lines (a header line `id<TAB>story` is allowed)."""
    labels: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 2:
            raise InputError(f"{path}:{number}", "expected `id<TAB>story`")
        if number == 1 and fields[0] == "id":
            continue
        labels[fields[0]] = fields[1]
    return labels


def load_story_labels(path: Path) -> dict[str, str]:
    """Article id → story id from a `stories.jsonl` written by `newsfuse run`."""
    labels: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            story = json.loads(line)
            labels.update(dict.fromkeys(story["articles"], story["story_id"]))
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}", f"not a story line: {exc}") from exc
    return labels


def headlines_only(articles: Iterable[Article]) -> list[Article]:
    """Each article cut to its title (else its first sentence): a headline-only stream."""
    cut = []
    for article in articles:
        headline = article.title or (
            first_sentence(article.paragraphs[0]) if article.paragraphs else ""
        )
        if headline:
            cut.append(replace(article, text=headline, title=headline, paragraphs=()))
    return cut


def score_grouping(
    gold: Mapping[str, str],
    articles: Sequence[Article],
    *,
    settings: GroupSettings,
    embedder: Embedder | None = None,
) -> ClusterScore:
    """Group `articles` into stories and score them against `gold`."""
    stories = group_stories(articles, settings=settings, embedder=embedder)
    predicted = {
        article_id: story.story_id for story in stories for article_id in story.article_ids
    }
    return bcubed(gold, predicted)
