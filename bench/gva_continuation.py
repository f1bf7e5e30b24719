"""How much of gva-dev's grouping recall is lost across the stream window, and whether a
closed story's follow-ups (charges, pleas, trials weeks later) can be told from other
incidents by the names they share.

Groups gva-dev with the default settings, then reports:
- B-cubed as grouped, and as an oracle would make it by joining the stories of one incident
  that lie more than `window_days` apart (the most a continuation rule could gain);
- the day gaps of the same-incident article pairs that were split;
- for each story that starts more than `window_days` after another one ends (up to
  `--max-gap` days), the earlier story whose articles share the most distinctive names
  (the best pair's cosine of the names channel, IDF over the whole set), ranked by that
  cosine: how many of those best matches are the same incident, at each depth.

    python bench/gva_continuation.py [--max-gap 90]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from newsfuse.cluster import group_stories
from newsfuse.cluster.signature import Channel, Signature, sign
from newsfuse.config import Settings
from newsfuse.evaluate.clusters import bcubed, load_gold_labels
from newsfuse.runners.local import read_clean

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "gva-dev"


def names_cosines(signatures: list[Signature], bits: int) -> npt.NDArray[np.float64]:
    """Article × article cosine of the names channel, sublinear TF × smoothed IDF."""
    count = len(signatures)
    frequency = Counter(term for s in signatures for term in s.channels[Channel.NAMES])
    rows: list[int] = []
    cols: list[int] = []
    values: list[float] = []
    for row, signature in enumerate(signatures):
        weights = {
            term: (1 + math.log(c)) * (math.log((1 + count) / (1 + frequency[term])) + 1)
            for term, c in signature.channels[Channel.NAMES].items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for term, weight in weights.items():
            rows.append(row)
            cols.append(term)
            values.append(weight / norm)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(count, 1 << bits))
    return np.asarray((matrix @ matrix.T).toarray())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-gap", type=int, default=90, help="days (default 90)")
    args = parser.parse_args()
    settings = Settings()
    window = settings.group.window_days
    articles = read_clean([DATA / "articles.jsonl"], settings)
    gold_all = load_gold_labels(DATA / "gold.tsv")
    stories = group_stories(articles, settings=settings.group)
    predicted = {a: s.story_id for s in stories for a in s.article_ids}
    gold = {a: g for a, g in gold_all.items() if a in predicted}
    by_id = {a.id: a for a in articles}
    print(f"as grouped: {bcubed(gold, predicted).summary()}")

    spans: dict[str, tuple[dt.date, dt.date]] = {}
    for story in stories:
        days = [d for a in story.article_ids if (d := by_id[a].published_date) is not None]
        if days:
            spans[story.story_id] = (min(days), max(days))
    parent: dict[str, str] = {}

    def root(story_id: str) -> str:
        while parent.get(story_id, story_id) != story_id:
            story_id = parent[story_id]
        return story_id

    by_incident: defaultdict[str, set[str]] = defaultdict(set)
    for article, incident in gold.items():
        by_incident[incident].add(predicted[article])
    for story_ids in by_incident.values():
        dated = sorted(s for s in story_ids if s in spans)
        for i, first in enumerate(dated):
            for second in dated[i + 1 :]:
                (a0, a1), (b0, b1) = spans[first], spans[second]
                if max((b0 - a1).days, (a0 - b1).days) > window:
                    parent[root(first)] = root(second)
    oracle = {a: root(s) for a, s in predicted.items()}
    print(
        f"oracle joining one incident's stories over {window} days apart: "
        f"{bcubed(gold, oracle).summary()}"
    )

    members: defaultdict[str, list[str]] = defaultdict(list)
    for article, incident in gold.items():
        members[incident].append(article)
    gaps: Counter[str] = Counter()
    for ids in members.values():
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                da, db = by_id[a].published_date, by_id[b].published_date
                if predicted[a] != predicted[b] and da and db:
                    gap = abs((da - db).days)
                    gaps[f"{gap}" if gap <= window else f">{window}"] += 1
    order = [*(str(d) for d in range(window + 1)), f">{window}"]
    print(
        "split same-incident pairs by day gap: " + ", ".join(f"{key}: {gaps[key]}" for key in order)
    )

    ids = [a for s in stories for a in s.article_ids]
    index = {a: i for i, a in enumerate(ids)}
    bits = settings.group.hash_bits
    cosines = names_cosines([sign(by_id[a], hash_bits=bits) for a in ids], bits)
    label = {
        s.story_id: Counter(gold.get(a) for a in s.article_ids).most_common(1)[0][0]
        for s in stories
    }
    rows = {s.story_id: [index[a] for a in s.article_ids] for s in stories}
    best: dict[str, tuple[float, bool]] = {}
    for later in stories:
        if later.story_id not in spans:
            continue
        for earlier in stories:
            if earlier.story_id not in spans:
                continue
            gap = (spans[later.story_id][0] - spans[earlier.story_id][1]).days
            if not window < gap <= args.max_gap:
                continue
            score = float(cosines[np.ix_(rows[earlier.story_id], rows[later.story_id])].max())
            if score > best.get(later.story_id, (-1.0, False))[0]:
                best[later.story_id] = (score, label[earlier.story_id] == label[later.story_id])
    ranked = sorted(best.values(), key=lambda item: -item[0])
    agreeing = np.cumsum([ok for _, ok in ranked])
    print(
        f"later stories with an earlier candidate {window + 1}-{args.max_gap} days before: "
        f"{len(ranked)}; best candidate by names cosine, same incident at depth:"
    )
    for depth in (10, 25, 50, 100, 200):
        if depth <= len(ranked):
            print(
                f"  top {depth}: {int(agreeing[depth - 1])} same "
                f"(cosine >= {ranked[depth - 1][0]:.2f})"
            )


if __name__ == "__main__":
    main()
