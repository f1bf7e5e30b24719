"""Where grouping's own time goes: `group_stories` on the `bench/pipeline.py` stream (read,
cleaned and deduplicated as `run` does), its lead vectors computed once beforehand so only
grouping is timed, under cProfile; prints the CPU seconds, the stories and the top of the
profile, and with --out writes the stories (sorted member lists) to compare two builds.

    python bench/group_profile.py 5000 [--out STORIES.pkl]
"""

from __future__ import annotations

import argparse
import cProfile
import pickle
import pstats
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline import generate
from stream import load_corpus

from newsfuse.clean import BoilerplateIndex, clean
from newsfuse.cluster import group_stories
from newsfuse.cluster.embed import LeadEmbedder, Matrix
from newsfuse.config import Settings
from newsfuse.dedupe import dedupe


class CachedLeads:
    """MiniLM with every lead it encoded remembered, so a second grouping pass is timed
    without the model."""

    name = "minilm"
    dimensions = 384

    def __init__(self) -> None:
        self._model = LeadEmbedder()
        self._vectors: dict[str, np.ndarray] = {}

    def encode(self, texts: Sequence[str]) -> Matrix:
        missing = [text for text in dict.fromkeys(texts) if text not in self._vectors]
        if missing:
            self._vectors.update(zip(missing, self._model.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._vectors[text] for text in texts])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = Settings()
    articles = list(generate(load_corpus(), args.articles))
    boilerplate = BoilerplateIndex(settings=settings.clean)
    boilerplate.observe(articles)
    articles = [clean(a, settings=settings.clean, boilerplate=boilerplate) for a in articles]
    articles = list(dedupe(articles, settings=settings.dedupe).articles)
    leads = CachedLeads()
    group_stories(articles, settings=settings.group, embedder=leads)  # fills the cache
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    stories = group_stories(articles, settings=settings.group, embedder=leads)
    profile.disable()
    seconds = time.process_time() - started
    print(f"{len(articles)} articles, {len(stories)} stories: {seconds:.1f} CPU s grouping")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(15)
    if args.out:
        with args.out.open("wb") as handle:
            pickle.dump(sorted(sorted(s.article_ids) for s in stories), handle)


if __name__ == "__main__":
    main()
