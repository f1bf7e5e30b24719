"""The `clean` stage: take out what is not the article, and record every removal with its reason.

Evidence beats phrase lists: a paragraph repeated inside the article, the shape of a link
list (short, unpunctuated, bulleted, under a "most popular" heading), error wording at the
top of a page whose crawl status was 4xx, legal vocabulary piling up in one paragraph, and
lines one outlet repeats under many articles (`BoilerplateIndex`). The short word lists that
remain describe *kinds* of boilerplate, not the seeds' particular lines.

A short line of real reporting (a subhead such as "Bridges incident") is never a reason to
drop what follows it: list removal only runs after a boilerplate heading or over a run of
bulleted items.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from newsfuse.config import CleanSettings
from newsfuse.model import Article, Removal, RemovalReason
from newsfuse.text import first_sentence

__all__ = ["BoilerplateIndex", "clean", "normalise_line", "split_paragraphs"]

R = RemovalReason

# --- Patterns: each names a kind of boilerplate; see the module docstring for the evidence.

# Crawler error pages ("Error! We're sorry, but the page you were looking for doesn't exist").
ERROR_PAGE = re.compile(
    r"\b(?:page|article|content|story|url)\b.{0,60}?\b(?:not (?:be )?found|doesn[’']?t exist|"
    r"does not exist|no longer (?:exists?|available)|(?:could|can)(?:not|n[’']t) be found|"
    r"has been (?:removed|moved|deleted))"
    r"|^\s*(?:error\s*)?(?:404|403|410|500|503)\b.{0,30}\b(?:error|not found|forbidden|gone)"
    r"|\baccess (?:denied|forbidden)\b|\benable (?:javascript|cookies)\b"
    r"|\bare you a robot\b|\bverify (?:that )?you are (?:a )?human\b",
    re.IGNORECASE,
)
# Interjections that sit beside error text ("Sorry!!", "Oops!"): removed only next to it.
ERROR_INTERJECTION = re.compile(
    r"^\W*(?:sorry|oops|whoops|error|uh[ -]oh)\b[\W\s]*$", re.IGNORECASE
)

# Headings that open a block of links to other pages.
LINK_BLOCK_HEADING = re.compile(
    r"^(?:most (?:popular|read|viewed|shared|commented)|related|read (?:more|also|next)|"
    r"also read|see also|you (?:may|might) (?:also )?(?:like|be interested in)|recommended|"
    r"trending|popular|top stories|latest(?: news| stories)?|more (?:from|stories|news|on)|"
    r"don[’']?t miss|editor[’']?s picks?|further reading|in other news)\b[\w\s]{0,25}:?$",
    re.IGNORECASE,
)
LIST_BULLET = re.compile(r"^(?:[-–—•·*►»▪■□●○◦]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[:;]$")

# Teasers linking to another article: a link glyph, or a "Read more:" lead.
RELATED_LINK = re.compile(
    r"[🔗↗➡➜⇒]\s*$|^(?:read (?:more|also)|also read|related|see also|click here|"
    r"watch|listen|recommended)\s*[:|–—-]\s*\S",
    re.IGNORECASE,
)
COMMENT_WIDGET = re.compile(
    r"^(?:comments?\s*(?:\(\d+\))?\s*(?:no comments?(?: yet)?)?|no comments?(?: yet)?|"
    r"\d+ comments?|leave a (?:comment|reply)|add (?:a )?comment|show comments|post a comment|"
    r"join the (?:discussion|conversation)|be the first to comment.*|comments are closed\.?)$",
    re.IGNORECASE,
)
# Vocabulary of legal boilerplate; a paragraph naming several kinds is a disclaimer.
LEGAL_TERMS = re.compile(
    r"\b(?:warrant(?:y|ies)|liabilit(?:y|ies)|responsibilit(?:y|ies)|copyright|disclaim\w*|"
    r"all rights reserved|terms of (?:use|service)|privacy policy|as[ -]is|reproduc\w+|"
    r"without (?:the )?(?:prior )?(?:written )?permission|views expressed|accuracy|"
    r"completeness|legality|reliability|infring\w*)\b",
    re.IGNORECASE,
)
LEGAL_HEADING = re.compile(r"^(?:legal )?disclaimer\s*:?$|^(?:copyright|©|\(c\))\s", re.IGNORECASE)
MIN_LEGAL_TERMS = 3  # 001's disclaimer names 8 kinds; reporting on lawsuits names 1-2.

# The site around an article rather than the article: a sign-in, paywall or newsletter prompt
# speaks to the reader about their account with the site ("Already a subscriber? Click on the
# button below to set up your account or log in"); a crawl of a page whose story sits behind
# such a wall can hold nothing else. Each term names a kind; a run of lines naming two kinds
# and addressing the reader is the prompt. Reporting on an account ("used the victim's
# account to log in") does not address the reader.
ACCOUNT_TERMS = re.compile(
    r"\b(?:subscri(?:be|bers?|ptions?|bing)|sign(?:ing)?[ -]?(?:in|up)|log(?:ging)?[ -]?(?:in|out)|"
    r"login|regist(?:er|ering|ration|ered)|newsletters?|inbox|e-?mail (?:address|alerts?|"
    r"notifications?|newsletters?)|verification (?:e-?mail|message|link)|passwords?|"
    r"(?:your|an?|new) (?:online |digital )?account|profile|premium|paywall|digital access|"
    r"full access|home delivery|continue reading|read the (?:entire|full) (?:story|article))\b",
    re.IGNORECASE,
)
# Stems naming the kind of an account term, most specific first.
ACCOUNT_KINDS = (
    "subscri", "sign", "log", "regist", "newsletter", "inbox", "verification", "mail",
    "password", "account", "profile", "premium", "paywall", "access", "delivery", "read",
)  # fmt: skip
READER_ADDRESS = re.compile(
    r"\b(?:you|your|yours|you[’']ve|you[’']re|you[’']ll)\b|"
    r"(?:^|[.!?]\s+)(?:please|click|tap|sign|subscribe|register|log|login|already|thank|get|"
    r"(?:re-?)?enter|create|enjoy|want|need|have|join|download|buy|start|visit|sorry|oops)\b",
    re.IGNORECASE,
)
MAX_PROMPT_WORDS = 60
# Up to this many short lines between a prompt's account lines belong to it, and as many
# short lines beside it that speak to the reader ("Click here to return to the page you were
# visiting.").
MAX_PROMPT_GAP = 2
MAX_GAP_WORDS = 10
# A video playlist: entries of a running time and a title ("1:17 Kansas wildfire update:
# 'We're still going from fire to fire' Pause"), two or more in a row or one with the
# player's "Pause"; "10:30 p.m." is a time of day, not a running time.
PLAYLIST_ENTRY = re.compile(r"^\d{1,2}:\d{2}\s+(?![AaPp]\.?[Mm]\b)[\"'‘“A-Z0-9]")
PLAYER_CONTROL = re.compile(r"\bPause$")

# Bylines ("By Khagan Isayev") and credit lines ("(with ANI inputs)", "Reporting by ...").
BYLINE = re.compile(
    r"^(?i:by|written by|reported by|words by)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|"
    r"and|&|de|da|van|von|al|bin|le))*)\s*(?:[,|/–—-]\s*[\w .'’-]{0,40})?$"
)
MAX_BYLINE_WORDS = 10
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:with (?:inputs? from \w[\w .&-]*|[\w&.-]+(?: and [\w&.-]+)? inputs?)|"
    r"(?:additional )?reporting by .+|editing by .+|writing by .+|compiled by .+|"
    r"source\s*:.+|[\w .&-]+ contributed to this report\.?)\s*\)?\.?$",
    re.IGNORECASE,
)
# A lone agency sign-off at the very end ("Reuter", "AFP").
AGENCY_SIGNOFF = re.compile(r"^\(?[A-Z][A-Za-z]{1,8}\)?$")
# An agency tag opening the first reporting paragraph: "(MENAFN) Russian Foreign Minister...".
LEADING_CREDIT = re.compile(r"^\((?P<credit>[A-Z][A-Za-z0-9.&' ]{1,30})\)\s*[-–—:]?\s+(?=\S)")

# A paragraph repeated inside one article is collapsed only from this length on: short lines
# repeat legitimately (the same spec line under two products in an L3S-GN1 page).
MIN_REPEAT_WORDS = 8
# Lines without a letter or digit ("»", "|", "-") are layout residue of the page.
WORD_CHARACTER = re.compile(r"[^\W_]")

# Headline: the first line, short and without a sentence end (000, 001 and 003 open so).
MAX_HEADLINE_WORDS = 20
# A time of day marks a dateline or timestamp line ("Fri Dec 28, 7:05 AM ET" in L3S-GN1).
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")


@dataclass(slots=True)
class _Paragraph:
    """A paragraph while `clean` works on it; `reason` is set once it is removed."""

    index: int
    text: str
    reason: RemovalReason | None = None

    @property
    def kept(self) -> bool:
        return self.reason is None


@dataclass(slots=True)
class BoilerplateIndex:
    """Which short lines each outlet repeats under many of its articles (cross-corpus evidence).

    Counts each normalised short line once per article, per outlet. Memory is bounded: when
    an outlet's table passes `max_lines`, lines seen once are forgotten.
    """

    settings: CleanSettings = field(default_factory=CleanSettings)
    max_lines: int = 200_000
    articles: Counter[str] = field(default_factory=Counter)
    lines: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def observe(self, articles: Iterable[Article]) -> None:
        """Count the short lines of these (raw) articles under their outlets."""
        for article in articles:
            outlet = outlet_key(article)
            if outlet is None:
                continue
            self.articles[outlet] += 1
            table = self.lines[outlet]
            table.update(
                {normalise_line(p) for p in split_paragraphs(article.text) if self._short(p)}
            )
            if len(table) > self.max_lines:
                self.lines[outlet] = Counter({k: n for k, n in table.items() if n > 1})

    def is_boilerplate(self, outlet: str | None, paragraph: str) -> bool:
        """Whether `outlet` repeats this line under enough of its articles to be boilerplate."""
        if outlet is None or not self._short(paragraph):
            return False
        total = self.articles[outlet]
        seen = self.lines[outlet][normalise_line(paragraph)]
        return (
            seen >= self.settings.outlet_min_articles
            and seen >= self.settings.outlet_min_share * total
        )

    def _short(self, paragraph: str) -> bool:
        return len(paragraph.split()) <= self.settings.outlet_max_line_words


def outlet_key(article: Article) -> str | None:
    """The outlet to pool evidence under: the named source, else the URL's host."""
    if article.source:
        return article.source.lower()
    if article.url:
        host = urlsplit(article.url).hostname
        return host.removeprefix("www.") if host else None
    return None


def clean(
    article: Article,
    *,
    settings: CleanSettings | None = None,
    boilerplate: BoilerplateIndex | None = None,
) -> Article:
    """Return the article with its cleaned paragraphs, removals, bylines, credits and title."""
    settings = settings or CleanSettings()
    originals = split_paragraphs(article.text)
    paragraphs = [_Paragraph(i, text) for i, text in enumerate(originals)]
    # 1. Crawler error pages at the top.
    _mark_error_page(paragraphs, settings=settings)
    # 2. Lines whose own shape says what they are.
    for paragraph in paragraphs:
        if paragraph.kept:
            paragraph.reason = _classify_line(paragraph.text, settings=settings)
    # 3. Blocks: the site's account prompts and video playlists; link lists under a heading
    # or as a bulleted run; legal disclaimers.
    _mark_account_prompts(paragraphs)
    _mark_playlists(paragraphs)
    _mark_link_lists(paragraphs, settings=settings)
    _mark_disclaimers(paragraphs)
    # 4. Paragraphs the article repeats, and lines its outlet repeats under many articles.
    _mark_repeats(paragraphs)
    if boilerplate is not None:
        outlet = outlet_key(article)
        for paragraph in paragraphs:
            if paragraph.kept and boilerplate.is_boilerplate(outlet, paragraph.text):
                paragraph.reason = R.OUTLET_BOILERPLATE
    # 5. Metadata: the headline, bylines, agency credits.
    title = _take_headline(paragraphs, article.title)
    credits = _take_leading_credit(paragraphs)
    return _finish(article, originals, paragraphs, title=title, credits=credits)


def split_paragraphs(text: str) -> list[str]:
    """One paragraph per non-blank line, with whitespace runs collapsed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def normalise_line(text: str) -> str:
    """A key under which trivially different copies of a line compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", folded).split())


def _mark_error_page(paragraphs: list[_Paragraph], *, settings: CleanSettings) -> None:
    head = paragraphs[: settings.error_page_head]
    hits = [
        p
        for p in head
        if len(p.text.split()) <= settings.max_item_words * 2 and ERROR_PAGE.search(p.text)
    ]
    for paragraph in hits:
        paragraph.reason = R.ERROR_PAGE
    # Interjections right next to error text belong to it ("Sorry!!" above "Error! ...").
    for position, paragraph in enumerate(head):
        neighbours = head[max(0, position - 1) : position + 2]
        if ERROR_INTERJECTION.match(paragraph.text) and any(
            n.reason is R.ERROR_PAGE for n in neighbours
        ):
            paragraph.reason = R.ERROR_PAGE


def _classify_line(text: str, *, settings: CleanSettings) -> RemovalReason | None:
    """The reason a line is boilerplate on its own evidence, or None for reporting."""
    words = len(text.split())
    checks: list[tuple[RemovalReason, Callable[[], bool]]] = [
        (R.NO_WORDS, lambda: not WORD_CHARACTER.search(text)),
        (R.COMMENT_WIDGET, lambda: bool(COMMENT_WIDGET.match(text))),
        (R.RELATED_LINK, lambda: bool(RELATED_LINK.search(text))),
        (R.BYLINE, lambda: words <= MAX_BYLINE_WORDS and bool(BYLINE.match(text))),
        (R.CREDIT_LINE, lambda: words <= settings.max_item_words and bool(CREDIT_LINE.match(text))),
        (R.LEGAL_DISCLAIMER, lambda: _legal_term_kinds(text) >= MIN_LEGAL_TERMS),
    ]
    return next((reason for reason, check in checks if check()), None)


def _account_kinds(text: str) -> set[str]:
    kinds: set[str] = set()
    for match in ACCOUNT_TERMS.findall(text):
        term = match.lower()
        kinds.add(next((kind for kind in ACCOUNT_KINDS if kind in term), term))
    return kinds


def _is_account_line(text: str) -> bool:
    """A short line naming an account term from its first sentence on (a paragraph of
    reporting that ends in "subscribe to our newsletter" is not one)."""
    if len(text.split()) > MAX_PROMPT_WORDS or not ACCOUNT_TERMS.search(text):
        return False
    first = first_sentence(text)
    return bool(ACCOUNT_TERMS.search(first) or READER_ADDRESS.search(first))


def _mark_account_prompts(paragraphs: list[_Paragraph]) -> None:
    """Blocks of account lines that together name two kinds of account term and address the
    reader ("Already a subscriber?" above "Click on the button below to ... log in"); a
    widget's short status lines between them ("Your notification has been saved.") go too."""
    kept = [p for p in paragraphs if p.kept]
    account = [_is_account_line(p.text) for p in kept]
    position = 0
    while position < len(kept):
        if not account[position]:
            position += 1
            continue
        end = probe = position + 1
        while probe < len(kept) and probe - end <= MAX_PROMPT_GAP:
            if account[probe]:
                end = probe + 1
            elif len(kept[probe].text.split()) > MAX_GAP_WORDS:
                break
            probe += 1
        block = kept[position:end]
        kinds = set().union(*(_account_kinds(line.text) for line in block))
        if len(kinds) >= 2 and any(READER_ADDRESS.search(line.text) for line in block):
            before = kept[max(0, position - MAX_PROMPT_GAP) : position]
            after = kept[end : end + MAX_PROMPT_GAP]
            for line in [*_speaking(reversed(before)), *block, *_speaking(after)]:
                line.reason = R.ACCOUNT_PROMPT
        position = end


def _speaking(lines: Iterable[_Paragraph]) -> list[_Paragraph]:
    """The short lines addressing the reader next to a prompt, outwards from it."""
    taken: list[_Paragraph] = []
    for line in lines:
        if not line.kept or len(line.text.split()) > MAX_GAP_WORDS:
            break
        if not READER_ADDRESS.search(line.text):
            break
        taken.append(line)
    return taken


def _mark_playlists(paragraphs: list[_Paragraph]) -> None:
    kept = [p for p in paragraphs if p.kept]
    entries = [bool(PLAYLIST_ENTRY.match(p.text)) for p in kept]
    for position, paragraph in enumerate(kept):
        if not entries[position]:
            continue
        beside = entries[max(0, position - 1) : position + 2].count(True) > 1
        if beside or PLAYER_CONTROL.search(paragraph.text):
            paragraph.reason = R.VIDEO_PLAYLIST


def _legal_term_kinds(text: str) -> int:
    return len({match.lower() for match in LEGAL_TERMS.findall(text)})


def _is_list_item(text: str, *, settings: CleanSettings) -> bool:
    """Short and unpunctuated like a headline in a list, or bulleted."""
    if LIST_BULLET.match(text):
        return len(text.split()) <= settings.max_item_words * 2 and not SENTENCE_END.search(text)
    return len(text.split()) <= settings.max_item_words and not SENTENCE_END.search(text)


def _mark_link_lists(paragraphs: list[_Paragraph], *, settings: CleanSettings) -> None:
    kept = [p for p in paragraphs if p.kept or p.reason is R.COMMENT_WIDGET]
    position = 0
    while position < len(kept):
        paragraph = kept[position]
        if paragraph.kept and LINK_BLOCK_HEADING.match(paragraph.text):
            paragraph.reason = R.LINK_LIST
            position = _mark_items(kept, position + 1, settings=settings, bulleted_only=False)
        elif paragraph.kept and LIST_BULLET.match(paragraph.text):
            end = _item_run_end(kept, position, settings=settings)
            if end - position >= settings.min_link_list_run:
                _mark_items(kept, position, settings=settings, bulleted_only=True)
            position = max(end, position + 1)
        else:
            position += 1


def _item_run_end(kept: list[_Paragraph], start: int, *, settings: CleanSettings) -> int:
    end = start
    while (
        end < len(kept)
        and LIST_BULLET.match(kept[end].text)
        and _is_list_item(kept[end].text, settings=settings)
    ):
        end += 1
    return end


def _mark_items(
    kept: list[_Paragraph], start: int, *, settings: CleanSettings, bulleted_only: bool
) -> int:
    """Mark list items from `start` on; return the position of the first non-item."""
    position = start
    while position < len(kept):
        paragraph = kept[position]
        if paragraph.reason is R.COMMENT_WIDGET:
            position += 1
            continue
        bulleted = bool(LIST_BULLET.match(paragraph.text))
        if not _is_list_item(paragraph.text, settings=settings) or (bulleted_only and not bulleted):
            break
        paragraph.reason = R.LINK_LIST
        position += 1
    return position


def _mark_disclaimers(paragraphs: list[_Paragraph]) -> None:
    """A disclaimer heading goes with the legal paragraph under it."""
    for position, paragraph in enumerate(paragraphs):
        if paragraph.kept and LEGAL_HEADING.match(paragraph.text):
            following = paragraphs[position + 1 : position + 2]
            if (
                not following
                or following[0].reason is R.LEGAL_DISCLAIMER
                or _legal_term_kinds(following[0].text) >= 2
            ):
                paragraph.reason = R.LEGAL_DISCLAIMER


def _mark_repeats(paragraphs: list[_Paragraph]) -> None:
    seen: set[str] = set()
    for paragraph in paragraphs:
        if not paragraph.kept or len(paragraph.text.split()) < MIN_REPEAT_WORDS:
            continue
        key = normalise_line(paragraph.text)
        if key in seen:
            paragraph.reason = R.REPEATED_PARAGRAPH
        seen.add(key)


def _looks_like_headline(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= MAX_HEADLINE_WORDS
        and text[0].isupper()
        and not SENTENCE_END.search(text)
        and not text.startswith(('"', "“", "'"))
        and not TIME_OF_DAY.search(text)
    )


def _take_headline(paragraphs: list[_Paragraph], title: str | None) -> str | None:
    """Move the opening headline line into the title (or drop its copy if a title exists)."""
    first = next((p for p in paragraphs if p.kept), None)
    if first is None:
        return title
    is_copy = title is not None and normalise_line(first.text) == normalise_line(title)
    has_body = any(p.kept and p is not first for p in paragraphs)
    # A lede sentence reused as the title (ECB+ records do this) is reporting: it stays; so
    # does a first line whose sentence runs on into the next line (it starts lower-case).
    following = next((p for p in paragraphs if p.kept and p is not first), None)
    runs_on = following is not None and following.text[:1].islower()
    if has_body and not runs_on and _looks_like_headline(first.text) and (is_copy or title is None):
        first.reason = R.HEADLINE
        return title or first.text
    return title


def _take_leading_credit(paragraphs: list[_Paragraph]) -> list[tuple[int, str]]:
    """Strip agency tags ("(MENAFN) ...") opening a paragraph; return (paragraph, tag) pairs."""
    credits: list[tuple[int, str]] = []
    for paragraph in paragraphs:
        match = LEADING_CREDIT.match(paragraph.text) if paragraph.kept else None
        if match:
            credits.append((paragraph.index, match["credit"].strip()))
            paragraph.text = paragraph.text[match.end() :]
    last = next((p for p in reversed(paragraphs) if p.kept), None)
    if last is not None and AGENCY_SIGNOFF.match(last.text) and len(paragraphs) > 1:
        last.reason = R.CREDIT_LINE
    return credits


def _finish(
    article: Article,
    originals: list[str],
    paragraphs: list[_Paragraph],
    *,
    title: str | None,
    credits: list[tuple[int, str]],
) -> Article:
    """The cleaned Article; removals quote the original lines (`originals`), not edited text."""
    removed = [
        Removal(originals[p.index], p.reason, p.index) for p in paragraphs if p.reason is not None
    ]
    bylines = [_byline_name(r.text) for r in removed if r.reason is R.BYLINE]
    credit_lines = [r.text.strip("() ") for r in removed if r.reason is R.CREDIT_LINE]
    removed += [Removal(f"({tag})", R.CREDIT_LINE, index) for index, tag in credits]
    return replace(
        article,
        title=title,
        paragraphs=tuple(p.text for p in paragraphs if p.kept),
        removals=tuple(sorted(removed, key=lambda removal: removal.paragraph)),
        bylines=tuple(dict.fromkeys(bylines)),
        credits=tuple(dict.fromkeys(credit_lines)),
        agency=credits[0][1] if credits else article.agency,
    )


def _byline_name(text: str) -> str:
    match = BYLINE.match(text)
    return match["name"] if match else text
