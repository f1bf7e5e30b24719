"""Bad input through the public `read`: each is a Skip naming it, and the run goes on."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read import ReadItem, read

GOOD_TEXT = "Headline\nA readable article body."


def _good(tmp_path: Path) -> Path:
    path = tmp_path / "zz_good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _skips(items: list[ReadItem]) -> list[Skip]:
    return [item for item in items if isinstance(item, Skip)]


def _articles(items: list[ReadItem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _warnings(items: list[ReadItem]) -> list[ReadWarning]:
    return [item for item in items if isinstance(item, ReadWarning)]


# --- whole files that are unusable ------------------------------------------------------

# file name, content, reason
WHOLE_FILE_CASES = [
    ("empty.txt", b"", SkipReason.EMPTY),
    ("empty.jsonl", b"", SkipReason.EMPTY),
    ("blank.txt", b"  \n\t\r\n   \n", SkipReason.EMPTY),
    ("blank.jsonl", b"\n\n   \n", SkipReason.EMPTY),
    ("nul.txt", b"Looks like text\x00\x00\x01\x02 but is not", SkipReason.BINARY),
]


@pytest.mark.parametrize(("name", "content", "reason"), WHOLE_FILE_CASES)
def test_unusable_file_is_one_skip_and_the_good_file_is_still_read(
    tmp_path: Path, name: str, content: bytes, reason: SkipReason
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    items = list(read([path, _good(tmp_path)]))
    skips = _skips(items)
    assert [skip.reason for skip in skips] == [reason]
    assert str(path) in skips[0].input
    assert [article.id for article in _articles(items)] == ["zz_good"]


@pytest.mark.parametrize(
    "content",
    [os.urandom(4096), bytes(range(256)) * 8, b"\x00" * 100 + b"text after nuls"],
    ids=["urandom", "every-byte", "nuls"],
)
def test_binary_junk_is_never_an_article(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(content)
    items = list(read([path, _good(tmp_path)]))
    skips = _skips(items)
    assert [skip.reason for skip in skips] in (
        [SkipReason.BINARY],
        [SkipReason.BAD_ENCODING],
    )
    assert str(path) in skips[0].input
    assert [article.id for article in _articles(items)] == ["zz_good"]


def test_missing_path_is_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    items = list(read([missing, _good(tmp_path)]))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (str(missing), SkipReason.NOT_FOUND)
    ]
    assert len(_articles(items)) == 1


def test_file_over_the_document_limit_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Headline\n" + "word " * 400, encoding="utf-8")
    items = list(read([path, _good(tmp_path)], settings=ReadSettings(max_document_bytes=1000)))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (str(path), SkipReason.TOO_LARGE)
    ]
    assert [article.id for article in _articles(items)] == ["zz_good"]


# --- folders ----------------------------------------------------------------------------


def test_folder_is_read_recursively_in_name_order_and_hidden_files_are_skips(
    tmp_path: Path,
) -> None:
    (tmp_path / "b.txt").write_text("B\nbody b", encoding="utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.txt").write_text("Z\nbody z", encoding="utf-8")
    (tmp_path / "c.txt").write_text("C\nbody c", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    items = list(read([tmp_path]))
    assert [article.id for article in _articles(items)] == ["z", "b", "c"]
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (str(tmp_path / ".DS_Store"), SkipReason.UNSUPPORTED)
    ]


# --- JSONL records ----------------------------------------------------------------------


def test_malformed_line_is_skipped_with_its_line_number(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        _jsonl({"id": "a", "text": "first"})
        + '{"id": "b", "text": "no closing brace"\n'
        + _jsonl({"id": "c", "text": "third"}),
        encoding="utf-8",
    )
    items = list(read([path]))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (f"{path}:2", SkipReason.MALFORMED_JSON)
    ]
    assert [article.id for article in _articles(items)] == ["a", "c"]


# bad line, reason
RECORD_CASES = [
    pytest.param('["id", "text"]', SkipReason.MALFORMED_JSON, id="array"),
    pytest.param('"just a string"', SkipReason.MALFORMED_JSON, id="string"),
    pytest.param('{"text": "no id"}', SkipReason.MISSING_FIELD, id="missing-id"),
    pytest.param('{"id": "x"}', SkipReason.MISSING_FIELD, id="missing-text"),
    pytest.param('{"id": "x", "text": 42}', SkipReason.MISSING_FIELD, id="text-not-string"),
    pytest.param('{"id": "x", "text": ""}', SkipReason.NO_TEXT, id="empty-text"),
    pytest.param('{"id": "x", "text": "  \\n "}', SkipReason.NO_TEXT, id="blank-text"),
    pytest.param(
        '{"id": "x", "text": "t", "n": ' + "1" * 5000 + "}",
        SkipReason.MALFORMED_JSON,
        id="huge-int",
    ),
    pytest.param("[" * 100_000, SkipReason.MALFORMED_JSON, id="deep-nesting"),
]


@pytest.mark.parametrize(("line", "reason"), RECORD_CASES)
def test_bad_record_is_one_skip_and_the_next_line_is_read(
    tmp_path: Path, line: str, reason: SkipReason
) -> None:
    path = tmp_path / "records.jsonl"
    path.write_text(line + "\n" + _jsonl({"id": "ok", "text": "fine"}), encoding="utf-8")
    items = list(read([path]))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [(f"{path}:1", reason)]
    assert [article.id for article in _articles(items)] == ["ok"]


# published value, what it becomes
PUBLISHED_CASES = [
    (
        "2025-06-01T08:30:00Z",
        dt.datetime(2025, 6, 1, 8, 30, tzinfo=dt.UTC),
    ),
    ("2025-06-01", dt.date(2025, 6, 1)),
    ("2025-06-01T08:30:00+02:00", dt.datetime(2025, 6, 1, 6, 30, tzinfo=dt.UTC)),
]


@pytest.mark.parametrize(("value", "expected"), PUBLISHED_CASES)
def test_published_is_parsed(tmp_path: Path, value: str, expected: dt.date) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(_jsonl({"id": "a", "text": "t", "published": value}), encoding="utf-8")
    items = list(read([path]))
    (article,) = _articles(items)
    assert type(article.published) is type(expected)
    assert article.published == expected
    assert not _warnings(items)


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", 20250601])
def test_unparsed_published_is_none_with_a_warning(tmp_path: Path, value: object) -> None:
    path = tmp_path / "dated.jsonl"
    path.write_text(_jsonl({"id": "a", "text": "t", "published": value}), encoding="utf-8")
    items = list(read([path]))
    (article,) = _articles(items)
    assert article.published is None
    assert [(warning.input, warning.kind) for warning in _warnings(items)] == [
        (f"{path}:1", "unparsed_date")
    ]


def test_over_long_line_is_too_large_and_the_next_line_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_text(
        _jsonl({"id": "long", "text": "x" * 5000}, {"id": "short", "text": "fits"}),
        encoding="utf-8",
    )
    items = list(read([path], settings=ReadSettings(max_record_bytes=1000)))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (f"{path}:1", SkipReason.TOO_LARGE)
    ]
    assert [article.id for article in _articles(items)] == ["short"]


# --- gzip -------------------------------------------------------------------------------


def _distinct_text(number: int) -> str:
    """Text that barely compresses, so a cut at the end of the stream hits only the last record."""
    return hashlib.sha256(str(number).encode()).hexdigest() * 4


def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [{"id": f"r{number}", "text": _distinct_text(number)} for number in range(5)]
    data = gzip.compress(_jsonl(*records).encode("utf-8"))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[:-20])
    items = list(read([path, _good(tmp_path)]))
    assert [article.id for article in _articles(items)] == ["r0", "r1", "r2", "r3", "zz_good"]
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (str(path), SkipReason.TRUNCATED_GZIP)
    ]


def test_whole_gzip_is_read(tmp_path: Path) -> None:
    path = tmp_path / "whole.jsonl.gz"
    path.write_bytes(
        gzip.compress(_jsonl({"id": "a", "text": "one"}, {"id": "b", "text": "two"}).encode())
    )
    items = list(read([path]))
    assert [article.id for article in _articles(items)] == ["a", "b"]
    assert not _skips(items)


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as bomb:
        zeros = bytes(1_000_000)
        for _ in range(50):
            bomb.write(zeros)
    started = time.monotonic()
    items = list(
        read([path, _good(tmp_path)], settings=ReadSettings(max_decompressed_bytes=1_000_000))
    )
    assert time.monotonic() - started < 5
    skips = _skips(items)
    assert [(skip.input, skip.reason) for skip in skips] == [(str(path), SkipReason.TOO_LARGE)]
    assert any(limit in skips[0].detail for limit in ("1,000,000", "1000000", "1_000_000"))
    assert [article.id for article in _articles(items)] == ["zz_good"]


# --- any bytes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder hypothesis examples overwrite (function-scoped tmp_path cannot be shared)."""
    return tmp_path_factory.mktemp("any_bytes")


@pytest.mark.parametrize("name", ["any.txt", "any.jsonl"])
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000))
def test_any_bytes_give_records_never_an_exception(scratch: Path, name: str, data: bytes) -> None:
    path = scratch / name
    path.write_bytes(data)
    items = list(read([path]))
    assert items
    assert all(isinstance(item, Article | Skip | ReadWarning) for item in items)
    assert all(str(path) in skip.input for skip in _skips(items))


# --- per-document limits at the default settings (issue 8) --------------------------------

DEFAULTS = ReadSettings()
FIFTY_MB = 50_000_000
STORY = (
    "<p>The city council voted on Monday to rebuild the old harbour bridge before winter.</p>"
    "<p>Engineers said the current structure had corroded beyond any reasonable repair.</p>"
)


def _warc_response(payload: bytes, *, uri: str = "https://news.example.org/a") -> bytes:
    """One uncompressed WARC response record holding `payload` as an HTML page."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri, "response", payload=io.BytesIO(payload), http_headers=http
    )
    writer.write_record(record)
    record.raw_stream.close()  # warcio spools payloads to a temporary file
    return buffer.getvalue()


def _fifty_mb(kind: str) -> bytes:
    words = b"word " * (FIFTY_MB // 5)
    if kind == "txt":
        return b"Headline\n" + words
    if kind == "html":
        return b"<html><body><p>" + words + b"</p></body></html>"
    if kind == "jsonl":
        return (
            b'{"id": "huge", "text": "'
            + words
            + b'"}\n'
            + _jsonl({"id": "ok", "text": "t"}).encode()
        )
    if kind == "csv":
        return b"id,text\nhuge," + words + b"\nok,fits\n"
    return _warc_response(words)


# suffix, the input the Skip names
FIFTY_MB_CASES = [
    ("txt", ""),
    ("html", ""),
    ("jsonl", ":1"),
    ("csv", "#row=1"),
    ("warc", "#https://news.example.org/a"),
]


@pytest.mark.parametrize(("kind", "where"), FIFTY_MB_CASES, ids=[c[0] for c in FIFTY_MB_CASES])
def test_a_50_mb_article_is_too_large_in_every_format(
    tmp_path: Path, kind: str, where: str
) -> None:
    path = tmp_path / f"huge.{kind}"
    path.write_bytes(_fifty_mb(kind))
    items = list(read([path, _good(tmp_path)], settings=DEFAULTS))
    skips = _skips(items)
    assert skips[0].input == f"{path}{where}"
    assert skips[0].reason is SkipReason.TOO_LARGE
    assert "20,000,000" in skips[0].detail
    assert "zz_good" in [article.id for article in _articles(items)]


def test_a_page_of_a_million_nested_tags_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body>" + "<div>" * 10**6 + STORY + "</div>" * 10**6 + "</body></html>",
        encoding="utf-8",
    )
    [skip] = list(read([path], settings=DEFAULTS))
    assert isinstance(skip, Skip)
    assert (skip.input, skip.reason) == (str(path), SkipReason.TOO_LARGE)
    assert "256" in skip.detail


def test_text_before_deep_nesting_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    lost = "<p>This paragraph sits below three hundred nested elements and is lost.</p>"
    path.write_text(
        f"<html><body><article>{STORY}</article>{'<div>' * 300}{lost}</body></html>",
        encoding="utf-8",
    )
    items = list(read([path], settings=DEFAULTS))
    [article] = _articles(items)
    assert "harbour bridge" in article.text
    assert "nested elements" not in article.text
    assert [(w.input, w.kind) for w in _warnings(items)] == [(str(path), "html_cut")]


@pytest.mark.parametrize("kind", ["txt", "jsonl"])
def test_a_line_of_ten_million_characters_is_too_large(tmp_path: Path, kind: str) -> None:
    line = "x" * 10**7
    path = tmp_path / f"line.{kind}"
    if kind == "txt":
        path.write_text(f"Headline\n{line}\nLast line.", encoding="utf-8")
    else:
        path.write_text(_jsonl({"id": "long", "text": line}, {"id": "ok", "text": "t"}))
    items = list(read([path, _good(tmp_path)], settings=DEFAULTS))
    [skip] = _skips(items)
    assert skip.input == (str(path) if kind == "txt" else f"{path}:1")
    assert skip.reason is SkipReason.TOO_LARGE
    assert "10,000,000 characters" in skip.detail
    assert [a.id for a in _articles(items)] == ([] if kind == "txt" else ["ok"]) + ["zz_good"]


def _bomb(head: bytes) -> bytes:
    """`head`, then a gigabyte of zeros in ~1 MB of gzip: ratio ~1000, as a bomb has."""
    zeros = gzip.compress(bytes(10_000_000))
    return gzip.compress(head) + zeros * 100


def _claim_length(record: bytes, length: int) -> bytes:
    """The WARC record with its Content-Length changed to `length`."""
    field = record.index(b"Content-Length: ")
    line_end = record.index(b"\r\n", field)
    return record[:field] + f"Content-Length: {length}".encode() + record[line_end:]


@pytest.mark.parametrize("kind", ["jsonl", "warc"])
def test_gzip_bomb_is_stopped_by_its_ratio_at_the_default_settings(
    tmp_path: Path, kind: str
) -> None:
    if kind == "jsonl":
        head = b'{"id": "a", "text": "first record"}\n'
    else:  # a response that claims a gigabyte, the zeros being its page
        record = _claim_length(_warc_response(b"<html>"), 10**9)
        head = record[: record.index(b"<html>")]
    path = tmp_path / f"bomb.{kind}.gz"
    path.write_bytes(_bomb(head))
    started = time.monotonic()
    items = list(read([path], settings=DEFAULTS))
    assert time.monotonic() - started < 5  # the absolute limit (20 GB) would take minutes
    skip = _skips(items)[-1]
    assert (skip.input, skip.reason) == (str(path), SkipReason.TOO_LARGE)
    assert "100x the" in skip.detail


def test_lying_content_length_in_a_gzipped_warc_is_reported(tmp_path: Path) -> None:
    record = _warc_response(STORY.encode())
    length = int(record.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    path = tmp_path / "lying.warc.gz"
    path.write_bytes(gzip.compress(_claim_length(record, length + 10**6)) + gzip.compress(record))
    skips = _skips(list(read([path], settings=DEFAULTS)))
    assert [(skip.input, skip.reason) for skip in skips] == [(str(path), SkipReason.MALFORMED_WARC)]
    assert "short of a record's Content-Length" in skips[0].detail


def test_a_warc_followed_by_50_mb_without_a_line_break_ends_promptly(tmp_path: Path) -> None:
    """warcio reads a line in quadratic time: this took minutes before its reads were bounded."""
    path = tmp_path / "junk.warc"
    path.write_bytes(_warc_response(STORY.encode()) + bytes(FIFTY_MB))
    started = time.monotonic()
    items = list(read([path], settings=DEFAULTS))
    assert time.monotonic() - started < 10
    assert len(_articles(items)) == 1
    assert {skip.reason for skip in _skips(items)} == {SkipReason.MALFORMED_WARC}


def test_a_page_past_the_time_limit_is_a_timeout_and_the_next_file_is_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "slow.html"
    paragraphs = "".join(f"<p>Paragraph {n} on the harbour bridge vote.</p>" for n in range(10**4))
    path.write_text(f"<html><body>{paragraphs}</body></html>", encoding="utf-8")
    items = list(read([path, _good(tmp_path)], settings=ReadSettings(max_document_seconds=0.05)))
    assert [(skip.input, skip.reason) for skip in _skips(items)] == [
        (str(path), SkipReason.TIMEOUT)
    ]
    assert [article.id for article in _articles(items)] == ["zz_good"]
