"""CSV and TSV tables of articles, one row each (FA-KES, spreadsheet and dataset exports),
optionally gzipped.

Columns are found by header name, whatever the table calls them (`_COLUMNS`); only a text
column is required. Without an id column a row's id is the file's stem and its row number
(`FA-KES-Dataset-17`); row numbers count data rows from 1, the header not counted. The
delimiter is the one of `,` `\\t` `;` the header line uses most. Dates are ISO as in JSONL
(`parse_published`), or numeric `4/16/2017`-style, read month- or day-first as the file's
first rows show (see `date_order`). One bad row is one Skip; a field past the record limit
ends the file (the parser cannot resynchronise inside a quoted field), with a Skip saying so.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read._bytes import (
    GZIP_ERRORS,
    DecodedText,
    broken_gzip_skip,
    decode_text,
    open_maybe_gzip,
)
from newsfuse.read.jsonl import PUBLISHED_YEARS, parse_published

__all__ = ["date_order", "find_columns", "parse_table_date", "read_csv"]

# Header names (normalised: case-folded, non-alphanumerics as `_`) for each field, best first.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "unit_id", "doc_id", "article_id", "document_id", "guid", "uuid"),
    "text": (
        "text",
        "content",
        "article_content",
        "body",
        "article_text",
        "article_body",
        "full_text",
        "maintext",
    ),
    "title": ("title", "headline", "article_title", "heading"),
    "source": ("source", "outlet", "publisher", "publication", "source_name", "site_name"),
    "date": (
        "date",
        "published",
        "publish_date",
        "published_date",
        "publication_date",
        "pub_date",
        "published_at",
        "date_published",
    ),
    "url": ("url", "link", "article_url", "source_url"),
}
_DELIMITERS = (",", "\t", ";")
# Bytes read to sniff the encoding and the delimiter: enough for a header and many rows.
_SNIFF_BYTES = 1 << 20
# Rows whose date decides day- or month-first for the whole file.
_DATE_ORDER_ROWS = 10_000
_NUMERIC_DATE = re.compile(r"(?P<a>\d{1,2})[/.-](?P<b>\d{1,2})[/.-](?P<year>\d{4})")

DateOrder = Literal["month_first", "day_first"]


@dataclass(frozen=True, slots=True)
class _Dialect:
    encoding: str
    delimiter: str


class _RecordTooLargeError(Exception):
    """A line or field of the table exceeds the record limit."""


def read_csv(path: Path, *, settings: ReadSettings) -> Iterator[Article | Skip | ReadWarning]:
    """Stream the rows of one CSV/TSV(.gz) file as Articles; memory stays bounded by one row."""
    # 1. Sniff the encoding and delimiter from the file's head.
    try:
        sniffed = _sniff(path, settings=settings)
    except GZIP_ERRORS as exc:
        yield broken_gzip_skip(str(path), exc, after="0 rows")
        return
    if isinstance(sniffed, Skip):
        yield sniffed
        return
    if sniffed.encoding != "utf-8":
        detail = f"not UTF-8; decoded as {sniffed.encoding}"
        yield ReadWarning(str(path), "decoded_fallback", detail)
    # 2. Learn day- or month-first dates from the first rows, then 3. read every row.
    order = _file_date_order(path, sniffed, settings=settings)
    yield from _read_rows(path, sniffed, order=order, settings=settings)


def _sniff(path: Path, *, settings: ReadSettings) -> _Dialect | Skip:
    with open_maybe_gzip(path, settings=settings) as handle:
        head = handle.read(_SNIFF_BYTES)
    if len(head) == _SNIFF_BYTES and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]  # never cut a multi-byte character in two
    decoded = decode_text(
        head, origin=str(path), max_control_char_share=settings.max_control_char_share
    )
    if isinstance(decoded, Skip):
        return decoded
    return _Dialect(decoded.encoding, _delimiter(decoded, path=path))


def _delimiter(decoded: DecodedText, *, path: Path) -> str:
    """The delimiter the header line uses most; a single-column file by its suffix."""
    header = decoded.text.lstrip("\ufeff").partition("\n")[0]
    counts = {delimiter: header.count(delimiter) for delimiter in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best]:
        return best
    return "\t" if ".tsv" in path.name.lower() else ","


@contextmanager
def _open_rows(
    path: Path, dialect: _Dialect, *, settings: ReadSettings
) -> Iterator[Iterator[list[str]]]:
    """The file's rows (header first), each line and field within the record limit."""
    encoding = "utf-8-sig" if dialect.encoding == "utf-8" else dialect.encoding
    binary = open_maybe_gzip(path, settings=settings)
    with io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="") as handle:
        reader = csv.reader(
            _bounded_lines(handle, limit=settings.max_record_bytes), delimiter=dialect.delimiter
        )
        yield _limited_rows(reader, limit=settings.max_record_bytes)


def _bounded_lines(handle: io.TextIOWrapper, *, limit: int) -> Iterator[str]:
    while line := handle.readline(limit + 1):
        if len(line) > limit and not line.endswith(("\n", "\r")):
            raise _RecordTooLargeError
        yield line


def _limited_rows(reader: Iterator[list[str]], *, limit: int) -> Iterator[list[str]]:
    """Rows parsed with the field limit set to `limit` (131,072 characters by default).

    The limit is process-wide state of the csv module, so it is set only while one row is
    parsed and restored before the row is handed on.
    """
    while True:
        previous = csv.field_size_limit(limit)
        try:
            row = next(reader, None)
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise _RecordTooLargeError from exc
            raise
        finally:
            csv.field_size_limit(previous)
        if row is None:
            return
        yield row


def _read_rows(
    path: Path, dialect: _Dialect, *, order: DateOrder | None, settings: ReadSettings
) -> Iterator[Article | Skip | ReadWarning]:
    row_number = rows_with_content = 0
    try:
        with _open_rows(path, dialect, settings=settings) as rows:
            header = next(rows, [])
            columns = find_columns(header)
            if "text" not in columns:
                yield _no_text_column(path, header)
                return
            for row_number, row in enumerate(rows, start=1):
                if any(field.strip() for field in row):
                    rows_with_content += 1
                    yield from _parse_row(row, columns, path=path, row=row_number, order=order)
    except _RecordTooLargeError:
        limit = settings.max_record_bytes
        yield Skip(
            f"{path}#row={row_number + 1}",
            SkipReason.TOO_LARGE,
            f"{path.name} row {row_number + 1}: a line or field over {limit:,} characters; "
            "the rows after it were not read",
        )
    except csv.Error as exc:
        yield Skip(
            f"{path}#row={row_number + 1}",
            SkipReason.UNREADABLE,
            f"{path.name} row {row_number + 1}: not valid CSV ({exc}); the rest was not read",
        )
    except GZIP_ERRORS as exc:
        yield broken_gzip_skip(str(path), exc, after=f"{row_number} rows")
    else:
        if rows_with_content == 0:
            yield Skip(str(path), SkipReason.EMPTY, f"{path.name}: a header and no rows")


def _no_text_column(path: Path, header: list[str]) -> Skip:
    if not header:
        return Skip(str(path), SkipReason.EMPTY, f"{path.name}: no header row")
    found = ", ".join(repr(name) for name in header[:20])
    expected = ", ".join(_COLUMNS["text"])
    return Skip(
        str(path),
        SkipReason.MISSING_FIELD,
        f"{path.name}: no text column in header ({found}); expected one of: {expected}",
    )


def find_columns(header: Iterable[str]) -> dict[str, int]:
    """Field (`id`, `text`, `title`, `source`, `date`, `url`) → column index, by header name."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(_header_key(name), index)
    columns: dict[str, int] = {}
    for field, names in _COLUMNS.items():
        for name in names:
            if name in positions:
                columns[field] = positions[name]
                break
    return columns


def _header_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", name.lstrip("\ufeff").casefold()).strip("_")


def _parse_row(
    fields: list[str],
    columns: Mapping[str, int],
    *,
    path: Path,
    row: int,
    order: DateOrder | None,
) -> Iterator[Article | Skip | ReadWarning]:
    """One row into an Article, or a Skip naming the file and the row."""
    where = f"{path}#row={row}"
    values = {
        field: fields[index].strip() for field, index in columns.items() if index < len(fields)
    }
    text = fields[columns["text"]] if columns["text"] < len(fields) else ""
    if not text.strip():
        yield Skip(where, SkipReason.NO_TEXT, f"{path.name} row {row}: empty text column")
        return
    article_id = values.get("id") or f"{_file_stem(path)}-{row}"
    if "id" in columns and not values.get("id"):
        yield ReadWarning(where, "missing_id", f"row {row} has no id; named {article_id!r}")
    date = values.get("date", "")
    published = parse_table_date(date, order=order)
    if date and published is None:
        yield ReadWarning(where, "unparsed_date", f"date {date!r} is not a date read here")
    yield Article(
        id=article_id,
        text=text,
        origin=where,
        published=published,
        title=values.get("title") or None,
        source=values.get("source") or None,
        url=values.get("url") or None,
    )


def _file_stem(path: Path) -> str:
    """`FA-KES-Dataset` for `FA-KES-Dataset.csv` and `.csv.gz` alike."""
    return Path(path.name.removesuffix(".gz")).stem


# --- Dates -------------------------------------------------------------------------------


def parse_table_date(value: str, *, order: DateOrder | None) -> dt.date | dt.datetime | None:
    """An ISO date or datetime (as in JSONL), or a numeric `4/16/2017` read in `order`.

    Without an order, only a numeric date whose day is past 12 (so cannot be a month) is read;
    a year outside `PUBLISHED_YEARS` is not (fuzzing found `1/2/0215` read as is, issue 8).
    """
    published = parse_published(value)
    if published is not None:
        return published
    match = _NUMERIC_DATE.fullmatch(value.strip())
    if match is None:
        return None
    first, second = int(match["a"]), int(match["b"])
    if order is None:
        order = _forced_order(first, second)
    if order is None:
        return None
    month, day = (first, second) if order == "month_first" else (second, first)
    if int(match["year"]) not in PUBLISHED_YEARS:
        return None
    try:
        return dt.date(int(match["year"]), month, day)
    except ValueError:
        return None


def date_order(values: Iterable[str]) -> DateOrder | None:
    """Month- or day-first, as the numeric dates among `values` show; None when they do not.

    A date whose first number is past 12 is day-first, one whose second is past 12 is
    month-first; a column holding only one kind decides, one holding both or neither does not.
    """
    seen: set[DateOrder] = set()
    for value in values:
        match = _NUMERIC_DATE.fullmatch(value.strip())
        if match is not None:
            forced = _forced_order(int(match["a"]), int(match["b"]))
            if forced is not None:
                seen.add(forced)
    return seen.pop() if len(seen) == 1 else None


def _forced_order(first: int, second: int) -> DateOrder | None:
    if first > 12 >= second:
        return "day_first"
    if second > 12 >= first:
        return "month_first"
    return None


def _file_date_order(path: Path, dialect: _Dialect, *, settings: ReadSettings) -> DateOrder | None:
    """The date order of the file's first rows; errors are left for the full read to report."""
    values: list[str] = []
    with (
        suppress(_RecordTooLargeError, csv.Error, *GZIP_ERRORS),
        _open_rows(path, dialect, settings=settings) as rows,
    ):
        column = find_columns(next(rows, [])).get("date")
        if column is None:
            return None
        for _, fields in zip(range(_DATE_ORDER_ROWS), rows, strict=False):
            if column < len(fields):
                values.append(fields[column])
    return date_order(values)
