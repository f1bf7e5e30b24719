"""HTML pages: the main text and metadata of a news page, via trafilatura.

One file is one Article with id = the file name without extension. The text keeps one
paragraph per line, because `clean` works on lines. A page trafilatura finds no text in, or
cannot parse, becomes a `Skip`; trafilatura's own log records for those outcomes are dropped,
since the Skip already reports them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document
from trafilatura.utils import load_html

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read._bytes import decode_text, read_document
from newsfuse.read._deadline import DeadlineExceeded, deadline

__all__ = ["HtmlPage", "html_to_page", "parser_limit", "read_html"]

# Options measured on the 80 L3S-GN1 pages (token F1 against the gold full text, see
# `newsfuse.evaluate.html_extraction`), all with comments excluded:
#   defaults                      micro F1 0.924  macro 0.900
#   favor_precision               micro F1 0.932  macro 0.910
#   favor_recall                  micro F1 0.920  macro 0.896
#   fast                          micro F1 0.907  macro 0.864
#   include_tables=False          micro F1 0.950  macro 0.933  <- chosen
#   no tables + favor_precision   micro F1 0.881  macro 0.797 (8 pages lose all text)
# Leaving tables out mostly removes link grids of table-laid-out pages; a page whose story
# sits in a layout table still comes back through trafilatura's fallback extractors.
# Caveat: the sample is from 2008; a data table inside a modern article is dropped too.
# Decoding, measured the same way: `decode_text` (UTF-8, else charset-normalizer) and
# handing trafilatura the raw bytes both scored micro F1 0.907 (default options); trying the
# page's <meta charset> first scored 0.905. `decode_text` is used: it also rejects binary junk.
INCLUDE_TABLES = False
FAVOR_PRECISION = False
# Reader comments are not the article (L3S-GN1 labels them apart from the full text).
INCLUDE_COMMENTS = False

# Crawled pages with an unterminated `<title>` (3 of the 80 L3S-GN1 pages): libxml2 then
# reads the whole page as the title, and trafilatura finds no text. Closing the title at the
# end of its line recovers them (micro F1 0.907 -> 0.924 with default options).
_TITLE_OPEN = re.compile(r"<title\b[^>]*>", re.IGNORECASE)
_TITLE_CLOSE = re.compile(r"</title\s*>", re.IGNORECASE)

# What a page cut short by libxml2's resource limits is reported with (see `parser_limit`).
_CUT_DETAIL = "page past the HTML parser's limits (nesting over 256 deep or a 10 MB text run)"

# trafilatura log records for outcomes this reader returns as a Skip (no text, no tree).
_TRANSLATED_LOG_MESSAGES = (
    "discarding data",
    "empty HTML tree",
    "parsed tree length",
    "lxml parser bytestring",
    "lxml parsing failed",
)
# What trafilatura and lxml raise on HTML they cannot handle (deep nesting: RecursionError).
_EXTRACTION_ERRORS = (etree.LxmlError, ValueError, TypeError, RecursionError)
# Binary-junk threshold and time limit for pages handed over without settings.
_CONTROL_CHAR_SHARE = ReadSettings().max_control_char_share
_TIME_LIMIT = ReadSettings().max_document_seconds


class _DropTranslatedRecords(logging.Filter):
    """Drop trafilatura's per-page records that this reader reports as a Skip instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(_TRANSLATED_LOG_MESSAGES)


for _name in ("trafilatura.core", "trafilatura.utils"):
    logging.getLogger(_name).addFilter(_DropTranslatedRecords())


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """The Article read from one page, and what was recovered from on the way."""

    article: Article
    warnings: tuple[ReadWarning, ...] = ()


def read_html(path: Path, *, settings: ReadSettings) -> Iterator[Article | Skip | ReadWarning]:
    """Read one HTML file into one Article, or a Skip saying why not."""
    decoded, warnings = read_document(path, settings=settings)
    yield from warnings
    if isinstance(decoded, Skip):
        yield decoded
        return
    page = html_to_page(
        decoded.text,
        article_id=path.stem,
        origin=str(path),
        time_limit=settings.max_document_seconds,
    )
    if isinstance(page, Skip):
        yield page
        return
    yield from page.warnings
    yield page.article


def html_to_page(
    html: bytes | str,
    *,
    article_id: str,
    origin: str,
    url: str | None = None,
    status: int | None = None,
    fallback_published: dt.date | None = None,
    time_limit: float | None = _TIME_LIMIT,
) -> HtmlPage | Skip:
    """One page into an Article and its warnings; a WARC record is read with this too.

    Extraction past `time_limit` seconds is a `timeout` Skip (see `read._deadline`).
    """
    if isinstance(html, bytes):
        decoded = decode_text(html, origin=origin, max_control_char_share=_CONTROL_CHAR_SHARE)
        if isinstance(decoded, Skip):
            return decoded
        html = decoded.text
    html = close_unterminated_title(html)
    document = _extract(html, origin=origin, url=url, time_limit=time_limit)
    cut = _cut_by_parser(html, document, origin=origin)
    if isinstance(cut, Skip):
        return cut
    if isinstance(document, Skip):
        return document
    published, warnings = _published(document.date, origin=origin, fallback=fallback_published)
    article = Article(
        id=article_id,
        text=_paragraph_lines(document.text or ""),
        origin=origin,
        source=document.sitename or document.hostname or None,
        url=url or document.url or None,
        title=document.title or None,
        published=published,
        status=status,
    )
    return HtmlPage(article, warnings + cut)


def close_unterminated_title(html: str) -> str:
    """Close a `<title>` that is never closed at the end of its line (see `_TITLE_OPEN`)."""
    opening = _TITLE_OPEN.search(html)
    if opening is None or _TITLE_CLOSE.search(html, opening.end()):
        return html
    line_end = html.find("\n", opening.end())
    if line_end == -1:
        return html
    return html[:line_end] + "</title>" + html[line_end:]


def _cut_by_parser(
    html: str, document: Document | Skip, *, origin: str
) -> Skip | tuple[ReadWarning, ...]:
    """A `too_large` Skip for a page cut short by the parser before any text, a warning for
    one cut after some; nothing for a page within the parser's limits."""
    if isinstance(document, Skip) and document.reason is SkipReason.TIMEOUT:
        return ()
    cut = parser_limit(html)
    if cut is None:
        return ()
    if isinstance(document, Skip):
        return Skip(origin, SkipReason.TOO_LARGE, f"{_CUT_DETAIL}, no text before it: {cut}")
    return (ReadWarning(origin, "html_cut", f"{_CUT_DETAIL}; the text after it is lost: {cut}"),)


def parser_limit(html: str) -> str | None:
    """libxml2's message where the page passes the parser's resource limits, else None.

    Past them (elements nested deeper than 256, one text run over 10 MB) libxml2 stops
    building the tree and trafilatura silently gets what came before: 10^6 nested tags read
    as "no main text" (issue 8). A second parse, with a parser of trafilatura's options,
    costs ~1 ms a page (2.5% of extraction on L3S-GN1); a parser per call keeps its error
    log to this page when threads read pages at once.
    """
    parser = lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
    )
    with suppress(etree.LxmlError, ValueError):  # empty or unparseable: _extract says so
        lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    limits = [e for e in parser.error_log if e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT]
    return limits[0].message.strip() if limits else None


def _extract(
    html: str, *, origin: str, url: str | None, time_limit: float | None
) -> Document | Skip:
    """Run trafilatura; translate its None and its exceptions into a Skip naming `origin`."""
    try:
        with deadline(time_limit):
            document = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=INCLUDE_COMMENTS,
                include_tables=INCLUDE_TABLES,
                favor_precision=FAVOR_PRECISION,
            )
            # bare_extraction gives None for both "no tree" and "no text": ask which it was.
            parsed = document is not None or load_html(html) is not None
    except DeadlineExceeded:
        return Skip(origin, SkipReason.TIMEOUT, f"HTML extraction took over {time_limit:g} s")
    except _EXTRACTION_ERRORS as exc:
        return Skip(origin, SkipReason.MALFORMED_HTML, f"HTML could not be parsed: {exc!r}"[:300])
    if not parsed:
        return Skip(origin, SkipReason.MALFORMED_HTML, "not parseable as an HTML document")
    if not isinstance(document, Document) or not (document.text or "").strip():
        return Skip(origin, SkipReason.NO_TEXT, "no main text found in the page")
    return document


def _paragraph_lines(text: str) -> str:
    """One paragraph per line, blank lines dropped (trafilatura separates blocks by newline)."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _published(
    value: str | None, *, origin: str, fallback: dt.date | None
) -> tuple[dt.date | None, tuple[ReadWarning, ...]]:
    """trafilatura's date (`YYYY-MM-DD`) as a date; else the fallback, warning if unparsed."""
    if not value:
        return fallback, ()
    try:
        return dt.date.fromisoformat(value.strip()[:10]), ()
    except ValueError:
        warning = ReadWarning(origin, "unparsed_date", f"page date {value!r} is not YYYY-MM-DD")
        return fallback, (warning,)
