"""Reuters-21578 SGML (`reut2-NNN.sgm`): one `<REUTERS ... NEWID=...>` record per story.

Each record gives `<DATE>` (`26-FEB-1987 15:01:01.79`, sometimes followed by wire codes),
`<TITLE>` and `<BODY>`, with SGML character references (`&lt;`, `&#3;`). The body is hard
wrapped at ~65 columns and a paragraph starts with an indented line, so wrapped lines are
joined back into paragraphs. The trailing "Reuter" sign-off is left for `clean`. The files are
ASCII except one byte in reut2-017 (0xFC, "ü" in latin-1/cp1252): non-UTF-8 files are decoded
as cp1252 with a warning.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterator
from pathlib import Path

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read.jsonl import PUBLISHED_YEARS

__all__ = ["parse_reuters_date", "read_reuters_sgml"]

_RECORD = re.compile(r"<REUTERS\b(?P<attributes>[^>]*)>(?P<content>.*?)</REUTERS>", re.DOTALL)
_NEWID = re.compile(r'\bNEWID="(?P<newid>\d+)"')
_DATE = re.compile(
    r"(?P<day>\d{1,2})-(?P<month>[A-Z]{3})-(?P<year>\d{4})\s+(?P<h>\d\d):(?P<m>\d\d):(?P<s>\d\d)"
)
_MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
# Control characters the wire format carries as references (&#2; &#3; &#5; ...).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_reuters_sgml(
    path: Path, *, settings: ReadSettings
) -> Iterator[Article | Skip | ReadWarning]:
    """Every story of one Reuters-21578 SGML file; a record without a body is a Skip."""
    size = path.stat().st_size
    if size > settings.max_document_bytes:
        limit = settings.max_document_bytes
        yield Skip(str(path), SkipReason.TOO_LARGE, f"{size:,} bytes > limit {limit:,}")
        return
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("cp1252", errors="replace")
        detail = f"not UTF-8 (byte {exc.start}); decoded as cp1252"
        yield ReadWarning(str(path), "decoded_fallback", detail)
    records = 0
    for match in _RECORD.finditer(text):
        records += 1
        yield from _parse_record(match["attributes"], match["content"], path=path)
    if records == 0:
        yield Skip(str(path), SkipReason.EMPTY, "no <REUTERS> records")


def _parse_record(
    attributes: str, content: str, *, path: Path
) -> Iterator[Article | Skip | ReadWarning]:
    """One `<REUTERS>` record into an Article, or a Skip naming the file and NEWID."""
    newid = _NEWID.search(attributes)
    if newid is None:
        yield Skip(str(path), SkipReason.MISSING_FIELD, "record has no NEWID")
        return
    origin = f"{path}#NEWID={newid['newid']}"
    body = _element(content, "BODY")
    if body is None or not body.strip():
        yield Skip(origin, SkipReason.NO_TEXT, f"{path.name} NEWID {newid['newid']}: no <BODY>")
        return
    title = _element(content, "TITLE")
    date = _element(content, "DATE") or ""
    published = parse_reuters_date(date)
    if published is None:
        yield ReadWarning(origin, "unparsed_date", f"<DATE> {date.strip()!r} is not a wire date")
    yield Article(
        id=f"reuters-{newid['newid']}",
        text=_join_wrapped_lines(body),
        origin=origin,
        source="Reuters",
        title=" ".join(title.split()) or None if title else None,
        published=published,
    )


def _element(content: str, tag: str) -> str | None:
    """The unescaped text of the first `<tag>`, control characters removed."""
    match = re.search(rf"<{tag}>(.*?)</{tag}>", content, re.DOTALL)
    return _CONTROL.sub("", html.unescape(match[1])) if match else None


def _join_wrapped_lines(body: str) -> str:
    """Re-join hard-wrapped lines; an indented line starts a new paragraph."""
    paragraphs: list[list[str]] = []
    for line in body.splitlines():
        if not line.strip():
            paragraphs.append([])
        elif line[:1].isspace() or not paragraphs:
            paragraphs.append([line.strip()])
        else:
            paragraphs[-1].append(line.strip())
    return "\n".join(" ".join(lines) for lines in paragraphs if lines)


def parse_reuters_date(value: str) -> dt.datetime | None:
    """`26-FEB-1987 15:01:01.79` (wire codes after it ignored) as a datetime, else None
    (also for a year outside `PUBLISHED_YEARS`: fuzzing found 9817, issue 8)."""
    match = _DATE.search(value)
    if match is None or match["month"] not in _MONTHS or int(match["year"]) not in PUBLISHED_YEARS:
        return None
    try:
        return dt.datetime(
            int(match["year"]),
            _MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["h"]),
            int(match["m"]),
            int(match["s"]),
        )
    except ValueError:
        return None
