"""Conflicts: sources giving different numbers or different days for the same thing.

Only real ones. Two reports conflict when they are about the same thing and their values
cannot both be true: "at least seven" and "eight" agree, "7" and "8" do not; "late Saturday"
(May 31) and "June 1" for the same bombings do not.

- Figures: counts of what happened, of one kind, by different voices, naming a place or a
  day in common and no different places, within `max_count_days_apart` (the days they
  name) or `max_event_days_apart` (their publication days), not running totals ("since
  2011", "the war has killed"), not a part beside the whole in one sentence ("two medics
  among 31 dead"), whose sentences are close. The closest join first, and a group takes a
  report only where it may tell the same event as every member: a long story's many
  strikes do not chain into one toll.
- Days: the event a day belongs to is read from the words around it; days at most
  `max_event_days_apart` apart, both of something that happened or both of something
  planned, and both of the event or both of a telling of it ("died Tuesday" and "the
  coroner on Thursday said" are no dispute), whose sentences share a place or a figure
  and, with the words around each day, are close, join one component; values that the
  same sources mostly give together are two things, not one disputed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from newsfuse.config import FuseSettings
from newsfuse.fuse.align import Encoder, Matrix
from newsfuse.fuse.quantities import agree, count_kind, describe, happened_kind, singular
from newsfuse.fuse.statements import DatedMention, Statement, content_words
from newsfuse.ids import UnionFind
from newsfuse.model import Claim, Conflict, ConflictKind, QuantityMention

__all__ = ["date_conflicts", "date_windows", "number_conflicts"]


@dataclass(frozen=True, slots=True)
class _Report:
    """One value one statement gives: a number for a kind of count, or a day."""

    statement: int
    value: str
    label: str


def number_conflicts(
    statements: Sequence[Statement],
    context: Matrix,
    settings: FuseSettings,
    voice: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Counts of one kind about one event that no single truth satisfies, given by
    different voices (one outlet's successive tolls are updates, not a disagreement)."""
    reports: list[tuple[int, QuantityMention, str]] = []
    for index, statement in enumerate(statements):
        if _RUNNING_TOTAL.search(statement.text):
            continue  # "killed since 2011", "in the past 24 hours": a running total
        counts: list[tuple[QuantityMention, str]] = []
        for quantity in statement.quantities:
            kind = count_kind(quantity)
            # "A man was killed" (an implicit one) does not deny that two were; only counts
            # of what happened can be disputed (not "45 buses" against "11 buses"), and not
            # one hospital's share of them.
            if (
                kind is not None
                and happened_kind(kind)
                and not quantity.implicit
                and not _hospital_count(statement, quantity)
            ):
                counts.append((quantity, kind))
        largest: dict[str, float] = {}
        for quantity, kind in counts:
            largest[kind] = max(largest.get(kind, quantity.value), quantity.value)
        # A smaller count of the same kind in the same sentence is a part of the toll ("two
        # medics among 31 dead", "45 in Aleppo and 22 in Idlib"), not a rival to it.
        reports.extend(
            (index, quantity, kind) for quantity, kind in counts if quantity.value == largest[kind]
        )
    count_gap = settings.max_count_days_apart
    edges: list[tuple[float, int, int]] = []
    disagreeing: set[tuple[int, int]] = set()
    for a, (first, quantity_a, kind_a) in enumerate(reports):
        for b in range(a + 1, len(reports)):
            second, quantity_b, kind_b = reports[b]
            if kind_a != kind_b or _voice(statements[first], voice) == _voice(
                statements[second], voice
            ):
                continue
            if _sides_differ(quantity_a, quantity_b):
                continue
            if not _may_be_one_event(
                statements[first], statements[second], settings, named_gap=count_gap
            ):
                continue
            if not _anchored(statements[first], statements[second]):
                continue
            similarity = float(context[first, second])
            if similarity < settings.number_event_similarity:
                continue
            edges.append((similarity, a, b))
            if not agree(quantity_a, quantity_b):
                disagreeing.add((a, b))

    def one_event(a: int, b: int) -> bool:
        first, second = statements[reports[a][0]], statements[reports[b][0]]
        return first is second or _may_be_one_event(first, second, settings, named_gap=count_gap)

    conflicts = []
    for group in _joined_without_chaining(len(reports), edges, one_event):
        if not any((a, b) in disagreeing for a in group for b in group if a < b):
            continue
        kind = reports[group[0]][2]
        claims = _claims(
            statements,
            [
                _Report(reports[i][0], _number_text(reports[i][1]), reports[i][1].text)
                for i in group
            ],
        )
        figure = {_number_text(reports[i][1]): reports[i][1] for i in group}
        claims = _disputed(claims, settings.max_shared_sources, _figures_disagree(figure))
        if len(claims) > 1:
            conflicts.append(Conflict(f"number of {describe(kind)}", claims, ConflictKind.NUMBER))
    return conflicts


def date_conflicts(
    statements: Sequence[Statement],
    context: Matrix,
    encode: Encoder | None,
    settings: FuseSettings,
    voice: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """One event put on different days by different sources.

    The event a day belongs to is read from the words around it (a sentence may date two
    things: "the call on Sunday focused on the talks set for Monday"), the day's own words
    left out."""
    mentions = _dated_mentions(statements)
    if len(mentions) < 2:
        return []
    local = _window_similarity(_windows(statements, mentions, settings), encode)
    background = _background_places(statements, settings.background_place_share)
    union = UnionFind(range(len(mentions)))
    disagreeing: set[tuple[int, int]] = set()
    for a, (first, mention_a) in enumerate(mentions):
        for b in range(a + 1, len(mentions)):
            second, mention_b = mentions[b]
            if statements[first].article_id == statements[second].article_id:
                continue
            if (
                mention_a.planned != mention_b.planned
                or mention_a.told != mention_b.told
                or abs((mention_a.day - mention_b.day).days) > settings.max_event_days_apart
                or float(context[first, second]) < settings.date_event_similarity
                or local[a, b] < settings.date_window_similarity
                or not _may_be_one_event(
                    statements[first], statements[second], settings, dated=False
                )
                or not _pinned_together(statements[first], statements[second], background)
            ):
                continue
            union.union(a, b)
            if mention_a.day != mention_b.day and _voice(statements[first], voice) != _voice(
                statements[second], voice
            ):
                disagreeing.add((a, b))
    conflicts = []
    for group in _components(union, len(mentions)):
        if not any((a, b) in disagreeing for a in group for b in group if a < b):
            continue
        claims = _claims(
            statements,
            [
                _Report(mentions[i][0], mentions[i][1].day.isoformat(), mentions[i][1].text)
                for i in group
            ],
        )
        first_mention = mentions[group[0]]
        about = "date of: " + _trimmed(_window(statements[first_mention[0]], first_mention[1], 6))
        claims = _disputed(claims, settings.max_shared_sources)
        # A chain of close days can drift; only days near the most backed one dispute it.
        if claims:
            anchor = dt.date.fromisoformat(str(claims[0].value))
            claims = tuple(
                c
                for c in claims
                if abs((dt.date.fromisoformat(str(c.value)) - anchor).days)
                <= settings.max_event_days_apart
            )
        if len(claims) > 1:
            conflicts.append(Conflict(about, claims, ConflictKind.DATE))
    return conflicts


#: Words that make a figure a running total over a period, not one event's toll.
_RUNNING_TOTAL = re.compile(
    r"\b(?:since|so far|to date|in total|overall|altogether|cumulative|during the past|"
    r"in the past|over the past|in the last|over the last|this year|last year)\b"
    # a period counted in ("killed in 24 hours", "over three days of fighting")
    r"|\b(?:in|over|within) (?:\d+|two|three|four|five|six|seven|eight|nine|ten|several) "
    r"(?:hours|days|weeks|months|years)\b"
    # a whole war's toll ("the conflict, which has lasted five years, has killed 280000")
    r"|\b(?:war|conflict|uprising|revolt|revolution|crisis)\b[^.;]*?\b(?:has|have) "
    r"(?:lasted|raged|killed|claimed|left)\b",
    re.I,
)


#: A count of what a hospital received, after the count ("the bodies of two martyrs ...
#: arrived in the hospital", "22 bodies were taken to hospitals"): one hospital's share of a
#: toll, not a rival to it.
_TO_HOSPITAL = re.compile(
    r"[^.;]{0,80}?\b(?:arrived|brought|taken|rushed|transferred|transported|admitted|"
    r"evacuated)\b(?: \w+){0,2} (?:to|at|in|into)\b[^.;]{0,40}?\bhospitals?\b",
    re.I,
)
_DEATH = re.compile(r"\b(?:killed|killing|dead|died|dying|death)\b", re.I)


def _hospital_count(statement: Statement, quantity: QuantityMention) -> bool:
    """Whether the count is of those taken to hospital: the words after it say so before
    another count or a death comes ("five were killed and 12 taken to hospital": the five
    are the toll)."""
    after = quantity.end - statement.start
    found = _TO_HOSPITAL.match(statement.text, after)
    if found is None or _DEATH.search(found.group(0)):
        return False
    return not any(
        quantity.end <= other.start < statement.start + found.end()
        for other in statement.quantities
        if other is not quantity
    )


#: Who a count counts, where its noun says so: the armed on one side, those not armed on
#: the other. "19 regime forces" and "56 civilians" killed are two tolls, not one disputed.
_ARMED = frozenset(
    """fighter rebel jihadist militant soldier troop force insurgent gunman militiaman
    combatant policeman guard member""".split()
)
_UNARMED = frozenset("civilian child woman resident student patient worker".split())


def _side(quantity: QuantityMention) -> str | None:
    words = (quantity.noun or "").split()
    if not words:
        return None
    head = singular(words[-1])
    if head in _ARMED:
        return "armed"
    return "unarmed" if head in _UNARMED else None


def _sides_differ(a: QuantityMention, b: QuantityMention) -> bool:
    """Whether two counts count different people: fighters against civilians ("people", or
    no noun, may be either)."""
    side_a, side_b = _side(a), _side(b)
    return side_a is not None and side_b is not None and side_a != side_b


def _anchored(a: Statement, b: Statement) -> bool:
    """Two tolls are of one event only when the sentences pin it down together: they name
    a place in common, or a day in common."""
    if a.places & b.places:
        return True
    return bool({d.day for d in a.dates} & {d.day for d in b.dates})


def _voice(statement: Statement, voice: Mapping[str, str] | None) -> str:
    """The voice a statement's article speaks with (itself when voices are unknown)."""
    return (voice or {}).get(statement.article_id, statement.article_id)


def _background_places(statements: Sequence[Statement], share: float) -> frozenset[str]:
    """Places named by more than `share` of the story's articles: the setting, not a
    detail that pins one event down ("Syria" in a story of Syrian air strikes)."""
    articles = {s.article_id for s in statements}
    named: dict[str, set[str]] = defaultdict(set)
    for statement in statements:
        for place in statement.places:
            named[place].add(statement.article_id)
    return frozenset(
        place for place, holders in named.items() if len(holders) > share * len(articles)
    )


def _pinned_together(a: Statement, b: Statement, background: frozenset[str]) -> bool:
    """Two sentences dating one event pin it down together: a place in common that is not
    the story's background (the country every article names), or the same figure of the
    same kind ("at least seven" killed)."""
    if (a.places & b.places) - background:
        return True
    figures = {(count_kind(q), q.value) for q in a.quantities}
    return any((count_kind(q), q.value) in figures for q in b.quantities if count_kind(q))


def _may_be_one_event(
    a: Statement,
    b: Statement,
    settings: FuseSettings,
    *,
    dated: bool = True,
    named_gap: int | None = None,
) -> bool:
    """Whether two statements may tell one event at all: not about different places, and
    not days apart (the days they name, when `dated`, at most `named_gap` apart, else
    their publication days)."""
    if a.places and b.places and not a.places & b.places:
        return False
    gap = settings.max_event_days_apart
    if dated and a.dates and b.dates:
        named = gap if named_gap is None else named_gap
        return min(abs((x.day - y.day).days) for x in a.dates for y in b.dates) <= named
    return not (a.published and b.published and abs((a.published - b.published).days) > gap)


def _joined_without_chaining(
    size: int, edges: Sequence[tuple[float, int, int]], compatible: Callable[[int, int], bool]
) -> list[list[int]]:
    """Reports of one figure's event: the closest pairs join first, and two groups join only
    when every member of one may tell the same event as every member of the other. A long
    story's tolls otherwise chain day by day and place by place (FA-KES: a toll of July 1
    joined to one of July 19 through those between) into one "dispute"."""
    members: dict[int, list[int]] = {item: [item] for item in range(size)}
    group_of = list(range(size))
    for _, a, b in sorted(edges, key=lambda edge: (-edge[0], edge[1], edge[2])):
        first, second = group_of[a], group_of[b]
        if first == second:
            continue
        if not all(compatible(x, y) for x in members[first] for y in members[second]):
            continue
        low, high = sorted((first, second))
        members[low].extend(members.pop(high))
        for item in members[low]:
            group_of[item] = low
    return [sorted(group) for group in members.values() if len(group) > 1]


def _components(union: UnionFind[int], size: int) -> list[list[int]]:
    """Reports of one event: every pair that passed the gates joins (for days, the call on
    Sunday and the talks on Monday chain into one component, which `_disputed` then
    splits as two things)."""
    grouped: dict[int, list[int]] = defaultdict(list)
    for item in range(size):
        grouped[union.find(item)].append(item)
    return [group for group in grouped.values() if len(group) > 1]


def _claims(statements: Sequence[Statement], reports: Sequence[_Report]) -> tuple[Claim, ...]:
    """One claim per distinct value, most-backed first; its text the first passage's."""
    by_value: dict[str, list[_Report]] = defaultdict(list)
    for report in reports:
        by_value[report.value].append(report)
    claims = []
    for value, backing in by_value.items():
        passages = tuple(dict.fromkeys(statements[r.statement].passage for r in backing))
        sources = tuple(dict.fromkeys(p.article_id for p in passages))
        claims.append(Claim(passages[0].text, sources, passages, value))
    return tuple(sorted(claims, key=lambda c: (-len(c.sources), c.value or "")))


def _figures_disagree(figure: Mapping[str, QuantityMention]) -> Callable[[Claim, Claim], bool]:
    """Whether two claims' figures (looked up by their value text) cannot both be true."""

    def disagree(first: Claim, second: Claim) -> bool:
        return not agree(figure[str(first.value)], figure[str(second.value)])

    return disagree


def _disputed(
    claims: Sequence[Claim],
    max_shared: float,
    disagree: Callable[[Claim, Claim], bool] = lambda x, y: x.value != y.value,
) -> tuple[Claim, ...]:
    """The claims that really oppose another: values that cannot both be true, given by
    mostly different sources. When the sources giving one value mostly give the other too,
    the two belong to two things ("the call on Sunday", "the talks on Monday") or to one
    told and then updated (7, then 8 killed), not to one thing told two ways. A source may
    still contradict itself."""
    kept = []
    for claim in claims:
        for other in claims:
            if other is claim or not disagree(claim, other):
                continue
            both = set(claim.sources) & set(other.sources)
            if len(both) / min(len(claim.sources), len(other.sources)) <= max_shared:
                kept.append(claim)
                break
    return tuple(kept)


def _number_text(quantity: QuantityMention) -> str:
    value = f"{quantity.value:g}"
    return f"{quantity.qualifier} {value}" if quantity.qualifier else value


def _dated_mentions(statements: Sequence[Statement]) -> list[tuple[int, DatedMention]]:
    return [
        (index, mention)
        for index, statement in enumerate(statements)
        for mention in statement.dates
    ]


def date_windows(statements: Sequence[Statement], settings: FuseSettings) -> list[str]:
    """The words around each day the statements name, which `date_conflicts` encodes to
    tell the events apart (none where fewer than two days are named: nothing to compare)."""
    mentions = _dated_mentions(statements)
    return _windows(statements, mentions, settings) if len(mentions) >= 2 else []


def _windows(
    statements: Sequence[Statement],
    mentions: Sequence[tuple[int, DatedMention]],
    settings: FuseSettings,
) -> list[str]:
    return [_window(statements[i], mention, settings.date_window_words) for i, mention in mentions]


def _window(statement: Statement, mention: DatedMention, width: int) -> str:
    """Up to `width` words either side of the day's words, the day's words left out."""
    local_start = mention.start - statement.start
    local_end = mention.end - statement.start
    before = statement.text[: max(local_start, 0)].split()[-width:]
    after = statement.text[max(local_end, 0) :].split()[:width]
    return " ".join(before + after)


def _trimmed(words: str) -> str:
    """A window without the dangling small words and punctuation at its ends."""
    tokens = [t.strip(".,;:!?\"'“”‘’()") for t in words.split()]
    tokens = [t for t in tokens if t]
    while tokens and tokens[-1].lower() in STOP_WORDS:
        tokens.pop()
    while tokens and tokens[0].lower() in STOP_WORDS:
        tokens.pop(0)
    return " ".join(tokens)


def _window_similarity(windows: Sequence[str], encode: Encoder | None) -> Matrix:
    bags = [content_words(window) for window in windows]
    size = len(windows)
    overlap = np.zeros((size, size), dtype=np.float32)
    for a in range(size):
        for b in range(a, size):
            union = bags[a] | bags[b]
            overlap[a, b] = overlap[b, a] = len(bags[a] & bags[b]) / len(union) if union else 0.0
    if encode is None:
        return overlap
    vectors = encode(list(windows))
    similarity: Matrix = np.maximum(overlap, np.clip(vectors @ vectors.T, 0.0, 1.0))
    return similarity.astype(np.float32)
