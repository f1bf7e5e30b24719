"""JSONL (optionally gzipped) records: `id` and `text` required; `title`, `published`,
`source`, `url`, `status` optional. One bad line is one Skip; the rest of the file is read."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read._bytes import GZIP_ERRORS, broken_gzip_skip, iter_lines, open_maybe_gzip

__all__ = ["parse_published", "parse_record", "read_jsonl"]


def read_jsonl(path: Path, *, settings: ReadSettings) -> Iterator[Article | Skip | ReadWarning]:
    """Stream the records of one JSONL(.gz) file; memory stays bounded by one line."""
    records = 0
    try:
        with open_maybe_gzip(path, settings=settings) as handle:
            for number, line in enumerate(
                iter_lines(handle, max_line_bytes=settings.max_record_bytes), start=1
            ):
                where = f"{path}:{number}"
                if line is None:
                    yield Skip(
                        where,
                        SkipReason.TOO_LARGE,
                        f"line longer than {settings.max_record_bytes:,} bytes",
                    )
                    continue
                if not line.strip():
                    continue
                records += 1
                yield from parse_record(line, where=where)
    except GZIP_ERRORS as exc:
        yield broken_gzip_skip(str(path), exc, after=f"{records} records")
        return
    if records == 0:
        yield Skip(str(path), SkipReason.EMPTY, "no JSON records")


def parse_record(line: bytes, *, where: str) -> Iterator[Article | Skip | ReadWarning]:
    """One JSONL line into an Article, or a Skip saying what is wrong with it."""
    try:
        record = json.loads(line.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        yield Skip(
            where, SkipReason.BAD_ENCODING, f"line is not UTF-8 ({exc.reason} at byte {exc.start})"
        )
        return
    except (ValueError, RecursionError) as exc:  # ValueError: JSONDecodeError, ints > 4300 digits
        yield Skip(where, SkipReason.MALFORMED_JSON, f"not valid JSON: {exc}")
        return
    if not isinstance(record, dict):
        yield Skip(
            where, SkipReason.MALFORMED_JSON, f"expected a JSON object, got {type(record).__name__}"
        )
        return
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        yield Skip(where, SkipReason.MISSING_FIELD, "record has no string `id`")
        return
    text = record.get("text")
    if not isinstance(text, str):
        yield Skip(where, SkipReason.MISSING_FIELD, f"record {article_id!r} has no string `text`")
        return
    if not text.strip():
        yield Skip(where, SkipReason.NO_TEXT, f"record {article_id!r} has empty `text`")
        return
    published = parse_published(record.get("published"))
    if record.get("published") not in (None, "") and published is None:
        yield ReadWarning(
            where, "unparsed_date", f"`published` {record['published']!r} is not an ISO date"
        )
    status = record.get("status")
    if not (isinstance(status, int) and not isinstance(status, bool) and 100 <= status <= 599):
        if status is not None:
            yield ReadWarning(where, "bad_status", f"`status` {status!r} is not an HTTP status")
        status = None
    yield Article(
        id=article_id.strip(),
        text=text,
        origin=where,
        published=published,
        status=status,
        title=_optional_string(record, "title"),
        source=_optional_string(record, "source"),
        url=_optional_string(record, "url"),
    )


def _optional_string(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value.strip() or None if isinstance(value, str) else None


#: Publication years a news article can have; outside them a date is a typo or an attack
#: (`0001-01-01`, `9999-12-31T23:59-14:00` overflow date arithmetic downstream).
PUBLISHED_YEARS = range(1900, 2201)


def parse_published(value: object) -> dt.date | dt.datetime | None:
    """An ISO date (`2025-06-01`) or datetime (`2025-06-01T08:30:00Z`) in
    `PUBLISHED_YEARS`, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) == 10:
            parsed: dt.date | dt.datetime = dt.date.fromisoformat(text)
        else:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.year in PUBLISHED_YEARS else None
