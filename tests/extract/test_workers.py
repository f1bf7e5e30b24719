"""Annotation in worker processes gives what the in-process extractor gives."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsfuse.extract import Extractor
from newsfuse.extract.workers import BackgroundAnnotation
from newsfuse.model import Article


def test_workers_annotate_the_seeds_as_this_process_does(
    extractor: Extractor, seeds_annotated: dict[str, Article]
) -> None:
    # Two chunks (70 articles) over two workers, out of id order: order and chunking count.
    plain = [replace(a, annotations=None) for _, a in sorted(seeds_annotated.items())]
    articles = [
        replace(article, id=f"{article.id}-{copy}") for copy in range(14) for article in plain
    ][::-1]
    annotated = BackgroundAnnotation(articles, workers=2).result()
    assert [a.id for a in annotated] == [a.id for a in articles]
    for article in annotated:
        expected = extractor(article)
        assert article.annotations == replace(expected, article_id=article.id)
    # The seeds' real annotations came through: Lavrov is named in every seed's copies.
    names = {e.text for a in annotated for e in (a.annotations.entities if a.annotations else ())}
    assert "Lavrov" in names


def test_a_failing_worker_is_an_error_for_the_caller() -> None:
    broken = Article(id="x", text="A sentence.", origin="test")
    object.__setattr__(broken, "text", 42)  # not text: extraction fails in the worker
    with pytest.raises(TypeError):
        BackgroundAnnotation([broken] * 3, workers=2).result()
