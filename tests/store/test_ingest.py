"""Ingest into a store: the seeds' story, idempotent re-ingest, incremental growth, search."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.runners.ingest import ingest
from newsfuse.runners.local import RunResult, run_pipeline
from newsfuse.store import Store, open_store

# Search text that breaks naive SQL or FTS5 query building (issue 6).
HOSTILE_QUERIES = [
    "'; DROP TABLE articles; --",
    '" OR 1=1',
    "Bryansk' OR '1'='1",
    '"',
    "*",
    "NEAR(",
    "NEAR(Bryansk bridge",
    "Bryansk*",
    "title:Bryansk",
    "(",
    "-",
    "AND OR NOT",
    "%_%",
    "\\",
    "",
    "\x00",
]


@pytest.fixture(scope="module")
def seed_run(request: pytest.FixtureRequest) -> RunResult:
    """The one-shot `newsfuse run` on the seeds, to compare the store with."""
    settings: Settings = request.getfixturevalue("settings")
    from tests.conftest import SEEDS

    return run_pipeline([SEEDS], settings=settings)


@pytest.fixture
def seeded(store: Store, seeds: Path, settings: Settings) -> Store:
    ingest([seeds], store, settings=settings)
    return store


def test_seeds_form_one_story_with_its_brief_stored(seeded: Store, seed_run: RunResult) -> None:
    [listed] = seeded.list_stories()
    assert listed.story_id == seed_run.stories[0].story_id
    # Seeds 001 and 003 both open with the "(MENAFN)" tag; the other three name no outlet.
    assert (listed.article_count, listed.source_count) == (5, 4)
    story = seeded.get_story(listed.story_id)
    assert story is not None
    assert story.brief is not None
    assert story.story == seed_run.stories[0]
    assert story.brief == seed_run.briefs[0]  # ingest builds what `newsfuse run` builds
    assert {a.article.id for a in story.articles} == set(seed_run.stories[0].article_ids)


def test_stored_articles_read_back_equal_to_the_run(seeded: Store, seed_run: RunResult) -> None:
    for article in seed_run.articles:
        stored = seeded.get_article(article.id)
        assert stored is not None
        assert stored.article == article
        assert stored.story_id == seed_run.stories[0].story_id


def test_reingesting_the_seeds_changes_nothing(
    seeded: Store, seeds: Path, settings: Settings
) -> None:
    before = _snapshot(seeded)
    again = ingest([seeds], seeded, settings=settings)
    assert again.new_articles == 0
    assert again.update.skipped
    assert again.update.changed == ()
    assert _snapshot(seeded) == before
    assert seeded.counts().runs == 2  # the run itself is recorded


def test_articles_arriving_later_join_the_stored_story(
    store: Store, seeds: Path, settings: Settings, tmp_path: Path, seed_run: RunResult
) -> None:
    early = tmp_path / "early"
    early.mkdir()
    for path in sorted(seeds.iterdir())[:2]:
        shutil.copy(path, early)
    first = ingest([early], store, settings=settings)
    assert first.new_articles == 2
    [early_story] = store.list_stories()
    later = ingest([seeds], store, settings=settings)
    assert later.new_articles == 3
    [listed] = store.list_stories()
    # The story keeps its stored id (issue 6), though seed 004, now its first article,
    # gives the one-shot run's story another.
    assert listed.story_id == early_story.story_id != seed_run.stories[0].story_id
    story = store.get_story(listed.story_id)
    assert story is not None
    assert story.brief == replace(seed_run.briefs[0], story_id=listed.story_id)


def test_an_id_stored_with_other_text_is_kept_and_reported(
    seeded: Store, seeds: Path, settings: Settings, tmp_path: Path
) -> None:
    first = sorted(seeds.iterdir())[0]
    clash = tmp_path / first.name
    clash.write_text("A different text under the same name.\n\nIt must not replace the first.")
    before = _snapshot(seeded)
    result = ingest([clash], seeded, settings=settings)
    assert result.new_articles == 0
    assert [w.kind for w in result.report.warnings] == ["id_taken"]
    assert _snapshot(seeded) == before


def test_run_records_its_report(seeded: Store) -> None:
    [run] = seeded.runs()
    assert run.finished_at is not None
    assert run.report is not None
    assert (run.report["articles"], run.report["new_articles"]) == (5, 5)
    assert run.report["stories_changed"] == 1


def test_search_for_bryansk_finds_the_story_and_its_articles(seeded: Store) -> None:
    results = seeded.search("Bryansk")
    [story_id] = [s.story_id for s in seeded.list_stories()]
    assert [hit.id for hit in results.stories] == [story_id]
    assert results.articles
    assert all(hit.story_id == story_id for hit in results.articles)
    ranks = [hit.rank for hit in results.articles]
    assert ranks == sorted(ranks, reverse=True)
    matched = {p.text.lower() for hit in results.articles for p in hit.snippet if p.match}
    assert "bryansk" in matched


def test_search_needs_every_word(seeded: Store) -> None:
    assert seeded.search("Bryansk").articles
    assert seeded.search("Bryansk zzyzxqv").articles == ()


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_search_text_is_only_text(seeded: Store, query: str) -> None:
    before = _snapshot(seeded)
    results = seeded.search(query)
    assert isinstance(results.articles, tuple)
    assert isinstance(results.stories, tuple)
    assert _snapshot(seeded) == before


def test_story_list_filters_by_entity_and_dates(seeded: Store) -> None:
    [listed] = seeded.list_stories()
    story = seeded.get_story(listed.story_id)
    assert story is not None
    assert story.brief is not None
    assert listed.last_published
    entity = story.brief.entities[0]
    assert seeded.list_stories(entity=entity.name.upper()) == [listed]
    assert seeded.list_stories(entity="'; DROP TABLE stories; --") == []
    assert seeded.list_stories(since=listed.last_published) == [listed]
    assert seeded.list_stories(until=listed.first_published) == [listed]
    later = listed.last_published.replace(year=listed.last_published.year + 1)
    assert seeded.list_stories(since=later) == []
    assert seeded.list_stories(limit=0) == []


def test_story_days_count_articles_per_day(seeded: Store) -> None:
    [listed] = seeded.list_stories()
    days = seeded.story_days([listed.story_id])[listed.story_id]
    assert sum(count for _, count in days) == 4  # one seed is undated
    assert [day for day, _ in days] == sorted(day for day, _ in days)


def test_unknown_ids_read_as_none(seeded: Store) -> None:
    assert seeded.get_story("no-such-story") is None
    assert seeded.get_article("'; DROP TABLE articles; --") is None


def test_an_interrupted_story_update_is_finished_by_the_next_ingest(
    store_url: str, seeds: Path, settings: Settings, seed_run: RunResult
) -> None:
    class StopIngestError(Exception):
        pass

    def stop_at_fusion(stage: str, done: int) -> None:
        if stage == "fuse":
            raise StopIngestError

    with open_store(store_url) as store:
        with pytest.raises(StopIngestError):
            ingest([seeds], store, settings=settings, progress=stop_at_fusion)
        assert store.counts().stale  # articles in, stories not yet current
        resumed = ingest([seeds], store, settings=settings)
        assert resumed.new_articles == 0
        assert not resumed.update.skipped
        assert not store.counts().stale
        [listed] = store.list_stories()
        story = store.get_story(listed.story_id)
        assert story is not None
        assert story.brief == seed_run.briefs[0]


def _snapshot(store: Store) -> dict[str, object]:
    counts = store.counts()
    stories = store.list_stories(limit=1000)
    return {
        "counts": (counts.articles, counts.stories, counts.briefs, counts.families),
        "stories": stories,
        "digests": store.story_digests(),
        "articles": [(a.article, a.story_id) for a in store.load_articles()],
        "briefs": [s.brief for s in map(store.get_story, [s.story_id for s in stories]) if s],
        "updated": store._db.execute("SELECT id, updated_at FROM stories ORDER BY id"),
    }


def test_stored_lead_embeddings_are_never_computed_twice(
    store: Store, seeds: Path, settings: Settings, tmp_path: Path
) -> None:
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

    from newsfuse.cluster.embed import LeadEmbedder

    class CountingEmbedder(LeadEmbedder):
        """A stand-in model: a fixed unit vector per text, counting what it is asked."""

        def __init__(self) -> None:
            super().__init__()
            self.texts: list[str] = []

        def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
            self.texts.extend(texts)
            vectors = np.ones((len(texts), self.dimensions), dtype=np.float32)
            for row, text in enumerate(texts):
                vectors[row, len(text) % self.dimensions] += 1.0
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    with_leads, early = _leads_on_and_two_seeds(settings, seeds, tmp_path)
    model = CountingEmbedder()
    ingest([early], store, settings=with_leads, embedder=model)
    assert len(model.texts) == 2
    ingest([seeds], store, settings=with_leads, embedder=model)
    assert len(model.texts) == 5  # only the three new leads ran the model


def test_stored_lead_embeddings_are_kept_apart_per_model(
    store: Store, seeds: Path, settings: Settings, tmp_path: Path
) -> None:
    """A store grouped with one model and then another never hands the second the first's
    vectors (they differ in meaning and in length)."""
    from collections.abc import Sequence

    import numpy as np
    import numpy.typing as npt

    class FixedModel:
        """A stand-in model: a fixed unit vector per text, counting what it is asked."""

        def __init__(self, name: str, dimensions: int) -> None:
            self.name, self.dimensions = name, dimensions
            self.texts: list[str] = []

        def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
            self.texts.extend(texts)
            vectors = np.ones((len(texts), self.dimensions), dtype=np.float32)
            return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    with_leads, early = _leads_on_and_two_seeds(settings, seeds, tmp_path)
    first, second = FixedModel("minilm", 384), FixedModel("static", 256)
    ingest([early], store, settings=with_leads, embedder=first)
    ingest([seeds], store, settings=with_leads, embedder=second)
    assert len(first.texts) == 2
    assert len(second.texts) == 5  # none of the first model's vectors reused
    assert store.counts().stories >= 1


def _leads_on_and_two_seeds(
    settings: Settings, seeds: Path, tmp_path: Path
) -> tuple[Settings, Path]:
    """The settings with lead embeddings on, and a folder of the first two seeds."""
    import dataclasses

    with_leads = dataclasses.replace(
        settings, group=dataclasses.replace(settings.group, embeddings=True)
    )
    early = tmp_path / "early"
    early.mkdir()
    for path in sorted(seeds.iterdir())[:2]:
        shutil.copy(path, early)
    return with_leads, early
