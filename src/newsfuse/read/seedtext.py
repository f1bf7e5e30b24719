"""The crawl text format of the seeds: an optional ` date YYYY-MM-DD [status]` header, then text.

The five seeds show every variant: no header at all (the first line is the headline); the
body starting on the header line right after the date; a 3-digit HTTP status ending the
header line, with the body on the next line. A plain `.txt` file is the no-header case.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read._bytes import read_document
from newsfuse.read.jsonl import PUBLISHED_YEARS

__all__ = ["parse_seed_text", "read_seed_text"]

# ` date 2025-06-02 403` (status ends the line) or ` date 2025-06-02 Body text...`.
# A status must end the line: a body that starts with a number ("300 people...") stays body.
_HEADER = re.compile(
    r"^[ \t]*date[ \t]+(?P<date>\S+)"
    r"(?:[ \t]+(?P<status>[1-5]\d\d)[ \t]*$|[ \t]*$|[ \t]+(?P<body>.*)$)"
)
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def read_seed_text(path: Path, *, settings: ReadSettings) -> Iterator[Article | Skip | ReadWarning]:
    """Read one seed-format (or plain text) file into one Article."""
    decoded, warnings = read_document(path, settings=settings)
    yield from warnings
    if isinstance(decoded, Skip):
        yield decoded
        return
    yield from parse_seed_text(decoded.text, article_id=path.stem, origin=str(path))


def parse_seed_text(
    text: str, *, article_id: str, origin: str
) -> Iterator[Article | Skip | ReadWarning]:
    """Split an optional crawl header off `text` and build the Article."""
    first, _, rest = text.partition("\n")
    match = _HEADER.match(first.rstrip("\r"))
    published: dt.date | None = None
    status: int | None = None
    body = text
    if match:
        body = ((match["body"] or "") + "\n" + rest).strip("\n")
        status = int(match["status"]) if match["status"] else None
        published = _parse_day(match["date"])
        if published is None:
            yield ReadWarning(
                origin,
                "unparsed_date",
                f"header date {match['date']!r} is not a YYYY-MM-DD day in 1900-2200",
            )
    if not body.strip():
        yield Skip(origin, SkipReason.NO_TEXT, "header only, no article text")
        return
    yield Article(id=article_id, text=body, origin=origin, published=published, status=status)


def _parse_day(value: str) -> dt.date | None:
    """The header's day, if it is a real one in `PUBLISHED_YEARS` (fuzzing found
    `date 4050-06-02` read as is; a day near 9999 overflowed date resolution, issue 8)."""
    if not _ISO_DAY.match(value):
        return None
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return None
    return day if day.year in PUBLISHED_YEARS else None
