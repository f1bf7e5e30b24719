"""Time expressions, resolved to calendar days against the article's publication date.

Candidates are spaCy's DATE/TIME entities plus a few patterns spaCy misses ("that same
day", "on the eve of the talks", "one day before the negotiations"). Resolution, in order:
durations are kept as such; a relative expression inside a quote stays unresolved (it is
the speaker's "today", not the article's); weekdays follow the tense of their sentence;
weekends are ranges; "the same day" takes the date before it; "the eve of the talks" is
the day before the talks' date when the article gives it; everything else goes to
dateparser with the publication date as its base. What cannot be dated keeps its reason.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from dateparser.search import search_dates
from spacy.tokens import Span, Token

from newsfuse.extract.parse import ParsedText, Piece
from newsfuse.model import TimeMention

__all__ = ["NO_PUBLICATION_DATE", "find_times"]

#: Why a date stayed unresolved in an undated article (fusion gives such a month and day
#: the story's year).
NO_PUBLICATION_DATE = "no publication date to resolve against"

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower() for name in calendar.month_name if name} | {
    name.lower() for name in calendar.month_abbr if name
}
#: Words that make a span a date at all: dateparser alone reads "We" as Wednesday and
#: "1,000-for-1,000" as 1 January (../shared/DEPENDENCIES.md), so a span needs one of these
#: or a written-out date ("2025-06-02", "6/1").
DATE_WORDS = (
    set(WEEKDAYS)
    | MONTHS
    | set(
        """today yesterday tomorrow tonight day days week weeks weekend weekends month months
        year years night morning afternoon evening eve hour hours decade decades minute
        minutes""".split()
    )
)
DURATION_UNITS = frozenset(
    "hour hours day days week weeks month months year years decade decades minute minutes".split()
)
#: Words that anchor a unit to a moment ("two days ago", "the same day"); a unit without
#: one is a duration ("over 18 months", "in years").
ANCHORS = frozenset(
    """ago last past next this later earlier before after same eve previous coming since
    until""".split()
)
#: Nouns for scheduled events that "the eve of …" and "a day before …" refer to; the
#: event's date is a date the article gives in a sentence naming one of them.
EVENT_NOUNS = (
    "talks|negotiations|meeting|summit|discussions|vote|election|visit|hearing|trial|"
    "ceremony|conference|match|game|deadline"
)
#: Words for one kind of event, any of which can name the talks a date is given for.
MEETING_NOUNS = frozenset("talks negotiations meeting discussions summit".split())
#: Verbs that put a weekday in the future even in a past-tense form ("talks set for Monday").
FUTURE_CUES = frozenset("set schedule expect plan due intend prepare".split())

_PATTERNS = (
    re.compile(r"\b(?:that|the)\s+same\s+day\b", re.I),
    re.compile(rf"\bthe\s+eve\s+of\s+the\s+(?:[a-z-]+\s+){{0,2}}?(?:{EVENT_NOUNS})\b", re.I),
    re.compile(
        rf"\b(?:one|a|two|three|\d+)\s+days?\s+(?:before|after)\s+the\s+"
        rf"(?:[a-z-]+\s+){{0,2}}?(?:{EVENT_NOUNS})\b",
        re.I,
    ),
    re.compile(r"\b(?:late\s+|early\s+)?(?:" + "|".join(WEEKDAYS) + r")\b", re.I),
    re.compile(r"\bthe\s+(?:past|last|previous)\s+weekend\b", re.I),
)
_NUMERIC_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")
_DAYS_OFFSET = re.compile(r"\b(one|a|two|three|\d+)\s+days?\s+(before|after)\b", re.I)
_SMALL_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3}


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    span: Span
    piece: Piece


def find_times(
    parsed: ParsedText,
    *,
    published: dt.date | None,
    quoted: Sequence[tuple[int, int]] = (),
) -> tuple[TimeMention, ...]:
    """Every time expression of the article, resolved where the text allows."""
    candidates = _candidates(parsed)
    first_pass = [(c.span, _resolve(c, published, quoted)) for c in candidates]
    return tuple(_resolve_anaphora(first_pass, published))


def _candidates(parsed: ParsedText) -> list[_Candidate]:
    found: list[_Candidate] = []
    for piece in parsed.pieces:
        spans = [_with_night_of(ent) for ent in piece.doc.ents if ent.label_ in {"DATE", "TIME"}]
        for pattern in _PATTERNS:
            for match in pattern.finditer(piece.doc.text):
                span = piece.doc.char_span(match.start(), match.end(), alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        found.extend(
            _longest_first(
                [
                    _Candidate(
                        piece.offset + span.start_char, piece.offset + span.end_char, span, piece
                    )
                    for span in spans
                    if _is_date_like(span.text)
                ]
            )
        )
    return found


def _with_night_of(ent: Span) -> Span:
    """ "the night" + "of" + "May 31" is one expression."""
    doc = ent.doc
    if (
        ent.label_ == "TIME"
        and ent.end + 1 < len(doc)
        and doc[ent.end].lower_ == "of"
        and doc[ent.end + 1].ent_type_ == "DATE"
    ):
        end = ent.end + 2
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return doc[ent.start : end]
    return ent


def _is_date_like(text: str) -> bool:
    words = set(re.findall(r"[a-z]+", text.lower()))
    return bool(words & DATE_WORDS) or bool(_NUMERIC_DATE.search(text))


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    """Overlapping candidates: keep the longest; return in text order."""
    kept: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def _mention(
    candidate: _Candidate,
    kind: str,
    first: dt.date | None = None,
    last: dt.date | None = None,
    reason: str | None = None,
) -> TimeMention:
    return TimeMention(
        text=candidate.span.text,
        sentence=candidate.piece.sentence_of(candidate.span[0]),
        start=candidate.start,
        end=candidate.end,
        kind=kind,
        first=first,
        last=first if last is None else last,
        reason=reason,
        governor=_governor(candidate.span),
    )


def _governor(span: Span) -> str | None:
    """The lemma of the verb or common noun the expression hangs from, through its
    preposition ("arrested … on Sunday": "arrest"), or None where the parse gives none. A
    subject is passed for its verb (the parser hangs "on Tuesday" on "police" in "police on
    Tuesday charged …"), and a time word for what it hangs from ("arrested Monday
    afternoon", where "Monday" hangs from "afternoon")."""
    token: Token = span.root
    for _ in range(4):
        if token.head is token:
            return None
        token = token.head
        if (
            span.start <= token.i < span.end
            or token.pos_ not in {"VERB", "AUX", "NOUN"}
            or token.lower_ in DATE_WORDS  # "Monday" + "afternoon": one time
        ):
            continue
        if token.pos_ == "NOUN" and token.dep_ in {"nsubj", "nsubjpass"}:
            token = token.head
        return token.lemma_.lower()
    return None


def _resolve(
    candidate: _Candidate, published: dt.date | None, quoted: Sequence[tuple[int, int]]
) -> TimeMention:
    text = candidate.span.text
    lower = text.lower()
    words = set(re.findall(r"[a-z]+", lower))
    explicit = bool(words & MONTHS or _YEAR.search(text) or _NUMERIC_DATE.search(text))
    if words & DURATION_UNITS and not words & ANCHORS and not explicit:
        return _mention(candidate, "duration", reason="a duration, not a point in time")
    if not explicit and any(s <= candidate.start and candidate.end <= e for s, e in quoted):
        return _mention(
            candidate, "date", reason="relative expression inside a quote: the speaker's day"
        )
    if "same day" in lower or " eve of " in f" {lower}" or _DAYS_OFFSET.search(lower):
        return _mention(candidate, "date", reason="refers to another date")  # second pass
    if published is None and not _YEAR.search(text):
        return _mention(candidate, "date", reason=NO_PUBLICATION_DATE)
    weekday = words & set(WEEKDAYS)
    if weekday and not words & MONTHS and published is not None:
        day = _weekday(published, WEEKDAYS[weekday.pop()], _tense(candidate.span))
        return _mention(candidate, "date", day)
    if "weekend" in words and published is not None:
        return _weekend(candidate, published, words)
    return _parsed(candidate, published, words)


def _weekend(candidate: _Candidate, published: dt.date, words: set[str]) -> TimeMention:
    if not words & {"past", "last", "previous"}:
        return _mention(candidate, "range", reason="which weekend is not said")
    days_back = (published.weekday() - 5) % 7 or 7  # back to the last Saturday
    saturday = published - dt.timedelta(days=days_back)
    if saturday + dt.timedelta(days=1) >= published:
        saturday -= dt.timedelta(days=7)
    return _mention(candidate, "range", saturday, saturday + dt.timedelta(days=1))


#: An abbreviated month with its dot ("Oct.", "Sept.", "Feb.").
_MONTH_DOT = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.", re.I)


def _parsed(candidate: _Candidate, published: dt.date | None, words: set[str]) -> TimeMention:
    # Without a publication day only spans naming a year get here: the year's first day is
    # the base, so nothing the text leaves open is filled in from the clock of the run.
    year = _YEAR.search(candidate.span.text)
    if published is not None:
        base: dt.datetime | None = dt.datetime.combine(published, dt.time())
    else:
        base = dt.datetime(int(year.group()), 1, 1) if year else None
    # "current_period": a month and day without a year is in the publication's year; a
    # tense-driven "future" moves "June 2" a year on when published on June 2 itself.
    settings: dict[str, object] = {
        "PREFER_DATES_FROM": "current_period",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = base
    # dateparser reads "Oct." alone as a month on the base's day ("Oct. 21" → Oct. 9): the
    # newsroom abbreviations lose their dot first.
    text = _MONTH_DOT.sub(r"\1", candidate.span.text)
    found = search_dates(text, languages=["en"], settings=settings)
    hits = [(words_, when) for words_, when in found or () if _is_date_like(words_)]
    if not hits:
        return _mention(candidate, "date", reason="no calendar date in these words")
    day = hits[0][1].date()
    if words & MONTHS and not _DAY_NUMBER.search(candidate.span.text):
        last = day.replace(day=calendar.monthrange(day.year, day.month)[1])
        return _mention(candidate, "range", day.replace(day=1), last)
    if not words & MONTHS and _YEAR.fullmatch(candidate.span.text.strip()):
        return _mention(candidate, "range", dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    return _mention(candidate, "date", day)


def _weekday(published: dt.date, weekday: int, tense: str) -> dt.date:
    """The weekday the sentence means: the publication day itself, else the last one for
    the past, the next one for the future, the nearest (never over 3 days) otherwise."""
    forward = (weekday - published.weekday()) % 7
    if forward == 0:
        return published
    if tense == "past" or (tense == "present" and forward > 3):
        return published - dt.timedelta(days=7 - forward)
    return published + dt.timedelta(days=forward)


def _tense(span: Span) -> str:
    """ "past", "future" or "present": of the verb the expression hangs from."""
    token: Token = span.root
    for _ in range(6):
        if token.pos_ in {"VERB", "AUX"} or token.head is token:
            break
        token = token.head
    if token.pos_ not in {"VERB", "AUX"}:
        return "present"
    aux = {child.lower_ for child in token.children if child.dep_ in {"aux", "auxpass"}}
    if token.lemma_ in FUTURE_CUES:
        return "future"
    while (
        not aux
        and token.dep_ == "conj"
        and token.tag_ in {"VBN", "VB"}
        and token.head.pos_ in {"VERB", "AUX"}
    ):
        # "was shot and killed late Saturday": a participle or bare verb joined to another
        # shares its auxiliary ("… and appears in court Tuesday" keeps its own tense).
        token = token.head
        aux = {child.lower_ for child in token.children if child.dep_ in {"aux", "auxpass"}}
    if aux & {"will", "'ll", "shall"} or token.lemma_ in FUTURE_CUES:
        return "future"
    if token.tag_ == "VBD" or aux & {"was", "were", "had", "has", "have", "did"}:
        return "past"
    if token.tag_ == "VBN" and not aux:
        return "past"  # a passive without its auxiliary: "Man killed Saturday in shooting"
    return "present"


def _resolve_anaphora(
    first_pass: list[tuple[Span, TimeMention]], published: dt.date | None
) -> list[TimeMention]:
    """Second pass, in text order: "the same day" and "the eve of the talks"."""
    resolved: list[TimeMention] = []
    for _, mention in first_pass:
        if mention.reason == "refers to another date":
            mention = _anaphor(mention, resolved, first_pass, published)
        resolved.append(mention)
    return resolved


def _anaphor(
    mention: TimeMention,
    before: list[TimeMention],
    every: list[tuple[Span, TimeMention]],
    published: dt.date | None,
) -> TimeMention:
    lower = mention.text.lower()
    if published is None:
        return replace(mention, reason=NO_PUBLICATION_DATE)
    if "same day" in lower:
        earlier = [m for m in before if m.first is not None and m.kind == "date"]
        if not earlier:
            return replace(mention, reason="no earlier date for 'the same day'")
        return replace(mention, first=earlier[-1].first, last=earlier[-1].first, reason=None)
    offset = _days_offset(lower)
    noun = re.search(rf"\b({EVENT_NOUNS})\b", lower)
    event_day = _event_date(noun.group(1) if noun else "", mention, every)
    if event_day is None:
        return replace(mention, reason="the article gives no date for the event it refers to")
    day = event_day + dt.timedelta(days=offset)
    return replace(mention, first=day, last=day, reason=None)


def _days_offset(lower: str) -> int:
    if " eve of " in f" {lower}":
        return -1
    match = _DAYS_OFFSET.search(lower)
    if match is None:
        return 0
    number = match.group(1).lower()
    count = _SMALL_NUMBERS.get(number) or int(number)
    return -count if match.group(2).lower() == "before" else count


def _event_date(
    noun: str, mention: TimeMention, every: list[tuple[Span, TimeMention]]
) -> dt.date | None:
    """The date the article gives for an event named by `noun` (or a synonym of it): a
    date the parse attaches to such a noun ("the meeting …, which is set for June 2")."""
    names = MEETING_NOUNS if noun in MEETING_NOUNS else {noun}
    for span, other in every:
        if other is mention or other.first is None or other.kind != "date":
            continue
        if any(ancestor.lower_ in names for ancestor in span.root.ancestors):
            return other.first
    return None
