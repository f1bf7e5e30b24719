"""The extract stage for articles: one loaded pipeline, many articles through `nlp.pipe`."""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc

from newsfuse.extract.dates import find_times
from newsfuse.extract.entities import PLACE_LABELS, find_entities, repair_surnames
from newsfuse.extract.parse import MODEL, ParsedText, load_pipeline, split_pieces
from newsfuse.extract.quantities import find_quantities
from newsfuse.extract.quotes import find_attributions, find_quotes, quote_spans
from newsfuse.model import (
    HEADLINE,
    Article,
    ArticleAnnotations,
    EntityMention,
    QuantityMention,
)

__all__ = ["MAX_ARTICLE_CHARS", "Extractor", "Timings", "headline_sentence"]

#: Characters of one article that are annotated; the rest of a longer text is left out
#: and `limited_to` says so. 200,000 characters is ~30,000 words, far above any news
#: article (Reuters-21578's longest body is under 20,000), and bounds a hostile input.
MAX_ARTICLE_CHARS = 200_000
#: Articles parsed together: enough pieces for `nlp.pipe` batching, bounded memory.
ARTICLE_BATCH = 64
#: Pieces per `nlp.pipe` batch (spaCy's default is 256 for short texts; paragraphs are
#: longer than tweets, so fewer per batch keeps memory flat at the same speed).
PIPE_BATCH = 128
#: Below this share of English function words, a text of at least LANGUAGE_MIN_WORDS
#: words is taken as not English: an English news paragraph is ~40% stop words.
MIN_STOP_WORD_SHARE = 0.12
LANGUAGE_MIN_WORDS = 12
#: Why an article with no words in its body is not annotated (its title still is, for the
#: counts it states).
EMPTY = "empty: no words to annotate"
#: A title whose words after the first are mostly capitalised is in title case.
TITLE_CASE_SHARE = 0.6

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(slots=True)
class Timings:
    """Seconds spent per part of extraction (filled when passed to `extract_many`)."""

    seconds: dict[str, float] = field(default_factory=dict)

    def add(self, part: str, started: float) -> float:
        now = time.perf_counter()
        self.seconds[part] = self.seconds.get(part, 0.0) + now - started
        return now


class Extractor:
    """Sentences, entities, times, quantities, quotes and attributions of articles.

    Holds the spaCy pipeline, loaded once; call it on one article, or stream many through
    `extract_many` (batched). Offsets are into `article.clean_text` (the raw text for an
    article that was not cleaned).
    """

    def __init__(
        self,
        *,
        model: str = MODEL,
        nlp: Language | None = None,
        max_chars: int = MAX_ARTICLE_CHARS,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_pipeline(model)
        self.max_chars = max_chars

    def __call__(self, article: Article) -> ArticleAnnotations:
        return next(iter(self.extract_many([article])))

    def extract_many(
        self, articles: Iterable[Article], *, timings: Timings | None = None
    ) -> Iterator[ArticleAnnotations]:
        """Annotations for each article, in order; a bad article gets a recorded skip."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= ARTICLE_BATCH:
                yield from self._batch(batch, timings)
                batch = []
        if batch:
            yield from self._batch(batch, timings)

    def _batch(
        self, articles: list[Article], timings: Timings | None
    ) -> Iterator[ArticleAnnotations]:
        full = [article.body_text for article in articles]
        texts = [_limited(text, self.max_chars) for text in full]
        skips = [_skip_reason(text) for text in texts]
        headlines = [
            headline_sentence(article.title) if skips[index] in (None, EMPTY) else ""
            for index, article in enumerate(articles)
        ]
        jobs = [
            (index, offset, piece)
            for index, text in enumerate(texts)
            if skips[index] is None
            for offset, piece in split_pieces(text)
        ]
        jobs += [(index, HEADLINE, text) for index, text in enumerate(headlines) if text]
        started = time.perf_counter()
        docs = self.nlp.pipe((piece for _, _, piece in jobs), batch_size=PIPE_BATCH)
        per_article: dict[int, list[tuple[int, Doc]]] = {}
        headline_docs: dict[int, Doc] = {}
        for (index, offset, _), doc in zip(jobs, docs, strict=True):
            if offset == HEADLINE:
                headline_docs[index] = doc
            else:
                per_article.setdefault(index, []).append((offset, doc))
        if timings is not None:
            timings.add("spacy pipeline", started)
        for index, article in enumerate(articles):
            headline = _headline_parsed(headlines[index], headline_docs.get(index))
            counts = _headline_quantities(headline)
            places = _headline_places(headline, article.title)
            if skips[index] is not None:
                yield ArticleAnnotations(
                    article.id,
                    skipped=skips[index],
                    headline_quantities=counts,
                    headline_places=places,
                )
                continue
            parsed = ParsedText.from_docs(texts[index], per_article.get(index, []))
            limited = len(texts[index]) if len(full[index]) > len(texts[index]) else None
            yield replace(
                _annotate(article, parsed, limited, timings),
                headline_quantities=counts,
                headline_places=places,
            )


def headline_sentence(title: str | None) -> str:
    """The title on one line, in sentence case where it is in title case: the parser reads
    "4 Killed, 53 Wounded In Weekend Shootings" as names, "4 killed, 53 wounded in weekend
    shootings" as counts. Each word keeps its length, so offsets hold for the title."""
    words = (title or "").split()
    capitalised = {w for w in words[1:] if w[:1].isupper() and w[1:].islower()}
    lettered = [w for w in words[1:] if w[:1].isalpha()]
    share = sum(w in capitalised for w in lettered) / len(lettered) if lettered else 0.0
    if share < TITLE_CASE_SHARE:
        return " ".join(words)

    def lowered(word: str) -> str:
        low = word.lower()
        return low if word in capitalised and len(low) == len(word) else word

    return " ".join([*words[:1], *map(lowered, words[1:])])


def _headline_parsed(text: str, doc: Doc | None) -> ParsedText | None:
    return None if doc is None else ParsedText.from_docs(text, [(0, doc)])


def _headline_quantities(parsed: ParsedText | None) -> tuple[QuantityMention, ...]:
    if parsed is None:
        return ()
    return tuple(replace(q, sentence=HEADLINE) for q in find_quantities(parsed, headline=True))


def _headline_places(parsed: ParsedText | None, title: str | None) -> tuple[EntityMention, ...]:
    """The places the title names, in the title's own words: it was parsed in sentence case
    ("Man shot in memphis" of "Man Shot In Memphis"), each word of its length, so the
    offsets read the name back from the title on one line."""
    if parsed is None or not title:
        return ()
    one_line = " ".join(title.split())
    return tuple(
        replace(mention, text=one_line[mention.start : mention.end], sentence=HEADLINE)
        for mention in find_entities(parsed)
        if mention.label in PLACE_LABELS
    )


def _annotate(
    article: Article, parsed: ParsedText, limited_to: int | None, timings: Timings | None
) -> ArticleAnnotations:
    started = time.perf_counter()
    clock = Timings() if timings is None else timings
    entities = repair_surnames(find_entities(parsed))
    started = clock.add("entities", started)
    spans = quote_spans(parsed.text[: limited_to or len(parsed.text)])
    attributions = find_attributions(parsed, entities, spans)
    quotes = find_quotes(parsed, entities, attributions, spans)
    started = clock.add("quotes and attributions", started)
    quoted = [(q.start, q.end) for q in quotes]
    times = find_times(parsed, published=article.published_date, quoted=quoted)
    started = clock.add("times", started)
    quantities = find_quantities(parsed)
    clock.add("quantities", started)
    return ArticleAnnotations(
        article_id=article.id,
        sentences=parsed.sentences,
        entities=entities,
        times=times,
        quantities=quantities,
        quotes=quotes,
        attributions=attributions,
        limited_to=limited_to,
    )


def _limited(text: str, max_chars: int) -> str:
    """At most `max_chars` of `text`, cut at a paragraph break (else a space) if one is
    in the second half, so the last sentence read is whole."""
    if len(text) <= max_chars:
        return text
    for mark in ("\n\n", " "):
        cut = text.rfind(mark, max_chars // 2, max_chars)
        if cut > 0:
            return text[:cut]
    return text[:max_chars]


def _skip_reason(text: str) -> str | None:
    """Why an article is not annotated: no words, or not English (the model is English)."""
    words = _WORD.findall(text[:5_000])
    if not any(any(c.isalpha() for c in word) for word in words):
        return EMPTY
    if len(words) >= LANGUAGE_MIN_WORDS:
        latin = sum(1 for w in words if w.isascii())
        stop = sum(1 for w in words if w.lower() in STOP_WORDS)
        if latin < len(words) / 2:
            return "not English: the entity model reads English only"
        if stop < MIN_STOP_WORD_SHARE * len(words):
            # Another Latin-script language, or English that is not prose (a table of
            # figures: Reuters' "Shr 25 cts vs 30 cts" earnings lines).
            return "not English prose: too few English function words"
    return None
