"""The WARC reader on archives built here from real L3S-GN1 pages, whole and broken."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.config import ReadSettings
from newsfuse.ids import stable_id
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read import ReadItem, read
from newsfuse.read.warc import read_warc
from tests.conftest import shared_data

SETTINGS = ReadSettings()
WARC_DATE = "2025-06-02T08:30:00Z"
# Three L3S-GN1 pages and their headlines, read off each page.
PAGES = {
    "01ccc7c5-a1d1-46e1-a5f7-43310df16575": "Kosovo’s future status",
    "0303ceca-5737-418e-b3ea-94f75f39ea11": "Polish Parliament Confirms Government",
    "034f7376-18b6-43cc-b925-6d26399a3861": "BET News Sits Down With Barack Obama",
}
# The 8-byte PNG signature and a few bytes: an image response, not an article.
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
UNDATED_PAGE = (
    b"<html><head><title>Harbour bridge to be rebuilt</title></head><body><article>"
    b"<p>The city council voted to rebuild the old harbour bridge before the next winter.</p>"
    b"<p>Engineers said the current structure had corroded beyond any reasonable repair.</p>"
    b"</article></body></html>"
)


@dataclass(frozen=True, slots=True)
class BuiltWarc:
    """An archive written for a test: where its members end, and the response record ids."""

    data: bytes
    member_ends: tuple[int, ...]
    response_ids: tuple[str, ...]


def _http(content_type: str, status: str = "200 OK") -> StatusAndHeaders:
    return StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")


def _build(pages: list[tuple[str, bytes]], *, gzip: bool, image: bool = True) -> BuiltWarc:
    """warcinfo, then per page a request and an HTML response, then optionally an image."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    ends: list[int] = []
    ids: list[str] = []
    headers = {"WARC-Date": WARC_DATE}
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
    ends.append(buffer.tell())
    records = []
    for uri, body in pages:
        request = StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True)
        records.append(
            writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=request)
        )
        response = writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            http_headers=_http("text/html; charset=utf-8"),
            warc_headers_dict=dict(headers),
        )
        ids.append(response.rec_headers.get_header("WARC-Record-ID"))
        records.append(response)
    if image:
        records.append(
            writer.create_warc_record(
                "https://news.example.org/logo.png",
                "response",
                payload=io.BytesIO(PNG),
                http_headers=_http("image/png"),
            )
        )
    for record in records:
        writer.write_record(record)
        record.raw_stream.close()  # warcio spools payloads to a temporary file
        ends.append(buffer.tell())
    return BuiltWarc(buffer.getvalue(), tuple(ends), tuple(ids))


def _l3s_pages() -> list[tuple[str, bytes]]:
    inputs = shared_data("l3s-gn1-sample", "input")
    return [
        (f"https://news.example.org/{name}", (inputs / f"{name}.html").read_bytes())
        for name in PAGES
    ]


def _read(path: Path, settings: ReadSettings = SETTINGS) -> list[ReadItem]:
    return [
        item for item in read_warc(path, settings=settings) if not isinstance(item, ReadWarning)
    ]


@pytest.mark.shared_data
def test_gzipped_warc_gives_the_html_responses_and_skips_the_image(tmp_path: Path) -> None:
    built = _build(_l3s_pages(), gzip=True)
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(built.data)
    items = _read(path)
    articles = [item for item in items if isinstance(item, Article)]
    skips = [item for item in items if isinstance(item, Skip)]
    assert len(articles) == 3
    assert [skip.reason for skip in skips] == [SkipReason.UNSUPPORTED]
    assert skips[0].input == f"{path}#https://news.example.org/logo.png"
    assert "image/png" in skips[0].detail
    for article, name, record_id in zip(articles, PAGES, built.response_ids, strict=True):
        assert PAGES[name] in (article.title or "")
        assert article.id == stable_id(record_id)
        assert article.url == f"https://news.example.org/{name}"
        assert article.origin == f"{path}#{article.url}"
        assert article.status == 200


@pytest.mark.shared_data
def test_page_date_wins_over_the_crawl_date(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_build(_l3s_pages()[:1], gzip=True, image=False).data)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.published == dt.date(2008, 1, 16)  # "16 January 2008" on the page


def test_undated_page_takes_the_crawl_day(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    pages = [("https://news.example.org/bridge", UNDATED_PAGE)]
    path.write_bytes(_build(pages, gzip=False, image=False).data)
    [article] = _read(path)
    assert isinstance(article, Article)
    assert article.published == dt.date(2025, 6, 2)


def test_warc_is_read_through_the_dispatcher(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [("https://news.example.org/bridge", UNDATED_PAGE)]
    path.write_bytes(_build(pages, gzip=True, image=False).data)
    assert [type(item) for item in read([path])] == [Article]


@pytest.mark.shared_data
def test_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    built = _build(_l3s_pages(), gzip=True)
    # member_ends: warcinfo, request 1, response 1, request 2, response 2, request 3, ...
    start, end = built.member_ends[5], built.member_ends[6]
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(built.data[: (start + end) // 2])  # inside the third response
    items = _read(path)
    assert [type(item) for item in items] == [Article, Article, Skip]
    skip = items[-1]
    assert isinstance(skip, Skip)
    assert skip.reason is SkipReason.TRUNCATED_GZIP
    assert skip.input == str(path)
    assert "after 6 records" in skip.detail


@pytest.mark.shared_data
def test_truncated_plain_warc_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    built = _build(_l3s_pages(), gzip=False)
    start, end = built.member_ends[5], built.member_ends[6]
    path = tmp_path / "cut.warc"
    path.write_bytes(built.data[: (start + end) // 2])
    items = _read(path)
    assert [type(item) for item in items] == [Article, Article, Skip]
    skip = items[-1]
    assert isinstance(skip, Skip)
    assert skip.reason is SkipReason.MALFORMED_WARC
    assert skip.input == str(path)
    assert "after 6 complete records" in skip.detail


def _lie_about_length(data: bytes, *, by: int) -> bytes:
    """The archive with the first response's Content-Length changed by `by` bytes."""
    response = data.index(b"WARC-Type: response")
    field = data.index(b"Content-Length: ", response)
    line_end = data.index(b"\r\n", field)
    length = int(data[field + len(b"Content-Length: ") : line_end])
    return data[:field] + f"Content-Length: {length + by}".encode() + data[line_end:]


@pytest.mark.parametrize("by", [-40, -400, 40, 10**9])
def test_lying_content_length_gives_a_skip_naming_the_file(tmp_path: Path, by: int) -> None:
    pages = [(f"https://news.example.org/{n}", UNDATED_PAGE) for n in range(2)]
    path = tmp_path / "lying.warc"
    path.write_bytes(_lie_about_length(_build(pages, gzip=False, image=False).data, by=by))
    items = _read(path)
    skips = [item for item in items if isinstance(item, Skip)]
    # Cut into the HTTP headers (-400), the record is also unreadable as a response.
    assert SkipReason.MALFORMED_WARC in {skip.reason for skip in skips}
    assert all(skip.input.startswith(str(path)) for skip in skips)
    assert len(items) <= 3


def test_record_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    uri = "https://news.example.org/bridge"
    path.write_bytes(_build([(uri, UNDATED_PAGE)], gzip=True, image=False).data)
    [skip] = _read(path, ReadSettings(max_record_bytes=200))
    assert isinstance(skip, Skip)
    assert skip.reason is SkipReason.TOO_LARGE
    assert skip.input == f"{path}#{uri}"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", SkipReason.EMPTY),
        (b"this is not an archive\nat all\n", SkipReason.MALFORMED_WARC),
        (bytes(range(256)) * 8, SkipReason.MALFORMED_WARC),
        (b"\x1f\x8b\x08\x00garbage after a gzip magic", SkipReason.TRUNCATED_GZIP),
    ],
)
def test_unreadable_archive_is_one_skip_naming_the_file(
    tmp_path: Path, content: bytes, reason: SkipReason
) -> None:
    path = tmp_path / "bad.warc"
    path.write_bytes(content)
    [skip] = _read(path)
    assert isinstance(skip, Skip)
    assert skip.reason is reason
    assert skip.input == str(path)


def test_archive_without_responses_is_an_empty_skip(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("info.warc", {"software": "tests"}))
    path = tmp_path / "info.warc.gz"
    path.write_bytes(buffer.getvalue())
    [skip] = _read(path)
    assert isinstance(skip, Skip)
    assert skip.reason is SkipReason.EMPTY
    assert skip.input == str(path)
