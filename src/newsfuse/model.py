"""The records that flow between stages: frozen, slotted, plain data.

Every stage takes records and returns new ones (`dataclasses.replace`), so the same stage
functions run in-process or inside the partitions of a distributed engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

__all__ = [
    "HEADLINE",
    "Article",
    "ArticleAnnotations",
    "Attribution",
    "Brief",
    "Claim",
    "Conflict",
    "ConflictKind",
    "Entity",
    "EntityMention",
    "EntityRecord",
    "Fact",
    "Family",
    "FamilyMatch",
    "JoinEvidence",
    "MentionRef",
    "Passage",
    "Quantity",
    "QuantityMention",
    "Quote",
    "QuoteMention",
    "ReadWarning",
    "Removal",
    "RemovalReason",
    "RunReport",
    "Sentence",
    "SentenceLink",
    "Skip",
    "SkipReason",
    "SourceRecord",
    "Story",
    "StoryExtraction",
    "SummarySentence",
    "TimeMention",
    "TimelineEntry",
]


class SkipReason(StrEnum):
    """Why an input (or one record inside it) did not become an Article."""

    EMPTY = "empty"
    BINARY = "binary"
    BAD_ENCODING = "bad_encoding"
    TOO_LARGE = "too_large"
    TIMEOUT = "timeout"  # over the per-document time limit (issue 8)
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
    ACCOUNT_PROMPT = "account_prompt"
    VIDEO_PLAYLIST = "video_playlist"


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
    RemovalReason.ACCOUNT_PROMPT: "the site's sign-in, subscription or newsletter prompt",
    RemovalReason.VIDEO_PLAYLIST: "the site's list of videos",
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
    annotations: ArticleAnnotations | None = None

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

    @property
    def cleaned(self) -> bool:
        """Whether `clean` ran on it: a body it emptied (a paywall, a playlist) is empty
        text to every later stage, never the raw text again."""
        return bool(self.paragraphs or self.removals)

    @property
    def body_text(self) -> str:
        """What later stages read: the cleaned body, or the text as read where `clean`
        never ran."""
        return self.clean_text if self.cleaned else self.text


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
    """Articles about one real-world story, and why each one after the first joined it."""

    story_id: str
    headline: str
    article_ids: tuple[str, ...]
    evidence: tuple[JoinEvidence, ...] = ()


@dataclass(frozen=True, slots=True)
class JoinEvidence:
    """Why `article_id` joined its story: the member it is closest to, and what they share.

    `similarity` is the story-level score that decided the join (average over the story's
    members, events told apart within the topic); `closest_similarity` is the score with
    `closest` alone; `shared` the terms (words, names, numbers) weighing most in that match;
    `shared_years` the years both mention. A user auditing a merge reads these first.
    """

    article_id: str
    closest: str
    similarity: float
    closest_similarity: float
    shared: tuple[str, ...] = ()
    shared_years: tuple[int, ...] = ()


# --- Extraction (issue 4): per-article annotations and story-level entities -----------
# Offsets (`start`, `end`) are character offsets into `Article.clean_text`; `sentence` is
# the index of the sentence in `ArticleAnnotations.sentences`.


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of a cleaned article, where it lies in `clean_text`."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class EntityMention:
    """A named entity as one article writes it; `role` is the title the text gives a person
    right before the name ("Russian Foreign Minister")."""

    text: str
    label: str
    sentence: int
    start: int
    end: int
    role: str | None = None


@dataclass(frozen=True, slots=True)
class TimeMention:
    """A time expression and the calendar days it names, or why it names none.

    `kind` is "date", "range" or "duration"; `first`..`last` is the resolved day or range
    (equal for a single day); `reason` says why an expression stayed unresolved;
    `governor` is the lemma of the verb or noun the expression hangs from ("say" in
    "police said Sunday", "shooting" in "Saturday's shooting"): the day of what.
    """

    text: str
    sentence: int
    start: int
    end: int
    kind: str
    first: dt.date | None = None
    last: dt.date | None = None
    reason: str | None = None
    governor: str | None = None


#: The sentence number of an article's title, which stands before its first sentence.
HEADLINE = -1


@dataclass(frozen=True, slots=True)
class QuantityMention:
    """A number with what it counts: `noun` ("people"), `predicate` ("killed"), `qualifier`
    ("at least", None when exact) and `unit` ("percent", "kilometres"). `implicit` marks a
    count of one that no number states ("a man was killed": `text` is "a man")."""

    text: str
    value: float
    sentence: int
    start: int
    end: int
    qualifier: str | None = None
    noun: str | None = None
    predicate: str | None = None
    unit: str | None = None
    implicit: bool = False

    @property
    def what(self) -> str | None:
        """ "people killed", "drones", "injured": the counted thing as the text says it."""
        words = [word for word in (self.noun, self.predicate) if word]
        return " ".join(words) or None


@dataclass(frozen=True, slots=True)
class QuoteMention:
    """A direct quote (text inside the quote marks) and who the article says spoke it.

    `speaker` is the speaker as this article names it (a pronoun already resolved to the
    name it stands for); `cue` the words that attribute it ("wrote", "cited … as saying").
    """

    text: str
    sentence: int
    last_sentence: int
    start: int
    end: int
    speaker: str | None = None
    cue: str | None = None


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who a sentence says its content comes from: "according to ANI", "citing Reuters",
    "the ministry said"."""

    source: str
    cue: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleAnnotations:
    """What extraction found in one article; `skipped` says why nothing was, `limited_to`
    how many characters were read of an over-long text. `headline_quantities` are the
    counts the title states (sentence `HEADLINE`, offsets into the title on one line, as
    `headline_sentence` gives it), read even where the body is empty: a local report
    often gives its toll only there ("2 dead in house party shooting"), and a feed's
    headline-only item has nothing else. `headline_places` are the places the title names
    (sentence `HEADLINE`, their words as the title writes them), for the card's "where"
    alone: many a local report names its town only in its headline."""

    article_id: str
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quantities: tuple[QuantityMention, ...] = ()
    quotes: tuple[QuoteMention, ...] = ()
    attributions: tuple[Attribution, ...] = ()
    skipped: str | None = None
    limited_to: int | None = None
    headline_quantities: tuple[QuantityMention, ...] = ()
    headline_places: tuple[EntityMention, ...] = ()


@dataclass(frozen=True, slots=True)
class MentionRef:
    """Where one mention of a canonical entity is: article, sentence, and the words used."""

    article_id: str
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world entity across a story: canonical name, repaired type, every alias
    and mention, and the roles the text gives it."""

    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[MentionRef, ...]
    roles: tuple[str, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The articles that mention it, in first-mention order."""
        return tuple(dict.fromkeys(mention.article_id for mention in self.mentions))


@dataclass(frozen=True, slots=True)
class StoryExtraction:
    """What extraction found across one story: canonical entities and attributed quotes."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]


# --- The brief: the JSON contract of ../shared/DESIGN.md -------------------------------
# Every statement carries `sources` (article ids, the contract) and `passages`: where each
# source says it (sentence index into that article's annotations, and its words), so a
# reader can open the cited passage and a test can check the citation mechanically.


@dataclass(frozen=True, slots=True)
class Passage:
    """Where a statement stands in one source: the article, its sentence, the words."""

    article_id: str
    sentence: int
    text: str


@dataclass(frozen=True, slots=True)
class DisputedValue:
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dispute:
    """A conflict shown where the claim is made: what is disputed, each value with the
    sources that give it ("May 31 (002, 004) or June 1 (001, 003)")."""

    about: str
    values: tuple[DisputedValue, ...]


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary: cited to the sources that state its names, numbers and
    days (`passages`); sources reporting the fact in other words are `also_reported`."""

    text: str
    sources: tuple[str, ...]
    passages: tuple[Passage, ...] = ()
    also_reported: tuple[Passage, ...] = ()
    # The conflicts this sentence's figures or days are part of, said in place.
    disputes: tuple[Dispute, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    date: dt.date
    text: str
    sources: tuple[str, ...]
    passages: tuple[Passage, ...] = ()
    also_reported: tuple[Passage, ...] = ()
    disputes: tuple[Dispute, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    """One statement reported by one or more articles (aligned across them).

    `independent_sources` counts voices, not articles: copies of one wire text, rewrites
    sharing its sentences, and one outlet's several articles are one voice. `evidence`
    says why the passages were aligned (shared names, numbers, dates, similarity).
    `sources` (and `passages`) state the wording's names, numbers and days; the articles
    that report the fact in other words are `also_reported`, each with its own passage, and
    count among the independent sources.
    """

    text: str
    sources: tuple[str, ...]
    independent_sources: int
    passages: tuple[Passage, ...] = ()
    fact_id: str = ""
    dates: tuple[dt.date, ...] = ()
    evidence: tuple[str, ...] = ()
    also_reported: tuple[Passage, ...] = ()

    @property
    def reported_by(self) -> tuple[str, ...]:
        """Every article that reports the fact, cited or in other words."""
        return tuple(dict.fromkeys((*self.sources, *(p.article_id for p in self.also_reported))))


@dataclass(frozen=True, slots=True)
class Quantity:
    what: str
    value: float
    qualifier: str | None
    sources: tuple[str, ...]
    independent_sources: int = 0
    passages: tuple[Passage, ...] = ()
    # The thing counted in one vocabulary across sources ("killed", "bomber hit").
    kind: str = ""
    # Every report of it is an implicit one ("a man was killed"): consistent with any
    # count of one or more, so no competing value.
    implicit: bool = False


@dataclass(frozen=True, slots=True)
class CardEvent:
    """What happened, in a few words (a source's own headline), with who states it."""

    text: str
    sources: tuple[str, ...]
    independent_sources: int
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class CardDay:
    """A day of the event itself (not of the reporting); `disputed` where sources put it on
    different days."""

    date: dt.date
    sources: tuple[str, ...]
    independent_sources: int
    passages: tuple[Passage, ...] = ()
    disputed: bool = False


@dataclass(frozen=True, slots=True)
class CardPlace:
    name: str
    type: str
    sources: tuple[str, ...]
    independent_sources: int
    aliases: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class CardActor:
    name: str
    type: str
    role: str | None
    sources: tuple[str, ...]
    independent_sources: int
    aliases: tuple[str, ...] = ()
    passages: tuple[Passage, ...] = ()


@dataclass(frozen=True, slots=True)
class CardFigure:
    """One value of one count ("people killed": at least 7). `disputed`: another value of
    the same count cannot be true at the same time; `superseded`: a later report updated it
    (a toll of 7 on Sunday, 8 on Monday: an update, not a dispute)."""

    what: str
    value: float
    qualifier: str | None
    sources: tuple[str, ...]
    independent_sources: int
    passages: tuple[Passage, ...] = ()
    disputed: bool = False
    superseded: bool = False
    # How a value no source states in one number was worked out from values they do state
    # ("4 shot, 1 killed"), cited to the sources of both; None for a stated value.
    derived: str | None = None


@dataclass(frozen=True, slots=True)
class Card:
    """The story at a glance: what, when, where, who, how many; every slot a list, best
    backed first, every value cited, every competing value listed with its sources."""

    what: tuple[CardEvent, ...] = ()
    when: tuple[CardDay, ...] = ()
    where: tuple[CardPlace, ...] = ()
    who: tuple[CardActor, ...] = ()
    figures: tuple[CardFigure, ...] = ()

    def counts(self) -> dict[str, tuple[list[CardFigure], list[CardFigure]]]:
        """Each count ("people killed") with its current values and the values later
        reports superseded, in card order."""
        counts: dict[str, tuple[list[CardFigure], list[CardFigure]]] = {}
        for figure in self.figures:
            current, older = counts.setdefault(figure.what, ([], []))
            (older if figure.superseded else current).append(figure)
        return counts


@dataclass(frozen=True, slots=True)
class EntityRecord:
    name: str
    type: str
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    roles: tuple[str, ...] = ()
    mentions: tuple[MentionRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    speaker: str | None
    text: str
    sources: tuple[str, ...]
    attributed_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """One side of a conflict (or a single-source statement): what is claimed, by whom;
    `value` is the disputed value in a comparable form ("7", "2025-05-31", "Russia")."""

    text: str
    sources: tuple[str, ...]
    passages: tuple[Passage, ...] = ()
    value: str | None = None


class ConflictKind(StrEnum):
    """What sources disagree on."""

    NUMBER = "number"
    DATE = "date"
    ATTRIBUTION = "attribution"


@dataclass(frozen=True, slots=True)
class Conflict:
    about: str
    claims: tuple[Claim, ...]
    kind: ConflictKind = ConflictKind.NUMBER


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
    # The voice it speaks with (the smallest id among the sources it is one voice with:
    # same family, shared sentences of one outlet, or same outlet); `independent_sources`
    # counts these.
    voice: str | None = None


@dataclass(frozen=True, slots=True)
class Brief:
    """The account of one story; fields later stages fill may still be empty."""

    story_id: str
    headline: str
    card: Card = field(default_factory=Card)
    summary: tuple[SummarySentence, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    facts: tuple[Fact, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    entities: tuple[EntityRecord, ...] = ()
    quotes: tuple[Quote, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    single_source: tuple[Claim, ...] = ()
    sources: tuple[SourceRecord, ...] = field(default=())
    # Sources of the story that fusion did not read (past `fuse.max_articles`): listed
    # under `sources`, never silently dropped, but no fact above cites them.
    not_fused: tuple[str, ...] = ()


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
    def warnings_by_kind(self) -> dict[str, int]:
        """Inputs read with a repair (renamed id, cut page…), counted by what was done."""
        counts: dict[str, int] = {}
        for warning in self.warnings:
            counts[warning.kind] = counts.get(warning.kind, 0) + 1
        return dict(sorted(counts.items()))

    @property
    def removed_lines(self) -> int:
        return sum(count for _, count in self.removals)
