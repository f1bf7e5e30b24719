"""The `brief` stage: the account of one story, in the JSON contract of DESIGN.md.

Everything in it is drawn from the sources and cites them: the summary picks the facts the
most independent voices carry (one sentence each, worded as one source words it, a leading
connective trimmed at most), the timeline orders the days the facts name, and per source
the brief says what it alone contributed and what cleaning removed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence

import numpy as np

from newsfuse.card import story_card
from newsfuse.cluster.linkage import average_link
from newsfuse.config import FuseSettings
from newsfuse.fuse import StoryFusion, split_by_support, widest_wording
from newsfuse.fuse.statements import Statement
from newsfuse.fuse.voices import count_voices
from newsfuse.model import (
    Article,
    Brief,
    Card,
    Claim,
    Conflict,
    Dispute,
    DisputedValue,
    Entity,
    EntityRecord,
    Fact,
    Passage,
    SourceRecord,
    Story,
    StoryExtraction,
    SummarySentence,
    TimelineEntry,
)

__all__ = ["disputes_in_place", "trim_connective", "write_brief"]

# Words that open a sentence only to tie it to the one before; trimmed from a summary line.
_CONNECTIVE = re.compile(
    r"^(?:meanwhile|furthermore|moreover|in addition|additionally|notably|to recall|also|"
    r"however|separately|besides|further|earlier|later|in a separate development)\s*,\s*",
    re.I,
)


def trim_connective(text: str) -> str:
    """The sentence without a leading connective ("Meanwhile, "), re-capitalised."""
    trimmed = _CONNECTIVE.sub("", text, count=1)
    if trimmed is text or not trimmed:
        return text
    return trimmed[0].upper() + trimmed[1:]


def write_brief(
    story: Story,
    articles: Mapping[str, Article],
    *,
    extraction: StoryExtraction | None = None,
    fusion: StoryFusion | None = None,
    settings: FuseSettings | None = None,
) -> Brief:
    """Build the brief of `story` from its (cleaned, annotated) articles and what fusion
    found; without fusion only the headline, who's who, quotes and sources are filled."""
    settings = settings or FuseSettings()
    members = [articles[article_id] for article_id in story.article_ids]
    entities = tuple(_entity_record(e) for e in extraction.entities) if extraction else ()
    quotes = extraction.quotes if extraction else ()
    if fusion is None:
        return Brief(
            story_id=story.story_id,
            headline=story.headline,
            card=story_card(story, articles, extraction, None) if extraction else Card(),
            entities=entities,
            quotes=quotes,
            sources=tuple(_source_record(article, ()) for article in members),
        )
    single = _single_source(fusion)
    unique: dict[str, list[str]] = defaultdict(list)
    for claim in single:
        unique[claim.sources[0]].append(claim.text)
    return Brief(
        story_id=story.story_id,
        headline=story.headline,
        card=story_card(story, articles, extraction, fusion) if extraction else Card(),
        summary=_summary(fusion, settings),
        timeline=_timeline(fusion, settings),
        facts=tuple(fact for fact in fusion.facts if len(fact.reported_by) > 1),
        quantities=fusion.quantities,
        entities=entities,
        quotes=quotes,
        conflicts=fusion.conflicts,
        single_source=single,
        sources=tuple(
            _source_record(a, tuple(unique.get(a.id, ())), fusion.voices.get(a.id)) for a in members
        ),
        not_fused=fusion.left_out,
    )


def _summary(fusion: StoryFusion, settings: FuseSettings) -> tuple[SummarySentence, ...]:
    """Up to `max_summary` facts, most independent voices first, none repeating one already
    chosen; topped up to `min_summary` with the earliest single-source statements."""
    statements = fusion.statements
    chosen: list[int] = []  # alignment positions in fusion order

    def redundant(index: int) -> bool:
        representative = fusion.alignments[index].representative
        return any(
            _closeness(fusion, statements, representative, fusion.alignments[c].representative)
            >= settings.summary_redundancy
            for c in chosen
        )

    for index, fact in enumerate(fusion.facts):
        if len(chosen) >= settings.max_summary:
            break
        if len(fact.reported_by) > 1 and not redundant(index):
            chosen.append(index)
    if len(chosen) < settings.min_summary:
        by_position = sorted(
            (i for i, fact in enumerate(fusion.facts) if len(fact.reported_by) == 1),
            key=lambda i: (
                statements[fusion.alignments[i].representative].sentence,
                fusion.facts[i].fact_id,
            ),
        )
        for index in by_position:
            if len(chosen) >= settings.min_summary:
                break
            if not redundant(index):
                chosen.append(index)
    # Read in the order the articles tell it: the mean place of the fact in its sources.
    chosen.sort(
        key=lambda i: (
            float(np.mean([statements[m].sentence for m in fusion.alignments[i].members])),
            fusion.facts[i].fact_id,
        )
    )
    return tuple(
        SummarySentence(
            trim_connective(fusion.facts[i].text),
            fusion.facts[i].sources,
            fusion.facts[i].passages,
            fusion.facts[i].also_reported,
            disputes_in_place(
                [p for p in fusion.facts[i].passages if p.text == fusion.facts[i].text],
                fusion.conflicts,
            ),
        )
        for i in chosen
    )


def disputes_in_place(
    passages: Sequence[Passage], conflicts: Sequence[Conflict]
) -> tuple[Dispute, ...]:
    """The conflicts a statement's own wording makes a claim in (`passages`: the passage,
    or copies of it, that the statement's text is), each with every value and its sources,
    so the statement says so where it is made."""
    own = {(p.article_id, p.sentence) for p in passages}
    return tuple(
        Dispute(
            conflict.about,
            tuple(
                DisputedValue(claim.value or claim.text, claim.sources) for claim in conflict.claims
            ),
        )
        for conflict in conflicts
        if any((p.article_id, p.sentence) in own for c in conflict.claims for p in c.passages)
    )


def _closeness(fusion: StoryFusion, statements: Sequence[Statement], a: int, b: int) -> float:
    """How much two statements say the same: their similarity, or for two sentences of one
    article (never scored against each other) the overlap of their content words."""
    if statements[a].article_id != statements[b].article_id:
        return float(fusion.scores.combined[a, b])
    first, second = statements[a].words, statements[b].words
    return len(first & second) / max(len(first | second), 1)


def _timeline(fusion: StoryFusion, settings: FuseSettings) -> tuple[TimelineEntry, ...]:
    """One entry per event and day: the facts a day holds, those that tell one event
    merged (average link over how close their wordings are); each worded as the sentence
    naming that day that the most voices state, cited to the sources that state it (the
    others that put the event on that day in other words are also reported); in date
    order."""
    per_day: dict[dt.date, list[tuple[Statement, list[Statement]]]] = defaultdict(list)
    for alignment in fusion.alignments:
        days: dict[dt.date, list[Statement]] = defaultdict(list)
        for member in alignment.members:
            statement = fusion.statements[member]
            for mention in statement.dates:
                if statement not in days[mention.day]:
                    days[mention.day].append(statement)
        representative = fusion.statements[alignment.representative]
        for day, holders in days.items():
            preferred = representative if representative in holders else holders[0]
            per_day[day].append((preferred, holders))
    index = {(s.article_id, s.sentence): i for i, s in enumerate(fusion.statements)}
    entries = []
    for day, facts in per_day.items():
        for event in _events_of_a_day(facts, fusion, index, settings.timeline_event_similarity):
            holders = list(dict.fromkeys(s for i in event for s in facts[i][1]))
            # The wording of the event's best-backed fact (then the most detailed).
            preferred = max(
                (facts[i] for i in event),
                key=lambda fact: (
                    count_voices([s.article_id for s in fact[1]], fusion.voices),
                    fusion.support.details(fact[0].text).count,
                ),
            )[0]
            wording = widest_wording(holders, preferred, fusion.support, fusion.voices)
            cited, other_words = split_by_support(wording.text, holders, fusion.support)
            passages = tuple(dict.fromkeys(s.passage for s in cited))
            also = tuple(dict.fromkeys(s.passage for s in other_words))
            entries.append(
                TimelineEntry(
                    day,
                    trim_connective(wording.text),
                    tuple(dict.fromkeys(p.article_id for p in passages)),
                    passages,
                    also,
                    disputes_in_place([wording.passage], fusion.conflicts),
                )
            )
    return tuple(sorted(entries, key=lambda e: (e.date, -len(e.sources), e.text)))


def _events_of_a_day(
    facts: Sequence[tuple[Statement, list[Statement]]],
    fusion: StoryFusion,
    index: Mapping[tuple[str, int], int],
    threshold: float,
) -> list[list[int]]:
    """The day's facts grouped into events: average link over how close their wordings
    are (sentence similarity across articles, shared content words within one)."""
    if len(facts) < 2:
        return [list(range(len(facts)))]
    positions = [index[(s.article_id, s.sentence)] for s, _ in facts]
    similarity = {
        (i, j): _closeness(fusion, fusion.statements, positions[i], positions[j])
        for i in range(len(facts))
        for j in range(i + 1, len(facts))
    }
    return average_link(len(facts), similarity, threshold=threshold)


def _single_source(fusion: StoryFusion) -> tuple[Claim, ...]:
    """What only one article says: facts no other article carries that say something
    checkable (a name, a number, a day or a quote), and sentences of shared facts that
    give a figure no other article gives ("a passenger train carrying 388 people"); those
    that add the most kinds of detail first, then in the articles' own order."""
    claims: dict[tuple[str, int], tuple[Statement, Claim]] = {}
    for alignment, fact in zip(fusion.alignments, fusion.facts, strict=True):
        if len(fact.reported_by) != 1:
            continue
        statement = fusion.statements[alignment.representative]
        if _adds(statement):
            key = (statement.article_id, statement.sentence)
            claims[key] = (statement, Claim(fact.text, fact.sources, fact.passages))
    by_passage = {(s.article_id, s.sentence): s for s in fusion.statements}
    for quantity in fusion.quantities:
        if len(quantity.sources) != 1:
            continue
        for passage in quantity.passages:
            key = (passage.article_id, passage.sentence)
            if key not in claims and key in by_passage:  # a headline's count is on the card
                claims[key] = (by_passage[key], Claim(passage.text, quantity.sources, (passage,)))
    ordered = sorted(
        claims.values(),
        key=lambda item: (-_adds(item[0]), item[0].article_id, item[0].sentence),
    )
    return tuple(claim for _, claim in ordered)


def _adds(statement: Statement) -> int:
    """How many kinds of checkable detail a statement gives: figures, named actors, days,
    quotes."""
    return sum(
        bool(found)
        for found in (statement.quantities, statement.entities, statement.dates, statement.quotes)
    )


def _entity_record(entity: Entity) -> EntityRecord:
    return EntityRecord(
        name=entity.name,
        type=entity.type,
        aliases=entity.aliases,
        sources=entity.sources,
        roles=entity.roles,
        mentions=entity.mentions,
    )


def _source_record(
    article: Article, unique_facts: tuple[str, ...], voice: str | None = None
) -> SourceRecord:
    return SourceRecord(
        id=article.id,
        outlet=article.outlet,
        published=article.published_date,
        status=article.status,
        family=article.family or article.id,
        title=article.title,
        url=article.url,
        unique_facts=unique_facts,
        removed=article.removals,
        bylines=article.bylines,
        voice=voice,
    )


def cited_passages(brief: Brief) -> list[tuple[str, Passage]]:
    """Every (statement text, passage) the brief cites: for mechanical citation checks."""
    cited: list[tuple[str, Passage]] = []
    statements: list[SummarySentence | TimelineEntry | Fact | Claim] = [
        *brief.summary,
        *brief.timeline,
        *brief.facts,
        *brief.single_source,
    ]
    for statement in statements:
        cited.extend((statement.text, passage) for passage in statement.passages)
    return cited
