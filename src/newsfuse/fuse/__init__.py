"""The fuse stage: one story's articles → aligned facts, voices, quantities, conflicts.

Statements (sentences with their entities, numbers, days and quotes) are aligned across
articles into facts (`align`); each fact counts the independent voices behind it
(`voices`); counts and days that sources give differently for one event are conflicts
(`conflicts`). The brief is written from this, never from raw text.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsfuse.config import FuseSettings
from newsfuse.fuse.align import Alignment, Encoder, PairScores, align_statements, score_pairs
from newsfuse.fuse.attribution import attribution_conflicts
from newsfuse.fuse.conflicts import date_conflicts, date_windows, number_conflicts
from newsfuse.fuse.quantities import KIND_NAMES, count_kind, describe
from newsfuse.fuse.statements import Statement, build_statements, headline_statements
from newsfuse.fuse.support import SourceTexts
from newsfuse.fuse.voices import count_voices, voices_of
from newsfuse.ids import stable_id
from newsfuse.model import (
    Article,
    Conflict,
    Fact,
    Quantity,
    QuantityMention,
    Story,
    StoryExtraction,
)

__all__ = [
    "StoryFusion",
    "encoded_texts",
    "fuse_story",
    "split_by_support",
    "story_statements",
    "widest_wording",
]


@dataclass(frozen=True, slots=True)
class StoryFusion:
    """What fusion found in one story. `facts` are every aligned statement group, most
    independently backed first; `scores` the statement similarities they came from;
    `support` says which source states which wording."""

    statements: tuple[Statement, ...]
    alignments: tuple[Alignment, ...]
    facts: tuple[Fact, ...]
    quantities: tuple[Quantity, ...]
    conflicts: tuple[Conflict, ...]
    voices: Mapping[str, str]
    scores: PairScores
    fused_articles: tuple[str, ...]
    support: SourceTexts
    left_out: tuple[str, ...] = ()


def fuse_story(
    story: Story,
    articles: Mapping[str, Article],
    extraction: StoryExtraction,
    *,
    encode: Encoder | None = None,
    settings: FuseSettings | None = None,
    statements: Sequence[Statement] | None = None,
) -> StoryFusion:
    """Align, count voices and find conflicts across `story`'s annotated articles;
    `encode` turns sentences into unit vectors (None: words and entities only);
    `statements` are `story_statements` where the caller has them already."""
    settings = settings or FuseSettings()
    fused, left_out = _fused_members(story, articles, settings)
    if statements is None:
        statements = _statements_of(fused, extraction, settings)
    voice = voices_of(fused)
    if not _across_voices(statements, voice):
        # One voice alone (one article, or copies and updates of one outlet's text): no
        # independent source for a paraphrase to find, no conflict to read (only different
        # voices disagree), and the copies share their wording, which the words and names
        # align; so nothing is encoded.
        encode = None
    scores = score_pairs(statements, encode, settings)
    alignments = align_statements(scores, settings)
    support = SourceTexts(fused, extraction.entities)
    facts = [_fact(alignment, statements, voice, support) for alignment in alignments]
    order = sorted(
        range(len(facts)),
        key=lambda i: (
            -facts[i].independent_sources,
            -len(facts[i].reported_by),
            min(statements[m].sentence for m in alignments[i].members),
            facts[i].fact_id,
        ),
    )
    conflicts = [
        *number_conflicts(statements, scores.context, settings, voice),
        *date_conflicts(statements, scores.context, encode, settings, voice),
        *attribution_conflicts(statements, scores.context, settings, voice),
    ]
    return StoryFusion(
        statements=tuple(statements),
        alignments=tuple(alignments[i] for i in order),
        facts=tuple(facts[i] for i in order),
        quantities=_quantities([*statements, *headline_statements(fused)], voice),
        conflicts=tuple(conflicts),
        voices=voice,
        scores=scores,
        fused_articles=tuple(a.id for a in fused),
        support=support,
        left_out=tuple(a.id for a in left_out),
    )


def story_statements(
    story: Story,
    articles: Mapping[str, Article],
    extraction: StoryExtraction,
    settings: FuseSettings,
) -> list[Statement]:
    """The statements `fuse_story` aligns: those of the fused members (the first
    `max_articles` by publication), with days resolved against the earliest one."""
    fused, _ = _fused_members(story, articles, settings)
    return _statements_of(fused, extraction, settings)


def encoded_texts(
    story: Story,
    articles: Mapping[str, Article],
    statements: Sequence[Statement],
    settings: FuseSettings,
) -> list[str]:
    """The texts `fuse_story` encodes: its statements and the words around the days they
    name (none for a story of one voice)."""
    fused, _ = _fused_members(story, articles, settings)
    if not _across_voices(statements, voices_of(fused)):
        return []
    return [s.text for s in statements] + date_windows(statements, settings)


def _statements_of(
    fused: Sequence[Article], extraction: StoryExtraction, settings: FuseSettings
) -> list[Statement]:
    dated = [a.published_date for a in fused if a.published_date is not None]
    return build_statements(
        fused,
        extraction,
        min_words=settings.min_statement_words,
        reference=min(dated) if dated else None,
    )


def _across_voices(statements: Sequence[Statement], voice: Mapping[str, str]) -> bool:
    """Whether the statements come from two voices or more: only then has a vector an
    independent pair to find."""
    return len({voice.get(s.article_id, s.article_id) for s in statements}) > 1


def _fused_members(
    story: Story, articles: Mapping[str, Article], settings: FuseSettings
) -> tuple[list[Article], list[Article]]:
    members = sorted(
        (articles[article_id] for article_id in story.article_ids),
        key=lambda a: (a.published_date or dt.date.max, a.id),
    )
    return members[: settings.max_articles], members[settings.max_articles :]


def _fact(
    alignment: Alignment,
    statements: Sequence[Statement],
    voice: Mapping[str, str],
    support: SourceTexts,
) -> Fact:
    """The aligned statements as one fact, worded as the member the most voices state
    (names, numbers and days), cited to those that state it; the rest reported it in other
    words."""
    members = [statements[m] for m in alignment.members]
    wording = widest_wording(members, statements[alignment.representative], support, voice)
    cited, other_words = split_by_support(wording.text, members, support)
    dates = tuple(sorted({d.day for s in members for d in s.dates}))
    return Fact(
        text=wording.text,
        sources=tuple(dict.fromkeys(s.article_id for s in cited)),
        independent_sources=count_voices((s.article_id for s in members), voice),
        passages=tuple(s.passage for s in cited),
        fact_id=stable_id(*(f"{s.article_id}:{s.sentence}" for s in members)),
        dates=dates,
        evidence=_evidence(members, alignment),
        also_reported=tuple(s.passage for s in other_words),
    )


def widest_wording(
    members: Sequence[Statement],
    preferred: Statement,
    support: SourceTexts,
    voice: Mapping[str, str],
) -> Statement:
    """The member whose names, numbers and days the most voices (then articles) state,
    among those that give as many details as `preferred` (a vaguer sentence is stated by
    more sources only because it says less); `preferred` where it is as widely stated."""
    if len(members) < 2:
        return preferred
    least = support.details(preferred.text).count
    candidates = [s for s in members if support.details(s.text).count >= least]

    def reach(candidate: Statement) -> tuple[int, int, bool]:
        stating = tuple(
            dict.fromkeys(
                s.article_id
                for s in members
                if s is candidate or support.states(s.article_id, candidate.text)
            )
        )
        return count_voices(stating, voice), len(stating), candidate is preferred

    return max(candidates, key=reach)


def split_by_support(
    wording: str, members: Sequence[Statement], support: SourceTexts
) -> tuple[list[Statement], list[Statement]]:
    """The members whose article states `wording`'s details, and the rest."""
    cited, other_words = [], []
    for statement in members:
        if wording == statement.text or support.states(statement.article_id, wording):
            cited.append(statement)
        else:
            other_words.append(statement)
    return cited, other_words


def _evidence(members: Sequence[Statement], alignment: Alignment) -> tuple[str, ...]:
    """Why the passages are one fact: what at least two of them share, and how close."""
    if len(members) < 2:
        return ()
    lines = [f"mean similarity {alignment.cohesion:.2f}"]
    numbers = _shared(members, lambda s: (f"{q.value:g}" for q in s.quantities))
    if numbers:
        lines.append("same numbers: " + ", ".join(numbers))
    days = _shared(members, lambda s: (d.day.isoformat() for d in s.dates))
    if days:
        lines.append("same days: " + ", ".join(days))
    words = _shared(members, lambda s: s.words)
    if words:
        lines.append("shared words: " + ", ".join(words[:12]))
    return tuple(lines)


def _shared(
    members: Sequence[Statement], values: Callable[[Statement], Iterable[str]]
) -> list[str]:
    """The values at least two different articles' statements give, sorted."""
    holders: dict[str, set[str]] = defaultdict(set)
    for statement in members:
        for value in values(statement):
            holders[value].add(statement.article_id)
    return sorted(value for value, articles in holders.items() if len(articles) > 1)


def _is_figure(quantity: QuantityMention, kind: str) -> bool:
    """A figure worth listing: a casualty count, a number with a unit or of 3 and more, or
    a small count tied to what happened ("two bridges blown up"); not "two officials"."""
    return (
        kind in KIND_NAMES
        or quantity.unit is not None
        or quantity.value >= 3
        or quantity.predicate is not None
    )


def _quantities(statements: Sequence[Statement], voice: Mapping[str, str]) -> tuple[Quantity, ...]:
    """Every count with a known kind, one entry per (kind, value, qualifier), most backed
    first."""
    grouped: dict[tuple[str, float, str | None], list[Statement]] = defaultdict(list)
    # The statements giving it as a number: "one person was killed", not "a man was killed".
    stated: dict[tuple[str, float, str | None], list[Statement]] = defaultdict(list)
    wording: dict[str, str] = {}
    for statement in statements:
        for quantity in statement.quantities:
            kind = count_kind(quantity)
            if kind is None or not _is_figure(quantity, kind):
                continue
            key = (kind, quantity.value, quantity.qualifier)
            grouped[key].append(statement)
            if not quantity.implicit:
                stated[key].append(statement)
            wording.setdefault(kind, quantity.what or kind)
    largest: dict[str, float] = defaultdict(float)
    for kind, value, _ in stated:
        largest[kind] = max(largest[kind], value)
    quantities = []
    for (kind, value, qualifier), backing in grouped.items():
        if stated[(kind, value, qualifier)] and value < largest[kind]:
            # "A man was killed" beside "four people were killed" is one of the four: it
            # backs no count of one.
            backing = stated[(kind, value, qualifier)]
        passages = tuple(dict.fromkeys(s.passage for s in backing))
        sources = tuple(dict.fromkeys(p.article_id for p in passages))
        quantities.append(
            Quantity(
                what=describe(kind) if kind in KIND_NAMES else wording[kind],
                value=value,
                qualifier=qualifier,
                sources=sources,
                independent_sources=count_voices(sources, voice),
                passages=passages,
                kind=kind,
                implicit=not stated.get((kind, value, qualifier)),
            )
        )
    return tuple(
        sorted(quantities, key=lambda q: (-q.independent_sources, -len(q.sources), q.what, q.value))
    )
