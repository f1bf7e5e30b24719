"""Briefs as standalone HTML pages for people: one page per story, and an index of them.

Pages carry their CSS inline and need no script or external asset; a Content-Security-Policy
forbids both, so hostile article text that slipped through escaping still could not run.
Jinja2 autoescapes every value; this module builds plain view records (citations resolved
to anchors, chart geometry computed) so the templates only lay them out.

Anchors: `src-<article>` opens a source, `s-<article>-<n>` its sentence `n` (the index into
`ArticleAnnotations.sentences`), `p-<article>-<n>` a paragraph where an article has no
annotations. A citation links the passage it names, else the source.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import jinja2

from newsfuse.errors import StoreError
from newsfuse.files import write_text_atomic
from newsfuse.model import (
    REMOVAL_REASON_TEXT,
    Article,
    Brief,
    Claim,
    Dispute,
    Fact,
    MentionRef,
    Passage,
    Quantity,
    Quote,
    SourceRecord,
)
from newsfuse.render.anchors import href, sentence_anchor, source_anchor
from newsfuse.render.article_text import Paragraph, article_text
from newsfuse.render.card_view import card_rows
from newsfuse.render.charts import coverage_rows, timeline_chart
from newsfuse.render.markdown import SINGLE_SOURCE_SHOWN, format_number

__all__ = [
    "brief_context",
    "is_web_url",
    "render_brief_html",
    "render_index_html",
    "template_loader",
    "timeline_chart",
    "write_html_outputs",
]

#: Readable names for spaCy's entity labels in the who's-who table.
ENTITY_TYPE_TEXT: dict[str, str] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "building",
    "NORP": "group",
    "PRODUCT": "thing",
    "EVENT": "event",
}

# Removed text is shown up to this many characters: enough to recognise it.
_REMOVED_SHOWN = 200


@dataclass(frozen=True, slots=True)
class Cite:
    """One citation link: the source's number, the anchor it opens, a tooltip."""

    label: str
    href: str | None
    title: str


@dataclass(frozen=True, slots=True)
class DisputeView:
    """A conflict said where the claim is made: each value with its citations."""

    about: str
    values: tuple[tuple[str, tuple[Cite, ...]], ...]


@dataclass(frozen=True, slots=True)
class Statement:
    """Text with its citations, for summary, facts, claims and single-source facts."""

    text: str
    cites: tuple[Cite, ...]
    anchor: str = ""
    detail: str = ""
    why: str = ""
    # Sources reporting the statement in other words: not cited for its wording.
    also: tuple[Cite, ...] = ()
    disputes: tuple[DisputeView, ...] = ()


@dataclass(frozen=True, slots=True)
class TimelineRow:
    number: int
    date: str
    text: str
    cites: tuple[Cite, ...]
    also: tuple[Cite, ...] = ()
    disputes: tuple[DisputeView, ...] = ()


@dataclass(frozen=True, slots=True)
class ConflictView:
    about: str
    kind: str
    claims: tuple[Statement, ...]


@dataclass(frozen=True, slots=True)
class EntityView:
    name: str
    type: str
    aliases: tuple[str, ...]
    roles: tuple[str, ...]
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class QuoteView:
    speaker: str | None
    named_as: tuple[str, ...]
    text: str
    cites: tuple[Cite, ...]


@dataclass(frozen=True, slots=True)
class RemovedView:
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class SourceView:
    """One source as its section shows it."""

    number: int
    id: str
    anchor: str
    title: str | None
    outlet: str | None
    published: str | None
    status: int | None
    family: str
    family_peers: tuple[Cite, ...]
    voice_peers: tuple[Cite, ...]
    credits: tuple[str, ...]
    url: str | None
    url_is_link: bool
    bylines: tuple[str, ...]
    unique_facts: tuple[Statement, ...]
    removed: tuple[RemovedView, ...]
    paragraphs: tuple[Paragraph, ...]
    text_note: str | None


@dataclass(frozen=True, slots=True)
class IndexRow:
    href: str
    headline: str
    sources: int
    dates: str


@dataclass(frozen=True, slots=True)
class _Anchors:
    """Which anchors the page has: source numbers by id, and every sentence anchor."""

    numbers: Mapping[str, int]
    sentences: frozenset[str]
    labels: Mapping[str, str]


def render_brief_html(brief: Brief, articles: Mapping[str, Article]) -> str:
    """One story's brief as a standalone HTML page (inline CSS, no script, no assets)."""
    return _template("brief.html").render(brief_context(brief, articles, back_href="../index.html"))


def brief_context(
    brief: Brief,
    articles: Mapping[str, Article],
    *,
    back_href: str,
    article_links: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """What `brief_body.html` lays out: the brief's view records, citations resolved to
    anchors; `back_href` is where "all stories" leads, `article_links` a page of each
    source's own. `newsfuse serve` renders the same template inside its own layout."""
    # Each source read once: a run's lookup reads the article from disk on every call.
    articles = {s.id: a for s in brief.sources if (a := articles.get(s.id)) is not None}
    anchors = _page_anchors(brief, articles)
    views = _section_views(brief, articles, anchors)
    # Entities are left out: their mentions would mark nearly every sentence.
    cited = _linked_sentences(views[key] for key in views if key != "entities")
    return dict(
        back_href=back_href,
        article_links=article_links or {},
        brief=brief,
        chart=timeline_chart(brief),
        coverage=coverage_rows(brief),
        sources=tuple(_source_view(s, brief, articles, anchors, cited) for s in brief.sources),
        not_fused=_cites(brief.not_fused, (), anchors),
        families=len({source.family for source in brief.sources}),
        voices=len({_voice(source, articles) for source in brief.sources}),
        dates=_date_range(source.published for source in brief.sources),
        single_source_shown=SINGLE_SOURCE_SHOWN,
        **views,
    )


def _section_views(
    brief: Brief, articles: Mapping[str, Article], anchors: _Anchors
) -> dict[str, tuple[object, ...]]:
    """Each statement section of the page, its citations resolved to anchors."""
    return {
        "card": card_rows(brief.card, lambda sources, passages: _cites(sources, passages, anchors)),
        "summary": tuple(
            Statement(
                s.text,
                _cites(s.sources, s.passages, anchors),
                also=_also_cites(s.also_reported, anchors),
                disputes=_dispute_views(s.disputes, anchors),
            )
            for s in brief.summary
        ),
        "timeline": tuple(
            TimelineRow(
                n,
                e.date.isoformat(),
                e.text,
                _cites(e.sources, e.passages, anchors),
                _also_cites(e.also_reported, anchors),
                _dispute_views(e.disputes, anchors),
            )
            for n, e in enumerate(sorted(brief.timeline, key=lambda e: e.date), 1)
        ),
        "facts": tuple(_fact_view(n, fact, anchors) for n, fact in enumerate(brief.facts, 1)),
        "quantities": tuple(_quantity_view(q, anchors) for q in brief.quantities),
        "conflicts": tuple(
            ConflictView(
                c.about,
                c.kind.value,
                tuple(_claim_view(claim, anchors, with_value=True) for claim in c.claims),
            )
            for c in brief.conflicts
        ),
        "entities": tuple(
            EntityView(
                e.name,
                ENTITY_TYPE_TEXT.get(e.type, e.type.lower()),
                e.aliases,
                e.roles,
                _cites(e.sources, _first_mentions(e.mentions), anchors),
            )
            for e in brief.entities
        ),
        "quotes": tuple(_quote_view(q, articles, anchors) for q in brief.quotes),
        "single_source": tuple(
            _claim_view(claim, anchors, with_value=False) for claim in brief.single_source
        ),
    }


def render_index_html(briefs: Iterable[Brief]) -> str:
    """The index of every story, biggest first (most sources, then headline)."""
    return _render_index([(_index_key(brief), _index_row(brief)) for brief in briefs])


def _index_key(brief: Brief) -> tuple[int, str, str]:
    return (-len(brief.sources), brief.headline, brief.story_id)


def _index_row(brief: Brief) -> IndexRow:
    return IndexRow(
        href="briefs/" + quote(f"{brief.story_id}.html", safe="-_.~"),
        headline=brief.headline,
        sources=len(brief.sources),
        dates=_date_range(source.published for source in brief.sources),
    )


def _render_index(rows: list[tuple[tuple[int, str, str], IndexRow]]) -> str:
    rows.sort(key=lambda keyed_row: keyed_row[0])
    return _template("index.html").render(rows=tuple(row for _, row in rows))


def write_html_outputs(briefs: Iterable[Brief], articles: Mapping[str, Article], out: Path) -> None:
    """Write `out/briefs/<story_id>.html` for every brief and `out/index.html`, each
    atomically (temporary file, then rename), in one pass over the briefs (a run reads them
    back from disk)."""
    rows = []
    try:
        (out / "briefs").mkdir(parents=True, exist_ok=True)
        for brief in briefs:
            name = brief_page_name(brief.story_id)
            write_text_atomic(out / "briefs" / name, render_brief_html(brief, articles))
            rows.append((_index_key(brief), _index_row(brief)))
        write_text_atomic(out / "index.html", _render_index(rows))
    except OSError as exc:
        raise StoreError(f"cannot write HTML to {out}: {exc.strerror or exc}") from exc


def brief_page_name(story_id: str) -> str:
    """`<story_id>.html`; a story id names a file, so one that could leave `briefs/` is
    refused."""
    name = f"{story_id}.html"
    if Path(name).name != name or name.startswith("."):
        raise StoreError(f"story id {story_id!r} cannot name a file")
    return name


# --- anchors and citations -------------------------------------------------------------


def _page_anchors(brief: Brief, articles: Mapping[str, Article]) -> _Anchors:
    sentences = {
        sentence_anchor(source.id, sentence.index)
        for source in brief.sources
        if (article := articles.get(source.id)) is not None and article.annotations
        for sentence in article.annotations.sentences
    }
    return _Anchors(
        numbers={source.id: number for number, source in enumerate(brief.sources, 1)},
        sentences=frozenset(sentences),
        labels={source.id: _source_label(source) for source in brief.sources},
    )


def _source_label(source: SourceRecord) -> str:
    parts = [source.outlet or "outlet unknown"]
    if source.published:
        parts.append(source.published.isoformat())
    return f"{', '.join(parts)} ({source.id})"


def _cites(
    sources: Iterable[str], passages: Iterable[Passage], anchors: _Anchors
) -> tuple[Cite, ...]:
    """A link per cited passage that the page holds ("2a", "2b" where one source has
    several); a source without one links its section; a source the brief does not list
    is named without a link."""
    held = [
        p
        for p in dict.fromkeys(passages)
        if p.article_id in anchors.numbers
        and sentence_anchor(p.article_id, p.sentence) in anchors.sentences
    ]
    per_source = Counter(p.article_id for p in held)
    seen: Counter[str] = Counter()
    cites: list[Cite] = []
    for passage in held:
        label = str(anchors.numbers[passage.article_id])
        if per_source[passage.article_id] > 1:
            label += "abcdefghijklmnopqrstuvwxyz"[min(seen[passage.article_id], 25)]
        seen[passage.article_id] += 1
        title = f"{anchors.labels[passage.article_id]}, sentence {passage.sentence + 1}"
        anchor = sentence_anchor(passage.article_id, passage.sentence)
        cites.append(Cite(label, href(anchor), title))
    for source in dict.fromkeys(sources):
        number = anchors.numbers.get(source)
        if source in per_source:
            continue
        if number is None:
            cites.append(Cite(source, None, "not among this story's sources"))
        else:
            cites.append(Cite(str(number), href(source_anchor(source)), anchors.labels[source]))
    return tuple(cites)


def _also_cites(passages: Sequence[Passage], anchors: _Anchors) -> tuple[Cite, ...]:
    """Links to the passages of sources that report a statement in other words."""
    return _cites(dict.fromkeys(p.article_id for p in passages), passages, anchors)


def _dispute_views(disputes: Sequence[Dispute], anchors: _Anchors) -> tuple[DisputeView, ...]:
    return tuple(
        DisputeView(d.about, tuple((v.value, _cites(v.sources, (), anchors)) for v in d.values))
        for d in disputes
    )


def _linked_sentences(sections: Iterable[Sequence[object]]) -> frozenset[str]:
    """The sentence anchors that statements cite (marked in the article text)."""
    items = [item for section in sections for item in section]
    items += [claim for item in items if isinstance(item, ConflictView) for claim in item.claims]
    cites: list[Cite] = [cite for item in items for cite in getattr(item, "cites", ())]
    return frozenset(
        unquote(cite.href[1:]) for cite in cites if cite.href and cite.href.startswith("#s-")
    )


def _first_mentions(mentions: Iterable[MentionRef]) -> tuple[Passage, ...]:
    """The first mention of an entity in each article, as a passage to cite."""
    first: dict[str, Passage] = {}
    for mention in mentions:
        first.setdefault(mention.article_id, Passage(mention.article_id, mention.sentence, ""))
    return tuple(first.values())


# --- section views ---------------------------------------------------------------------


def _fact_view(number: int, fact: Fact, anchors: _Anchors) -> Statement:
    reported = len(fact.reported_by)
    support = f"{reported} source{'s' * (reported != 1)}, {fact.independent_sources} independent"
    why = "; ".join(fact.evidence)
    return Statement(
        fact.text,
        _cites(fact.sources, fact.passages, anchors),
        f"fact-{number}",
        support,
        why,
        _also_cites(fact.also_reported, anchors),
    )


def _quantity_view(quantity: Quantity, anchors: _Anchors) -> Statement:
    words = [quantity.qualifier, format_number(quantity.value), quantity.what]
    support = f"{len(quantity.sources)} source{'s' * (len(quantity.sources) != 1)}"
    if quantity.independent_sources:
        support += f", {quantity.independent_sources} independent"
    text = " ".join(word for word in words if word)
    return Statement(text, _cites(quantity.sources, quantity.passages, anchors), "", support)


def _claim_view(claim: Claim, anchors: _Anchors, *, with_value: bool) -> Statement:
    value = claim.value if with_value and claim.value else ""
    return Statement(claim.text, _cites(claim.sources, claim.passages, anchors), "", value)


def _quote_view(quote_: Quote, articles: Mapping[str, Article], anchors: _Anchors) -> QuoteView:
    named_as = tuple(name for name in quote_.attributed_as if name != quote_.speaker)
    return QuoteView(
        quote_.speaker,
        named_as,
        quote_.text,
        _cites(quote_.sources, _quote_passages(quote_, articles), anchors),
    )


def _quote_passages(quote_: Quote, articles: Mapping[str, Article]) -> tuple[Passage, ...]:
    """Where each source has the quote: `Quote` holds no passages, so the sentence is
    looked up among the article's own quote mentions by its words."""
    passages: list[Passage] = []
    for source in quote_.sources:
        article = articles.get(source)
        mentions = article.annotations.quotes if article and article.annotations else ()
        for mention in mentions:
            if _same_words(mention.text, quote_.text):
                passages.append(Passage(source, mention.sentence, mention.text))
                break
    return tuple(passages)


def _same_words(first: str, second: str) -> bool:
    return " ".join(first.split()).casefold() == " ".join(second.split()).casefold()


def _date_range(dates: Iterable[dt.date | None]) -> str:
    known = sorted(date for date in dates if date is not None)
    if not known:
        return "undated"
    first, last = known[0].isoformat(), known[-1].isoformat()
    return first if first == last else f"{first} – {last}"


# --- sources ---------------------------------------------------------------------------


def _source_view(
    source: SourceRecord,
    brief: Brief,
    articles: Mapping[str, Article],
    anchors: _Anchors,
    cited: frozenset[str],
) -> SourceView:
    article = articles.get(source.id)
    family_peers = tuple(
        other.id for other in brief.sources if other.family == source.family and other != source
    )
    voice = _voice(source, articles)
    voice_peers = tuple(
        other.id
        for other in brief.sources
        if _voice(other, articles) == voice and other.family != source.family
    )
    paragraphs, note = article_text(article, cited)
    return SourceView(
        number=anchors.numbers[source.id],
        id=source.id,
        anchor=source_anchor(source.id),
        title=source.title,
        outlet=source.outlet,
        published=source.published.isoformat() if source.published else None,
        status=source.status,
        family=source.family,
        family_peers=_cites(family_peers, (), anchors),
        voice_peers=_cites(voice_peers, (), anchors),
        credits=article.credits if article else (),
        url=source.url,
        url_is_link=is_web_url(source.url),
        bylines=source.bylines,
        unique_facts=tuple(_unique_fact(text, brief, anchors) for text in source.unique_facts),
        removed=tuple(
            RemovedView(REMOVAL_REASON_TEXT[r.reason], _shorten(r.text)) for r in source.removed
        ),
        paragraphs=paragraphs,
        text_note=note,
    )


def _voice(source: SourceRecord, articles: Mapping[str, Article]) -> str:
    """The independent voice a source speaks with: the brief's (fusion counted its facts'
    independent sources by it), else its article's, else its family."""
    if source.voice:
        return source.voice
    article = articles.get(source.id)
    return article.voice if article and article.voice else source.family


def is_web_url(url: str | None) -> bool:
    """Whether `url` may be a link: http(s) with a host (never `javascript:` or `data:`)."""
    if not url:
        return False
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)


def _unique_fact(text: str, brief: Brief, anchors: _Anchors) -> Statement:
    """`unique_facts` may name facts by id or by text; a known fact links to its entry, a
    single-source statement cites its passage."""
    for number, fact in enumerate(brief.facts, 1):
        if text in {fact.fact_id, fact.text}:
            return Statement(fact.text, (), f"fact-{number}")
    for claim in brief.single_source:
        if claim.text == text:
            return Statement(text, _cites(claim.sources, claim.passages, anchors))
    return Statement(text, ())


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _REMOVED_SHOWN else text[: _REMOVED_SHOWN - 1].rstrip() + "…"


def template_loader() -> jinja2.BaseLoader:
    """The loader of the brief templates (base.html, brief_body.html, macros.html,
    base.css), for an environment that lays them out in another page."""
    return jinja2.PackageLoader("newsfuse.render", "templates")


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=template_loader(),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _template(name: str) -> jinja2.Template:
    return _environment().get_template(name)
