"""Statements: the sentences of a story's articles, with what fusion compares them by.

A statement is one sentence of one cleaned article, carrying the canonical entities it
mentions (from the story's extraction), its quantities, the calendar days it names, the
quotes it contains, and its content words. Fusion aligns statements, never raw text.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS

from newsfuse.extract.dates import NO_PUBLICATION_DATE
from newsfuse.extract.story import quote_key
from newsfuse.model import (
    HEADLINE,
    Article,
    Passage,
    QuantityMention,
    StoryExtraction,
    TimeMention,
)

__all__ = [
    "DatedMention",
    "Statement",
    "build_statements",
    "content_words",
    "headline_statements",
]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_DAY = re.compile(
    r"\b(?:(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>[A-Za-z]{3,9}))\b(?!\s*,?\s*\d{4})"
)


@dataclass(frozen=True, slots=True)
class DatedMention:
    """A calendar day a statement names, with the words that name it. `inferred` marks a
    month and day whose year was taken from the story (the article itself is undated)."""

    day: dt.date
    text: str
    start: int
    end: int
    inferred: bool = False
    # The day of something planned ("talks set for Monday", "expected to take place on
    # June 2"), not of something that happened: the two are never one event.
    planned: bool = False
    # The day of a telling or of what followed ("police said Sunday", "was charged
    # Monday", "remained in critical condition Tuesday"), not of the event reported.
    told: bool = False


@dataclass(frozen=True, slots=True)
class Statement:
    article_id: str
    sentence: int
    text: str
    words: frozenset[str]
    entities: frozenset[str]
    places: frozenset[str]
    quantities: tuple[QuantityMention, ...]
    dates: tuple[DatedMention, ...]
    quotes: frozenset[str]
    start: int
    published: dt.date | None = None

    @property
    def passage(self) -> Passage:
        return Passage(self.article_id, self.sentence, self.text)


def content_words(text: str) -> frozenset[str]:
    """Lower-cased content words, stop words dropped, crude plural/tense endings cut, so
    "bridges"/"bridge" and "killed"/"kills" meet."""
    words = set()
    for word in _WORD.findall(text.lower()):
        if word in STOP_WORDS or len(word) < 3:
            continue
        words.add(_stem(word))
    return frozenset(words)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def build_statements(
    articles: Sequence[Article],
    extraction: StoryExtraction,
    *,
    min_words: int,
    reference: dt.date | None,
) -> list[Statement]:
    """Every sentence of at least `min_words` words in the annotated articles, in article
    then sentence order. `reference` (the story's first publication day) gives a year to
    "June 1" in an article that has no date of its own."""
    entity_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    place_of: dict[tuple[str, int], set[str]] = defaultdict(set)
    for entity in extraction.entities:
        for mention in entity.mentions:
            entity_of[(mention.article_id, mention.sentence)].add(entity.entity_id)
            if entity.type in {"GPE", "LOC", "FAC"}:
                place_of[(mention.article_id, mention.sentence)].add(entity.entity_id)
    statements = []
    for article in articles:
        annotations = article.annotations
        if annotations is None or annotations.skipped:
            continue
        quantities: dict[int, list[QuantityMention]] = defaultdict(list)
        for quantity in annotations.quantities:
            quantities[quantity.sentence].append(quantity)
        times: dict[int, list[TimeMention]] = defaultdict(list)
        for time in annotations.times:
            times[time.sentence].append(time)
        quotes: dict[int, set[str]] = defaultdict(set)
        for quote in annotations.quotes:
            for index in range(quote.sentence, quote.last_sentence + 1):
                quotes[index].add(quote_key(quote.text))
        undated = article.published_date is None
        for sentence in annotations.sentences:
            words = content_words(sentence.text)
            if len(sentence.text.split()) < min_words or not words:
                continue
            key = (article.id, sentence.index)
            statements.append(
                Statement(
                    article_id=article.id,
                    sentence=sentence.index,
                    text=sentence.text,
                    words=words,
                    entities=frozenset(entity_of.get(key, ())),
                    places=frozenset(place_of.get(key, ())),
                    quantities=tuple(quantities.get(sentence.index, ())),
                    dates=_days(
                        times.get(sentence.index, ()),
                        reference if undated else None,
                        sentence.text,
                        sentence.start,
                    ),
                    quotes=frozenset(quotes.get(sentence.index, ())),
                    start=sentence.start,
                    published=article.published_date,
                )
            )
    return statements


def _days(
    times: Sequence[TimeMention], reference: dt.date | None, text: str, offset: int
) -> tuple[DatedMention, ...]:
    """Single calendar days the sentence names; in an undated article, a month and day take
    their year from `reference` (the nearest such day to it)."""
    days = []
    for time in times:
        if not _ONE_DAY.search(time.text):
            continue  # "this week", "last year", "recently": no one day to dispute
        planned = bool(_PLANNED.search(text[: max(time.start - offset, 0)]))
        told = time.governor in TELLING_OR_AFTER
        if time.kind == "date" and time.first is not None and time.first == time.last:
            days.append(
                DatedMention(
                    time.first, time.text, time.start, time.end, planned=planned, told=told
                )
            )
        elif reference is not None and time.reason == NO_PUBLICATION_DATE:
            day = _month_day(time.text, reference)
            if day is not None:
                days.append(
                    DatedMention(
                        day, time.text, time.start, time.end, True, planned=planned, told=told
                    )
                )
    return tuple(days)


#: Words that name one day (a weekday, a month and day, a numeric date, a day relative to
#: another), as opposed to a week, a month, a year or "recently".
_ONE_DAY = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|"
    r"yesterday|tomorrow|eve|same day|day (?:before|after)|\w+ days? (?:ago|later|earlier)|"
    r"last night|this (?:morning|afternoon|evening)|"
    r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4})\b"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.I,
)
#: Lemmas of the verbs and nouns whose day is that of a telling, a page's stamp or what
#: followed the event (gva-dev: "authorities said Sunday", "Posted: Sunday, May 12",
#: "was charged Tuesday", "her condition improved Thursday"), never the event's own.
TELLING_OR_AFTER = frozenset(
    """say tell announce report confirm state add release post publish update tweet write
    reveal declare comment speak issue brief disclose explain describe note inform
    notify acknowledge admit deny file arrest charge book arraign indict
    sentence convict plead appear testify identify discharge remain improve search
    investigate conference briefing statement hearing arraignment appearance vigil funeral
    memorial interview""".split()
)
#: Words before a day that make it the day of something planned, not of what happened.
_PLANNED = re.compile(
    r"\b(?:set (?:for|to)|scheduled|expected|planned|plans? to|due|will|upcoming|forthcoming|"
    r"to be held|slated|to take place|to resume|imminent)\b",
    re.I,
)


def _month_day(text: str, reference: dt.date) -> dt.date | None:
    match = _MONTH_DAY.search(text)
    if match is None:
        return None
    month = _MONTHS.get((match["month"] or match["month2"] or "").lower())
    day = int(match["day"] or match["day2"])
    if month is None:
        return None
    candidates = []
    for year in (reference.year - 1, reference.year, reference.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    return min(candidates, key=lambda day_: abs((day_ - reference).days))


def headline_statements(articles: Sequence[Article]) -> list[Statement]:
    """The titles that state a count, as statements for the story's figures alone (they are
    no sentence of the text, so they are aligned, summarised and dated nowhere else)."""
    statements = []
    for article in articles:
        annotations = article.annotations
        if annotations is None or not annotations.headline_quantities or not article.title:
            continue
        statements.append(
            Statement(
                article_id=article.id,
                sentence=HEADLINE,
                text=article.title,
                words=content_words(article.title),
                entities=frozenset(),
                places=frozenset(),
                quantities=annotations.headline_quantities,
                dates=(),
                quotes=frozenset(),
                start=0,
                published=article.published_date,
            )
        )
    return statements
