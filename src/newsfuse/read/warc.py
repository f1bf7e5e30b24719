"""WARC archives (gzipped or plain): each HTML response record becomes one Article.

Request, metadata, warcinfo and other non-response records are not articles and are passed
over. A response that is not HTML (an image, a PDF) is a Skip. An archive that breaks
part-way keeps the records read before the break and ends with a Skip saying how many.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeadersParserException

from newsfuse.config import ReadSettings
from newsfuse.ids import stable_id
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read._bytes import (
    GZIP_ERRORS,
    broken_gzip_skip,
    decode_text,
    open_maybe_gzip,
)
from newsfuse.read.html import html_to_page
from newsfuse.read.jsonl import PUBLISHED_YEARS

__all__ = ["read_warc"]

# Payload types read as HTML; a response without a Content-Type is tried as HTML too
# (trafilatura rejects what does not parse as a document).
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# What warcio raises on a record it cannot parse (bad WARC or HTTP header block).
_WARC_ERRORS = (ArchiveLoadFailed, StatusAndHeadersParserException, ValueError)
_DRAIN_CHUNK = 1 << 16
# warcio 1.8.1 builds a header line with `bytes +=` per 16 kB block, which is quadratic: 2 s
# for a 20 MB run without a line break, hours for a gigabyte of zeros between two records
# (issue 8). Its reads of a line are bounded by this (a header line this long is not WARC,
# and fails to parse as one); payloads are read by length, not by line.
_MAX_HEADER_LINE = 1 << 20

ReadItem = Article | Skip | ReadWarning


@dataclass(slots=True)
class _Progress:
    """How many records were read so far, for the Skip of an archive that breaks."""

    records: int = 0
    responses: int = 0
    broken: bool = False
    stray: int = 0  # warcio's count of records followed by data they did not cover


class _GuardedStream(io.RawIOBase):
    """The decompressed archive; it ends, instead of raising, where the gzip layer breaks.

    warcio takes an EOFError while it parses headers for a clean end of the archive, so the
    error is kept here (`error`) to be reported after the iteration.
    """

    def __init__(self, inner: IO[bytes]) -> None:
        # read1: one call into the gzip layer, so the data decompressed before a break is
        # not lost inside a buffered read that fails part-way (a whole record was, in tests).
        self._read: Callable[[int], bytes] = getattr(inner, "read1", inner.read)
        self.error: Exception | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.error is not None:
            return 0
        try:
            chunk = self._read(len(buffer))
        except GZIP_ERRORS as exc:
            self.error = exc
            return 0
        buffer[: len(chunk)] = chunk
        return len(chunk)


def read_warc(path: Path, *, settings: ReadSettings) -> Iterator[Article | Skip | ReadWarning]:
    """Stream the HTML responses of one WARC(.gz) file; memory stays bounded by one record."""
    if path.stat().st_size == 0:
        yield Skip(str(path), SkipReason.EMPTY, "empty file")
        return
    progress = _Progress()
    with open_maybe_gzip(path, settings=settings) as handle:
        stream = _GuardedStream(handle)
        try:
            yield from _read_records(stream, path=path, settings=settings, progress=progress)
        except _WARC_ERRORS as exc:
            if stream.error is not None:  # the gzip break made the record unparseable
                yield _broken_gzip(path, stream.error, progress)
                return
            detail = f"not a valid WARC after {progress.records} records: {exc}".strip()
            yield Skip(str(path), SkipReason.MALFORMED_WARC, detail[:300])
            return
    if stream.error is not None:
        yield _broken_gzip(path, stream.error, progress)
    elif progress.responses == 0 and not progress.broken:
        detail = f"no response records among {progress.records} records"
        yield Skip(str(path), SkipReason.EMPTY, detail)


def _read_records(
    stream: _GuardedStream, *, path: Path, settings: ReadSettings, progress: _Progress
) -> Iterator[ReadItem]:
    """The items of each response record; stops at the first record the archive cuts short."""
    archive = ArchiveIterator(stream)
    _bound_line_reads(archive)
    for record in _records(archive):
        yield from _stray_data(archive, path=path, progress=progress)
        if record.format != "warc":
            raise ArchiveLoadFailed(f"not a WARC record ({record.format} format)")
        is_response = record.rec_type == "response"
        uri = record.rec_headers.get_header("WARC-Target-URI") or ""
        origin = f"{path}#{uri}"
        limit = settings.max_record_bytes
        payload = _payload(record, origin=origin, limit=limit) if is_response else b""
        owed = _drain(record)
        if owed > 0 or stream.error is not None:
            progress.broken = True
            if stream.error is None:  # a broken gzip stream is reported by the caller
                yield Skip(str(path), SkipReason.MALFORMED_WARC, _cut_short(progress, owed))
            return
        progress.records += 1
        if not is_response:
            continue
        progress.responses += 1
        if isinstance(payload, Skip):
            yield payload
        else:
            yield from _response_items(record, payload, origin=origin, settings=settings)
    yield from _stray_data(archive, path=path, progress=progress)


def _bound_line_reads(archive: Any) -> None:
    """Make warcio's line reads stop at `_MAX_HEADER_LINE` bytes (see there)."""
    reader = archive.reader
    unbounded = reader.readline

    def readline(length: int | None = None) -> bytes:
        limit = _MAX_HEADER_LINE if length is None else min(length, _MAX_HEADER_LINE)
        parts: list[bytes] = []
        total = 0
        while total < limit:  # 64 kB a call keeps warcio's own `+=` loop short
            part: bytes = unbounded(min(limit - total, 1 << 16))
            parts.append(part)
            total += len(part)
            if not part or part.endswith(b"\n"):
                break
        return b"".join(parts)

    reader.readline = readline


def _records(archive: Any) -> Iterator[Any]:
    """warcio's records, its slips on a malformed header block raised as ArchiveLoadFailed.

    warcio 1.8.1 dereferences headers a record may lack: a response without
    WARC-Target-URI raised AttributeError (found by fuzzing, issue 8).
    """
    records = iter(archive)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except AttributeError as exc:
            raise ArchiveLoadFailed(f"a record warcio cannot parse ({exc})") from exc
        yield record


def _stray_data(archive: Any, *, path: Path, progress: _Progress) -> Iterator[Skip]:
    """A Skip when warcio stepped over data after a record: its Content-Length was wrong.

    warcio only writes this to stderr and goes on with the next record, so the record
    before the stray data may have lost its end.
    """
    if archive.err_count > progress.stray:
        progress.stray = archive.err_count
        detail = (
            f"data after record {progress.records} that its Content-Length does not cover "
            "(that record may be cut short); reading went on"
        )
        yield Skip(str(path), SkipReason.MALFORMED_WARC, detail)


def _payload(record: Any, *, origin: str, limit: int) -> bytes | Skip:
    """The record's HTTP body (de-chunked, decompressed), or a Skip if too large or not HTML."""
    length = record.rec_headers.get_header("Content-Length") or "0"
    if length.isdigit() and int(length) > limit:
        return Skip(
            origin, SkipReason.TOO_LARGE, f"record of {int(length):,} bytes > limit {limit:,}"
        )
    content_type = _content_type(record)
    if content_type and content_type not in HTML_TYPES:
        return Skip(origin, SkipReason.UNSUPPORTED, f"not HTML: {content_type}")
    body: bytes = record.content_stream().read(limit + 1)
    if len(body) > limit:
        return Skip(origin, SkipReason.TOO_LARGE, f"payload over the limit of {limit:,} bytes")
    return body


def _response_items(
    record: Any, payload: bytes, *, origin: str, settings: ReadSettings
) -> Iterator[ReadItem]:
    """One HTML response into an Article (and its warnings), or a Skip naming its origin."""
    decoded = decode_text(
        payload, origin=origin, max_control_char_share=settings.max_control_char_share
    )
    if isinstance(decoded, Skip):
        yield decoded
        return
    if decoded.encoding != "utf-8":
        yield ReadWarning(origin, "decoded_fallback", f"not UTF-8; decoded as {decoded.encoding}")
    headers = record.rec_headers
    page = html_to_page(
        decoded.text,
        article_id=stable_id(headers.get_header("WARC-Record-ID") or origin),
        origin=origin,
        url=headers.get_header("WARC-Target-URI") or None,
        status=_status(record),
        fallback_published=_warc_day(headers.get_header("WARC-Date")),
        time_limit=settings.max_document_seconds,
    )
    if isinstance(page, Skip):
        yield page
        return
    yield from page.warnings
    yield page.article


def _content_type(record: Any) -> str:
    """The payload's media type, lower-case, without parameters ('' where none is given)."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type") or ""
    return str(value).split(";", 1)[0].strip().lower()


def _status(record: Any) -> int | None:
    if record.http_headers is None:
        return None
    code = record.http_headers.get_statuscode() or ""
    return int(code) if code.isdigit() and 100 <= int(code) <= 599 else None


def _warc_day(value: str | None) -> dt.date | None:
    """The day of a WARC-Date (`2025-06-02T08:30:00Z`), or None if it does not parse or
    is outside `PUBLISHED_YEARS` (as the seed-text header, issue 8)."""
    if not value:
        return None
    try:
        day = dt.datetime.fromisoformat(value.strip()).date()
    except ValueError:
        return None
    return day if day.year in PUBLISHED_YEARS else None


def _drain(record: Any) -> int:
    """Read what is left of the record; return how many bytes its Content-Length still owes."""
    raw = record.raw_stream
    while raw.read(_DRAIN_CHUNK):
        pass
    owed = getattr(raw, "limit", 0)
    return owed if isinstance(owed, int) else 0


def _cut_short(progress: _Progress, owed: int) -> str:
    return (
        f"archive ends {owed:,} bytes short of a record's Content-Length "
        f"after {progress.records} complete records"
    )


def _broken_gzip(path: Path, error: Exception, progress: _Progress) -> Skip:
    return broken_gzip_skip(str(path), error, after=f"{progress.records} records")
