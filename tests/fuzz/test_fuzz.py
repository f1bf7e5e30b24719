"""The fuzz targets under hypothesis, CI's short version of `make fuzz` (issue 8), and the
inputs that once broke something, replayed.

Each target is fed any bytes, and inputs shaped like its format (records with lying
lengths, nested tags, dates and numbers at the edges), so a short run still reaches past
the first parse. What a target accepts back is in `fuzz.targets`; anything else fails here.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from fuzz.targets import (
    READER_SUFFIXES,
    TARGETS,
    clean_text,
    find_numbers,
    read_bytes,
    resolve_dates,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsfuse.read.jsonl import PUBLISHED_YEARS

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).parent / "corpus"
REGRESSIONS = sorted(path for path in CORPUS.glob("*/*") if path.is_file())

# Examples per test: the whole module runs in ~30 s on one core (spaCy targets ~50 ms an
# input, trafilatura ~20 ms, the rest ~1 ms).
QUICK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(QUICK, max_examples=30)

WORDS = st.sampled_from(
    "the council said on Monday that at least seven people were killed in Kyiv and "
    "talks will resume next week . ! ? : ; , “ ” ' \" ( ) - — • » 🔗 404 2025 06 01".split()
)
LINE = st.lists(WORDS, max_size=25).map(" ".join)


# --- inputs that once broke something ---------------------------------------------------


@pytest.mark.parametrize("path", REGRESSIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_input_that_once_broke_something_is_handled(path: Path) -> None:
    TARGETS[path.parent.name](path.read_bytes())


def test_every_target_has_a_harness_and_every_corpus_folder_a_target() -> None:
    assert all((REPO / "fuzz" / f"fuzz_{name}.py").is_file() for name in TARGETS)
    assert {path.parent.name for path in REGRESSIONS} <= set(TARGETS)


# --- any bytes --------------------------------------------------------------------------


@pytest.mark.parametrize("target", sorted(TARGETS))
@given(data=st.binary(max_size=3000))
@QUICK
def test_any_bytes_give_a_documented_outcome(target: str, data: bytes) -> None:
    TARGETS[target](data)


# --- readers: inputs shaped like each format --------------------------------------------

DAY = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["9999-12-31", "0001-01-01", "2025-02-30", "2025-06-01T08:30:00-14:00"]),
)


@given(day=DAY, status=st.sampled_from(["", " 200", " 403", " 999"]), body=st.lists(LINE))
@QUICK
def test_seed_text_with_any_header(day: str, status: str, body: list[str]) -> None:
    read_bytes("seedtext", f" date {day}{status}\n".encode() + "\n".join(body).encode())


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.text(max_size=10), st.integers(), JSON_VALUE),
        "text": st.one_of(LINE, JSON_VALUE),
        "published": st.one_of(DAY, JSON_VALUE),
        "status": st.one_of(st.integers(), JSON_VALUE),
        "title": st.one_of(LINE, JSON_VALUE),
    },
)


@given(records=st.lists(RECORD, max_size=6), compress=st.booleans(), cut=st.integers(0, 30))
@QUICK
def test_jsonl_records_of_any_shape(
    records: list[dict[str, object]], compress: bool, cut: int
) -> None:
    data = "".join(json.dumps(record) + "\n" for record in records).encode()
    if compress:
        data = gzip.compress(data)
    read_bytes("jsonl", data[: len(data) - cut] if cut else data)


TAGS = st.sampled_from(["div", "p", "article", "title", "script", "table", "td", "b", "html"])


@st.composite
def pages(draw: st.DrawFn) -> bytes:
    """Nested tags around news-like text, some left open, some nested past libxml2's 256."""
    depth = draw(st.sampled_from([0, 3, 30, 300]))
    tags = [draw(TAGS) for _ in range(min(depth, 5))] * max(1, depth // 5)
    body = "".join(f"<p>{draw(LINE)}</p>" for _ in range(draw(st.integers(0, 4))))
    closing = "".join(f"</{tag}>" for tag in reversed(tags)) if draw(st.booleans()) else ""
    opening = "".join(f"<{tag}>" for tag in tags)
    head = f"<html><head><title>{draw(LINE)}"
    return f"{head}</title></head><body>{opening}{body}{closing}</body></html>".encode()


@given(page=pages())
@QUICK
def test_html_pages_of_any_shape(page: bytes) -> None:
    read_bytes("html", page)


@st.composite
def warc_records(draw: st.DrawFn) -> bytes:
    """One WARC record with headers that may be absent, wrong, or lie about its length."""
    kind = draw(st.sampled_from(["response", "request", "warcinfo", "resource", "x"]))
    payload = draw(pages()) if draw(st.booleans()) else draw(st.binary(max_size=200))
    content_type = draw(st.sampled_from(["text/html", "image/png", "", "text/html; charset=x"]))
    http = f"HTTP/1.1 {draw(st.sampled_from(['200 OK', '404 No', 'x']))}\r\n"
    block = (http + f"Content-Type: {content_type}\r\n\r\n").encode() + payload
    headers = [
        "WARC/1.0",
        f"WARC-Type: {kind}",
        f"WARC-Record-ID: <urn:uuid:{draw(st.uuids())}>",
        f"WARC-Date: {draw(DAY)}T08:30:00Z",
    ]
    if draw(st.booleans()):
        headers.append(f"WARC-Target-URI: https://news.example.org/{draw(st.integers(0, 9))}")
    if draw(st.booleans()):
        headers.append("Content-Type: application/http; msgtype=response")
    lie = draw(st.sampled_from([0, 0, 0, -1, 1, -40, 40, 10**9, -(10**6)]))
    headers.append(f"Content-Length: {len(block) + lie}")
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + block + b"\r\n\r\n"


@given(records=st.lists(warc_records(), max_size=4), compress=st.booleans())
@SLOW
def test_warc_archives_with_lying_records(records: list[bytes], compress: bool) -> None:
    if compress:
        read_bytes("warc", b"".join(gzip.compress(record) for record in records))
    else:
        read_bytes("warc", b"".join(records))


FIELD = st.one_of(LINE, DAY, st.text(max_size=20), st.sampled_from(['"', '""', "\n", "\r"]))
COLUMNS = st.sampled_from(["id", "text", "title", "date", "source", "url", "body", "x", ""])


@given(
    header=st.lists(COLUMNS, min_size=1, max_size=6),
    rows=st.lists(st.lists(FIELD, max_size=7), max_size=6),
    delimiter=st.sampled_from([",", "\t", ";"]),
)
@QUICK
def test_csv_tables_of_any_shape(header: list[str], rows: list[list[str]], delimiter: str) -> None:
    lines = [delimiter.join(header)] + [delimiter.join(f'"{f}"' for f in row) for row in rows]
    read_bytes("csv", "\n".join(lines).encode())


def test_every_reader_target_has_a_shaped_test() -> None:
    shaped = {"seedtext", "jsonl", "html", "warc", "csv"}
    assert shaped | {"reuters"} == set(READER_SUFFIXES)


# --- stages -----------------------------------------------------------------------------

BOILERPLATE = st.sampled_from(
    [
        "Most popular",
        "• Bridge closed after attack",
        "By Khagan Isayev",
        "(MENAFN) Officials said",
        "Read more: https://example.org",
        "Error 404 page not found",
        "Copyright warranty liability disclaimer all rights reserved",
        "Reuter",
        "»",
        "3 comments",
    ]
)


@given(
    lines=st.lists(st.one_of(LINE, BOILERPLATE, st.text(max_size=40)), max_size=20),
    title=st.none() | LINE,
    breaks=st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\n\n"]),
)
@QUICK
def test_clean_on_lines_of_every_kind(lines: list[str], title: str | None, breaks: str) -> None:
    clean_text(breaks.join(lines), title=title, outlet="example.org")


DATE_WORDS = st.sampled_from(
    "Monday Sunday weekend last next past the same day eve of talks meeting two days before "
    "after ago June May 31 2025 6/1 2025-06-02 tonight yesterday years months decades "
    "night this coming late early “ ” said will was".split()
)


@given(
    words=st.lists(DATE_WORDS, max_size=30),
    published=st.none()
    | st.dates(dt.date(PUBLISHED_YEARS.start, 1, 1), dt.date(PUBLISHED_YEARS.stop - 1, 12, 31)),
)
@SLOW
def test_dates_resolve_at_every_publication_day(
    words: list[str], published: dt.date | None
) -> None:
    resolve_dates(" ".join(words) + ".", published=published)


NUMBER_WORDS = st.one_of(
    st.sampled_from(
        "at least about nearly up to more than seven hundred thousand million billion dozen "
        "1.5 4,300 34% per cent $ people were killed drones of the".split()
    ),
    st.integers(min_value=0).map(str),
    st.integers(300, 400).map(lambda digits: "9" * digits),
)


@given(words=st.lists(NUMBER_WORDS, max_size=20))
@SLOW
def test_quantities_of_any_size(words: list[str]) -> None:
    find_numbers(" ".join(words) + ".")
