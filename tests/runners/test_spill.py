"""The spill that keeps a run's annotated articles and briefs on disk (issue 15)."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest

from newsfuse.model import Article
from newsfuse.runners.local import run_pipeline
from newsfuse.runners.spill import Spill, keyed
from tests.conftest import SEEDS


def _article_id(article: Article) -> str:
    return article.id


def test_records_come_back_equal_in_order_and_by_key(seed_articles: dict[str, Article]) -> None:
    spill: Spill[Article] = Spill(key=_article_id)
    spill.extend(seed_articles.values())
    assert len(spill) == 5
    assert list(spill) == list(seed_articles.values())
    assert spill == tuple(seed_articles.values())  # equal to a tuple of equal records
    assert spill[-1] == list(seed_articles.values())[-1]
    assert spill[1:3] == list(seed_articles.values())[1:3]
    lookup = spill.by_key()
    assert set(lookup) == set(seed_articles)
    assert all(lookup[key] == article for key, article in seed_articles.items())
    assert "no such article" not in lookup
    with pytest.raises(KeyError):
        lookup["no such article"]
    some = next(iter(seed_articles))
    assert keyed(spill, _article_id)[some].text == seed_articles[some].text
    assert keyed(tuple(seed_articles.values()), _article_id)[some] == seed_articles[some]


def test_a_second_record_under_one_key_is_refused(seed_articles: dict[str, Article]) -> None:
    spill: Spill[Article] = Spill(key=_article_id)
    article = next(iter(seed_articles.values()))
    spill.append(article)
    with pytest.raises(ValueError, match=article.id):
        spill.append(article)
    assert len(spill) == 1


def _open_spills(folder: Path) -> list[str]:
    """The spill files in `folder` this process holds open (the kernel names them "(deleted)").

    Only `folder`'s: other tests in the same worker may still hold their runs' spills.
    """
    targets = []
    for descriptor in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):  # closed since it was listed
            targets.append(os.readlink(f"/proc/self/fd/{descriptor}"))
    return [target for target in targets if target.startswith(f"{folder}/newsfuse-spill-")]


def test_a_run_spills_to_a_file_that_is_never_left_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    result = run_pipeline([SEEDS])
    assert isinstance(result.articles, Spill)
    assert isinstance(result.briefs, Spill)
    assert not list(tmp_path.glob("newsfuse-spill-*"))  # unlinked as soon as it was made
    spills = _open_spills(tmp_path)
    assert len(spills) == 2
    assert all(target.endswith("(deleted)") for target in spills)
    assert {article.id for article in result.articles} == {p.stem for p in SEEDS.glob("*.txt")}
    assert all(article.annotations is not None for article in result.articles)
    assert [brief.story_id for brief in result.briefs] == [s.story_id for s in result.stories]
    result.articles.close()
    result.briefs.close()
    assert _open_spills(tmp_path) == []
