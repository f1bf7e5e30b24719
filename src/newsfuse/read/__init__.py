"""The `read` stage: every input (files, folders, archives) becomes Articles, streamed.

What cannot be read becomes a `Skip` naming the input and the reason, so nothing a user
gives newsfuse disappears silently. Readers yield `ReadWarning`s for what they recovered
from (an unparsed date, a non-UTF-8 file decoded with a detected charset).

Limits (`ReadSettings`, issue 8) keep one hostile input from costing unbounded time or
memory: bytes per document and per record, decompressed bytes (absolute and per compressed
byte), characters per line of an article (checked here, for every reader), and seconds per
page of HTML extraction.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read.csv import read_csv
from newsfuse.read.html import read_html
from newsfuse.read.jsonl import read_jsonl
from newsfuse.read.reuters import read_reuters_sgml
from newsfuse.read.seedtext import read_seed_text
from newsfuse.read.warc import read_warc

__all__ = ["ReadItem", "input_kind", "iter_input_files", "read", "read_file"]

logger = logging.getLogger(__name__)

ReadItem = Article | Skip | ReadWarning
Reader = Callable[..., Iterator[ReadItem]]

_READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "html": read_html,
    "warc": read_warc,
    "text": read_seed_text,
    "reuters": read_reuters_sgml,
    "csv": read_csv,
}
# Suffix chains (lower-case) and the reader each selects; anything else is sniffed.
_SUFFIXES: dict[str, str] = {
    ".jsonl": "jsonl",
    ".jsonl.gz": "jsonl",
    ".ndjson": "jsonl",
    ".ndjson.gz": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".warc": "warc",
    ".warc.gz": "warc",
    ".txt": "text",
    ".text": "text",
    ".sgm": "reuters",
    ".csv": "csv",
    ".csv.gz": "csv",
    ".tsv": "csv",
    ".tsv.gz": "csv",
}
# The line breaks `clean` splits paragraphs at (`clean.split_paragraphs`).
_LINE_BREAK = re.compile("[\n\r\u2028]")


def read(
    inputs: Iterable[str | Path], *, settings: ReadSettings | None = None
) -> Iterator[ReadItem]:
    """Read every file under `inputs` (folders recursively, in name order)."""
    settings = settings or ReadSettings()
    for item in iter_input_files(inputs):
        if isinstance(item, Skip):
            yield item
        else:
            yield from read_file(item, settings=settings)


def iter_input_files(inputs: Iterable[str | Path]) -> Iterator[Path | Skip]:
    """The files named or found (recursively) under `inputs`; a missing path is a Skip."""
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path
        else:
            yield Skip(str(path), SkipReason.NOT_FOUND, "no such file or folder")


def _walk(folder: Path) -> Iterator[Path | Skip]:
    """Files under `folder` in name order; hidden entries (`.git`, `.DS_Store`) are skips."""
    for child in sorted(folder.iterdir()):
        if child.name.startswith("."):
            yield Skip(str(child), SkipReason.UNSUPPORTED, "hidden file or folder, not read")
        elif child.is_dir():
            yield from _walk(child)
        elif child.is_file():
            yield child
        else:
            yield Skip(str(child), SkipReason.UNSUPPORTED, "not a regular file")


def read_file(path: Path, *, settings: ReadSettings) -> Iterator[ReadItem]:
    """Read one file with the reader its name (or, failing that, its content) selects."""
    try:
        kind = input_kind(path)
        for item in _READERS[kind](path, settings=settings):
            yield _within_line_limit(item, limit=settings.max_line_chars)
    except OSError as exc:
        yield Skip(str(path), SkipReason.UNREADABLE, f"cannot read: {exc.strerror or exc}")


def _within_line_limit(item: ReadItem, *, limit: int) -> ReadItem:
    """The item, unless it is an Article with a line (or title) over `limit` characters:
    then a `too_large` Skip, since `clean`'s line patterns take seconds on such a line."""
    if not isinstance(item, Article) or len(item.text) + len(item.title or "") <= limit:
        return item
    longest = max(len(item.title or ""), *map(len, _LINE_BREAK.split(item.text)))
    if longest <= limit:
        return item
    detail = f"article {item.id[:80]!r} has a line of {longest:,} characters > limit {limit:,}"
    return Skip(item.origin, SkipReason.TOO_LARGE, detail)


def input_kind(path: Path) -> str:
    """`jsonl`, `html`, `warc`, `reuters`, `csv` or `text`: by suffix, else by the first bytes."""
    name = path.name.lower()
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return _SUFFIXES[suffix]
    with path.open("rb") as handle:
        head = handle.read(512).lstrip().lower()
    if head.startswith(b"warc/"):
        return "warc"
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"
