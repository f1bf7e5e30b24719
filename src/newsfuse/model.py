"""The records that flow between stages: frozen, slotted, plain data.

Every stage takes records and returns new ones (`dataclasses.replace`), so the same stage
functions run in-process or inside the partitions of a distributed engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "Article",
    "Brief",
    "Claim",
    "Conflict",
    "EntityRecord",
    "Fact",
    "Family",
    "FamilyMatch",
    "Quantity",
    "Quote",
    "ReadWarning",
    "Removal",
    "RemovalReason",
    "RunReport",
    "SentenceLink",
    "Skip",
    "SkipReason",
    "SourceRecord",
    "Story",
    "SummarySentence",
    "TimelineEntry",
]


class SkipReason(StrEnum):
    """Why an input (or one record inside it) did not become an Article."""

    EMPTY = "empty"
    BINARY = "binary"
    BAD_ENCODING = "bad_encoding"
    TOO_LARGE = "too_large"
    TRUNCATED_GZIP = "truncated_gzip"
    MALFORMED_JSON = "malformed_json"
    MISSING_FIELD = "missing_field"
    MALFORMED_HTML = "malformed_html"
    MALFORMED_WARC = "malformed_warc"
    NO_TEXT = "no_text"
    UNREADABLE = "unreadable"
    NOT_FOUND = "not_found"
    UNSUPPORTED = "unsupported"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class Skip:
    """An input, or one record in it, that could not become an Article, and why."""

    input: str
    reason: SkipReason
    detail: str


@dataclass(frozen=True, slots=True)
class ReadWarning:
    """Something a reader recovered from: the Article was kept, but a user should know."""

    input: str
    kind: str
    detail: str


class RemovalReason(StrEnum):
    """Why `clean` took a piece of text out of an article's body."""

    ERROR_PAGE = "error_page"
    REPEATED_PARAGRAPH = "repeated_paragraph"
    LEGAL_DISCLAIMER = "legal_disclaimer"
    LINK_LIST = "link_list"
    RELATED_LINK = "related_link"
    COMMENT_WIDGET = "comment_widget"
    BYLINE = "byline"
    CREDIT_LINE = "credit_line"
    HEADLINE = "headline"
    OUTLET_BOILERPLATE = "outlet_boilerplate"
    NO_WORDS = "no_words"


#: What each reason means, for reports and the rendered brief.
REMOVAL_REASON_TEXT: dict[RemovalReason, str] = {
    RemovalReason.ERROR_PAGE: "error-page text captured by the crawler",
    RemovalReason.REPEATED_PARAGRAPH: "a paragraph repeated inside the article (one copy kept)",
    RemovalReason.LEGAL_DISCLAIMER: "a legal disclaimer",
    RemovalReason.LINK_LIST: "a list of links or headlines to other pages",
    RemovalReason.RELATED_LINK: "a teaser linking to another article",
    RemovalReason.COMMENT_WIDGET: "a comment widget",
    RemovalReason.BYLINE: "a byline (kept as metadata)",
    RemovalReason.CREDIT_LINE: "a credit or agency line (kept as metadata)",
    RemovalReason.HEADLINE: "the headline (kept as the article's title)",
    RemovalReason.OUTLET_BOILERPLATE: "a line this outlet repeats under many articles",
    RemovalReason.NO_WORDS: "a line with no words (layout residue)",
}


@dataclass(frozen=True, slots=True)
class Removal:
    """One piece of text `clean` removed, where it was, and why."""

    text: str
    reason: RemovalReason
    paragraph: int


@dataclass(frozen=True, slots=True)
class Article:
    """One news article: what was read, and what `clean` made of it.

    `id` is stable: a file's name without extension, a JSONL record's `id`, or a hash of
    what identifies a record (a WARC record id). `origin` names the input it came from.
    `paragraphs` is empty until `clean` has run; `removals` says what it took out; bylines,
    credit lines ("(with ANI inputs)") and the agency tag opening the text ("(MENAFN)") are
    kept as metadata.
    """

    id: str
    text: str
    origin: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | dt.datetime | None = None
    status: int | None = None
    paragraphs: tuple[str, ...] = ()
    removals: tuple[Removal, ...] = ()
    bylines: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    agency: str | None = None
    family: str | None = None
    family_match: FamilyMatch | None = None
    voice: str | None = None

    @property
    def published_date(self) -> dt.date | None:
        """The calendar day of publication, whether a date or a datetime was read."""
        if isinstance(self.published, dt.datetime):
            return self.published.date()
        return self.published

    @property
    def outlet(self) -> str | None:
        """Who published it: the named source, else the agency tag opening the text."""
        return self.source or self.agency

    @property
    def clean_text(self) -> str:
        """The cleaned body, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class FamilyMatch:
    """How an article joined its family: the member it matched, and their shingle Jaccard."""

    article_id: str
    matched: str
    jaccard: float


@dataclass(frozen=True, slots=True)
class Family:
    """Copies and near-copies of one text (syndication, light rewrites, wire updates).

    `canonical` is the member that stands for the family (longest text, then earliest, then
    smallest id); `evidence` holds one match per other member; a family speaks with one voice.
    """

    family_id: str
    canonical: str
    members: tuple[str, ...]
    evidence: tuple[FamilyMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class SentenceLink:
    """Two articles of different families that share sentences (or quoted spans) verbatim.

    `shared` counts the distinct normalised sentences both contain; `same_outlet` marks the
    pairs that make the two one voice (one outlet rewriting one dispatch).
    """

    first: str
    second: str
    shared: int
    same_outlet: bool
    sentences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Story:
    """Articles about one real-world story."""

    story_id: str
    headline: str
    article_ids: tuple[str, ...]


# --- The brief: the JSON contract of ../shared/DESIGN.md -------------------------------


@dataclass(frozen=True, slots=True)
class SummarySentence:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: dt.date
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    text: str
    sources: tuple[str, ...]
    independent_sources: int


@dataclass(frozen=True, slots=True)
class Quantity:
    what: str
    value: float
    qualifier: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityRecord:
    name: str
    type: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str | None
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Claim:
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    about: str
    claims: tuple[Claim, ...]


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One article as the brief shows it: who, when, and what cleaning removed."""

    id: str
    outlet: str | None
    published: dt.date | None
    status: int | None
    family: str
    title: str | None = None
    url: str | None = None
    unique_facts: tuple[str, ...] = ()
    removed: tuple[Removal, ...] = ()
    bylines: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Brief:
    """The account of one story; fields later stages fill may still be empty."""

    story_id: str
    headline: str
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    facts: tuple[Fact, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[EntityRecord, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    single_source: tuple[Claim, ...] = ()
    sources: tuple[SourceRecord, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one run read, skipped (and why), recovered from, removed, and produced."""

    inputs: int
    articles: int
    skipped: tuple[Skip, ...]
    warnings: tuple[ReadWarning, ...]
    removals: tuple[tuple[RemovalReason, int], ...]
    stories: int
    families: int = 0

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for skip in self.skipped:
            counts[skip.reason.value] = counts.get(skip.reason.value, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def removed_lines(self) -> int:
        return sum(count for _, count in self.removals)
