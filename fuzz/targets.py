"""The fuzz targets: bytes in, through the real public functions, and the outcomes allowed.

Each target takes any bytes. A reader target writes them to a file and reads it with
`read_file` (the path every runner takes), so an input gets the reader its suffix selects
and every limit of `READ_SETTINGS`. A stage target decodes them into the stage's input.

What is allowed back is the documented outcome: Articles, Skips with a reason and
ReadWarnings from a reader, each naming the input; the stage's records from a stage; or a
`NewsfuseError` (a clear error). Anything else raised is a finding, and so is an outcome
that breaks the records' contract (`UnexpectedOutcomeError`) or an input that runs past
`GUARD_SECONDS` (`TooSlowError`; under atheris, libFuzzer's own `-timeout` does this).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

from newsfuse.clean import BoilerplateIndex, clean, split_paragraphs
from newsfuse.config import CleanSettings, ReadSettings
from newsfuse.errors import NewsfuseError
from newsfuse.extract import default_extractor
from newsfuse.extract.dates import find_times
from newsfuse.extract.parse import ParsedText, split_pieces
from newsfuse.extract.quantities import find_quantities, parse_number
from newsfuse.model import (
    Article,
    QuantityMention,
    ReadWarning,
    RemovalReason,
    Skip,
    SkipReason,
    TimeMention,
)
from newsfuse.read import ReadItem, read_file
from newsfuse.read._deadline import DeadlineExceeded, deadline
from newsfuse.read.jsonl import PUBLISHED_YEARS

__all__ = [
    "GUARD_SECONDS",
    "READER_SUFFIXES",
    "READ_SETTINGS",
    "TARGETS",
    "TooSlowError",
    "UnexpectedOutcomeError",
    "check_read_items",
    "clean_text",
    "decode_dated_text",
    "find_numbers",
    "read_bytes",
    "resolve_dates",
]

#: Limits small enough that short fuzz inputs reach every limit's code path; the defaults
#: differ only in size (tests/read/test_bad_input.py checks them on full-size inputs).
READ_SETTINGS = ReadSettings(
    max_document_bytes=100_000,
    max_record_bytes=20_000,
    max_decompressed_bytes=1_000_000,
    max_line_chars=10_000,
)
#: Seconds one input may take before it is a finding. Generous: the slowest legitimate
#: inputs here (a 100 kB page through trafilatura) take well under a second on one core.
GUARD_SECONDS = 10.0
#: The file name each reader target writes its input to (the suffix picks the reader).
READER_SUFFIXES = {
    "seedtext": "fuzz.txt",
    "jsonl": "fuzz.jsonl",
    "html": "fuzz.html",
    "warc": "fuzz.warc",
    "csv": "fuzz.csv",
    "reuters": "fuzz.sgm",
}
#: What `TimeMention.kind` may be.
TIME_KINDS = frozenset({"date", "range", "duration"})


class UnexpectedOutcomeError(AssertionError):
    """A target returned something its contract does not allow."""


class TooSlowError(AssertionError):
    """One input ran past `GUARD_SECONDS`."""


def _guarded(target: str, run: Callable[[], object]) -> None:
    try:
        with deadline(GUARD_SECONDS):
            run()
    except DeadlineExceeded as exc:
        raise TooSlowError(f"{target}: one input took over {GUARD_SECONDS:g} s") from exc
    except NewsfuseError:
        pass  # a clear error is an allowed outcome


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise UnexpectedOutcomeError(message)


# --- readers ----------------------------------------------------------------------------


@cache
def _scratch() -> Path:
    """A folder of this process for the file each reader input is written to."""
    return Path(tempfile.mkdtemp(prefix="newsfuse-fuzz-"))


def read_bytes(kind: str, data: bytes) -> list[ReadItem]:
    """`data` as the file of one reader (`READER_SUFFIXES`), read with `READ_SETTINGS`."""
    path = _scratch() / READER_SUFFIXES[kind]
    path.write_bytes(data)
    items = list(read_file(path, settings=READ_SETTINGS))
    check_read_items(items, path=path)
    return items


def check_read_items(items: Sequence[ReadItem], *, path: Path) -> None:
    """The reader contract: records naming the input, Articles with text within limits."""
    _expect(bool(items), f"{path.name}: no Article and no Skip")
    for item in items:
        if isinstance(item, Article):
            _check_article(item, path=path)
        elif isinstance(item, Skip):
            _expect(isinstance(item.reason, SkipReason), f"skip without a reason: {item}")
            _expect(item.input.startswith(str(path)), f"skip names another input: {item}")
            _expect(bool(item.detail.strip()), f"skip without a detail: {item}")
        elif isinstance(item, ReadWarning):
            _expect(item.input.startswith(str(path)), f"warning names another input: {item}")
            _expect(bool(item.kind), f"warning without a kind: {item}")
        else:
            raise UnexpectedOutcomeError(f"not a read record: {item!r}")


def _check_article(article: Article, *, path: Path) -> None:
    _expect(article.origin.startswith(str(path)), f"article names another input: {article}")
    _expect(bool(article.id.strip()), f"article without an id: {article.origin}")
    _expect(bool(article.text.strip()), f"article without text: {article.origin}")
    day = article.published_date
    _expect(
        day is None or day.year in PUBLISHED_YEARS,
        f"published {article.published!r} outside {PUBLISHED_YEARS}: {article.origin}",
    )
    _expect(
        article.status is None or 100 <= article.status <= 599,
        f"status {article.status!r} is not an HTTP status: {article.origin}",
    )
    longest = max(map(len, re.split("[\n\r\u2028]", article.text)))
    _expect(longest <= READ_SETTINGS.max_line_chars, f"a line of {longest:,}: {article.origin}")


def _reader_target(kind: str) -> Callable[[bytes], None]:
    def run(data: bytes) -> None:
        _guarded(kind, lambda: read_bytes(kind, data))

    run.__name__ = f"fuzz_{kind}"
    return run


# --- clean ------------------------------------------------------------------------------


def clean_text(text: str, *, title: str | None = None, outlet: str | None = None) -> Article:
    """`clean` on one article, with an outlet index that has seen it three times (so the
    outlet-boilerplate path runs too); checks what `clean` returns."""
    article = Article(id="fuzz", text=text, origin="fuzz", title=title, source=outlet)
    settings = CleanSettings()
    index = BoilerplateIndex(settings=settings)
    index.observe([article] * settings.outlet_min_articles)
    cleaned = clean(article, settings=settings, boilerplate=index)
    originals = split_paragraphs(text)
    _expect(isinstance(cleaned, Article), f"clean returned {type(cleaned).__name__}")
    _expect(len(cleaned.paragraphs) <= len(originals), "more paragraphs out than in")
    _expect(all(p.strip() for p in cleaned.paragraphs), "an empty paragraph was kept")
    _expect(all("\n" not in p for p in cleaned.paragraphs), "a kept paragraph spans lines")
    for removal in cleaned.removals:
        _expect(isinstance(removal.reason, RemovalReason), f"removal without reason: {removal}")
        _expect(0 <= removal.paragraph < len(originals), f"removal out of range: {removal}")
    return cleaned


def _split_title(data: bytes) -> tuple[str | None, str]:
    """A first line starting `T:` is the title; the rest is the text (UTF-8, bad bytes
    replaced, as every reader decodes)."""
    text = data.decode("utf-8", errors="replace")
    if text.startswith("T:"):
        title, _, body = text[2:].partition("\n")
        return title, body
    return None, text


def _fuzz_clean(data: bytes) -> None:
    title, text = _split_title(data)
    _guarded("clean", lambda: clean_text(text, title=title, outlet="example.org"))


# --- extraction: dates and quantities ---------------------------------------------------


def parse(text: str) -> ParsedText:
    """`text` parsed as the Extractor parses an article (pieces through `nlp.pipe`)."""
    pieces = list(split_pieces(text))
    docs = default_extractor().nlp.pipe(piece for _, piece in pieces)
    return ParsedText.from_docs(
        text, [(offset, doc) for (offset, _), doc in zip(pieces, docs, strict=True)]
    )


def decode_dated_text(data: bytes) -> tuple[dt.date | None, str]:
    """An input that opens with a day (`2025-06-01 ...`) in `PUBLISHED_YEARS` (the readers'
    contract for `published`) is published that day; else it is undated."""
    text = data.decode("utf-8", errors="replace")
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None, text
    return (day if day.year in PUBLISHED_YEARS else None), text[10:]


def resolve_dates(text: str, *, published: dt.date | None) -> tuple[TimeMention, ...]:
    """`find_times` on `text` (its quotes as the Extractor finds them: none, here), checked."""
    parsed = parse(text)
    times = find_times(parsed, published=published)
    _check_spans(times, parsed)
    for mention in times:
        _expect(mention.kind in TIME_KINDS, f"unknown kind: {mention}")
        _expect(
            mention.first is None or mention.last is None or mention.first <= mention.last,
            f"a range that ends before it starts: {mention}",
        )
        _expect(
            (mention.first is not None) or mention.reason is not None,
            f"unresolved without a reason: {mention}",
        )
    return times


def find_numbers(text: str) -> tuple[QuantityMention, ...]:
    """`parse_number` on the text and `find_quantities` on its parse, checked."""
    value = parse_number(text)
    _expect(value is None or math.isfinite(value), f"parse_number gave {value!r}")
    parsed = parse(text)
    quantities = find_quantities(parsed)
    _check_spans(quantities, parsed)
    for mention in quantities:
        _expect(math.isfinite(mention.value), f"a quantity of {mention.value!r}: {mention}")
    return quantities


def _check_spans(mentions: Iterable[TimeMention | QuantityMention], parsed: ParsedText) -> None:
    for mention in mentions:
        _expect(
            0 <= mention.start <= mention.end <= len(parsed.text)
            and parsed.text[mention.start : mention.end] == mention.text,
            f"offsets do not give the mention's text: {mention}",
        )
        _expect(0 <= mention.sentence < len(parsed.sentences), f"no such sentence: {mention}")


def _fuzz_dates(data: bytes) -> None:
    published, text = decode_dated_text(data)
    _guarded("dates", lambda: resolve_dates(text, published=published))


def _fuzz_quantities(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    _guarded("quantities", lambda: find_numbers(text))


#: Every target by name: the harness `fuzz/fuzz_<name>.py` and the folder of its
#: regression inputs, tests/fuzz/corpus/<name>/.
TARGETS: dict[str, Callable[[bytes], None]] = {
    **{kind: _reader_target(kind) for kind in READER_SUFFIXES},
    "clean": _fuzz_clean,
    "dates": _fuzz_dates,
    "quantities": _fuzz_quantities,
}
