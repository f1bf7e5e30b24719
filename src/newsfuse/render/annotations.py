"""Extraction as rich tables for `newsfuse extract`: one per article, then the story's
entities. Text is passed to rich as plain `Text`, never interpreted as markup."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from newsfuse.model import Article, ArticleAnnotations, StoryExtraction

__all__ = ["annotation_tables"]


def annotation_tables(articles: Sequence[Article], story: StoryExtraction) -> list[Table]:
    """A table per article (what was found, sentence by sentence) and one of entities."""
    tables = [_article_table(a, a.annotations) for a in articles if a.annotations is not None]
    entities = Table(title="entities across these articles")
    for column in ("entity", "type", "aliases", "roles", "mentions", "articles"):
        entities.add_column(column)
    for entity in story.entities:
        entities.add_row(
            Text(entity.name),
            entity.type,
            Text(", ".join(entity.aliases)),
            Text(", ".join(entity.roles)),
            str(len(entity.mentions)),
            str(len(entity.sources)),
        )
    return [*tables, entities]


def _article_table(article: Article, annotations: ArticleAnnotations) -> Table:
    title = f"{article.id} ({article.published_date or 'undated'})"
    table = Table(title=Text(title), title_justify="left")
    for column in ("sent.", "kind", "words", "found"):
        table.add_column(column)
    if annotations.skipped:
        table.add_row("", "skipped", "", Text(annotations.skipped))
        return table
    rows: list[tuple[int, str, str, str]] = []
    rows += [
        (m.sentence, "entity", m.text, m.label + (f", {m.role}" if m.role else ""))
        for m in annotations.entities
    ]
    rows += [
        (t.sentence, "time", t.text, _time(t.first, t.last, t.reason, t.kind))
        for t in annotations.times
    ]
    rows += [
        (q.sentence, "quantity", q.text, _quantity(q.value, q.qualifier, q.what, q.unit))
        for q in annotations.quantities
    ]
    rows += [
        (q.sentence, "quote", _short(q.text), f"{q.speaker or '?'} ({q.cue or 'no cue'})")
        for q in annotations.quotes
    ]
    rows += [(a.sentence, "attribution", a.source, a.cue) for a in annotations.attributions]
    for sentence, kind, words, found in sorted(rows, key=lambda row: row[0]):
        table.add_row(str(sentence), kind, Text(words), Text(found))
    if annotations.limited_to:
        table.caption = f"only the first {annotations.limited_to} characters were annotated"
    return table


def _time(first: object, last: object, reason: str | None, kind: str) -> str:
    if first is None:
        return f"unresolved: {reason}"
    return f"{first}" if first == last else f"{first} … {last} ({kind})"


def _quantity(value: float, qualifier: str | None, what: str | None, unit: str | None) -> str:
    number = f"{value:g}" + (f" {unit}" if unit else "")
    return " ".join(part for part in (qualifier, number, what) if part)


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
