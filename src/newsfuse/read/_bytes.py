"""Turning untrusted bytes into text, or into a reason why not."""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from charset_normalizer import from_bytes

from newsfuse.config import ReadSettings
from newsfuse.model import ReadWarning, Skip, SkipReason

__all__ = [
    "DecodedText",
    "LimitedReader",
    "broken_gzip_skip",
    "decode_text",
    "is_gzip",
    "open_maybe_gzip",
    "read_document",
]

_GZIP_MAGIC = b"\x1f\x8b"
# Whitespace control characters that real text contains.
_TEXT_CONTROLS = {"\n", "\r", "\t", "\f", "\v"}
# charset_normalizer ranks look-alike single-byte code pages arbitrarily on short Western text:
# it chose cp1250 for the cp1252 bytes of "Café in Zürich — déjà vu" ("à" became "ŕ").
# Windows-1252 is the web's usual legacy encoding (WHATWG decodes latin-1 labels as it), so it
# wins whenever it scores as well as the detector's pick: mess ratio within this margin and no
# lower language coherence. On cp1250 (Czech, Polish), cp1251, cp1253 and cp1254 (Turkish)
# samples the detector's own pick still wins.
_PREFERRED_LEGACY_ENCODING = "cp1252"
_MESS_MARGIN = 0.1
# Decompressed bytes any compressed input may give whatever its ratio: the ratio limit
# (`ReadSettings.max_compression_ratio`) is for bombs, and a small file of near-identical
# records may compress far better than prose.
_RATIO_FREE_BYTES = 100_000_000


@dataclass(frozen=True, slots=True)
class DecodedText:
    """Text decoded from bytes, and the encoding that decoded it."""

    text: str
    encoding: str


def read_document(
    path: Path, *, settings: ReadSettings
) -> tuple[DecodedText | Skip, list[ReadWarning]]:
    """A whole file as text within the size limit, or the Skip saying why not.

    The warnings say what was recovered from (a non-UTF-8 file decoded with a detected charset).
    """
    size = path.stat().st_size
    if size > settings.max_document_bytes:
        limit = settings.max_document_bytes
        return Skip(str(path), SkipReason.TOO_LARGE, f"{size:,} bytes > limit {limit:,}"), []
    decoded = decode_text(
        path.read_bytes(), origin=str(path), max_control_char_share=settings.max_control_char_share
    )
    if isinstance(decoded, DecodedText) and decoded.encoding != "utf-8":
        detail = f"not UTF-8; decoded as {decoded.encoding}"
        return decoded, [ReadWarning(str(path), "decoded_fallback", detail)]
    return decoded, []


def decode_text(data: bytes, *, origin: str, max_control_char_share: float) -> DecodedText | Skip:
    """Decode bytes as UTF-8, else as the charset detected with confidence; reject junk.

    NUL bytes or a high share of control characters mean binary junk, whatever a charset
    detector would guess for it.
    """
    if not data.strip():
        return Skip(origin, SkipReason.EMPTY, "no text (empty or only whitespace)")
    if b"\x00" in data[:65536]:
        return Skip(origin, SkipReason.BINARY, "binary data (contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError:
        detected = _detect_encoding(data[:1_000_000])
        if detected is None:
            return Skip(origin, SkipReason.BAD_ENCODING, "not UTF-8 and no charset fits the bytes")
        encoding = detected
        text = data.decode(encoding, errors="replace")
    share = _control_share(text)
    if share > max_control_char_share:
        return Skip(origin, SkipReason.BINARY, f"binary data ({share:.0%} control characters)")
    return DecodedText(text, encoding)


def _detect_encoding(data: bytes) -> str | None:
    """The charset that fits `data` best, preferring cp1252 on a near tie (see above)."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.encoding is None:
        return None
    for match in matches:
        if (
            match.encoding == _PREFERRED_LEGACY_ENCODING
            and match.chaos <= best.chaos + _MESS_MARGIN
            and match.coherence >= best.coherence
        ):
            return _PREFERRED_LEGACY_ENCODING
    encoding: str = best.encoding
    return encoding


def _control_share(text: str) -> float:
    sample = text[:100_000]
    if not sample:
        return 0.0
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    controls += sample.count("\ufffd")
    return controls / len(sample)


def is_gzip(path: Path) -> bool:
    """Whether the file starts with the gzip magic bytes (names can lie)."""
    with path.open("rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


class LimitedReader(io.RawIOBase):
    """A binary stream that raises once more than `limit` bytes have been read (gzip bombs)."""

    def __init__(self, inner: gzip.GzipFile, limit: int, *, why: str = "") -> None:
        self._inner = inner
        self._limit = limit
        self._why = why
        self._seen = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        # read1, not read: a truncated stream raises EOFError on the call after the last
        # bytes it could decompress, so read() would lose the complete lines before the cut.
        chunk = self._inner.read1(len(buffer))
        self._seen += len(chunk)
        if self._seen > self._limit:
            raise DecompressionLimitError(self._limit, why=self._why)
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def close(self) -> None:
        self._inner.close()
        super().close()


class DecompressionLimitError(Exception):
    """More bytes came out of a compressed input than the settings allow."""

    def __init__(self, limit: int, *, why: str = "") -> None:
        super().__init__(f"decompressed size exceeds {limit:,} bytes{why}")


def open_maybe_gzip(path: Path, *, settings: ReadSettings) -> IO[bytes]:
    """Open a file for binary reading, transparently gunzipping it when it is gzip.

    What it may decompress to is bounded twice: `max_decompressed_bytes` in all, and (past
    `_RATIO_FREE_BYTES`) `max_compression_ratio` times the file's size, which stops a gzip
    bomb after a fraction of a second instead of after the whole absolute limit.
    """
    if not is_gzip(path):
        return path.open("rb")
    compressed = path.stat().st_size
    by_ratio = max(_RATIO_FREE_BYTES, int(compressed * settings.max_compression_ratio))
    limit = min(settings.max_decompressed_bytes, by_ratio)
    why = ""
    if limit < settings.max_decompressed_bytes:
        why = f" ({settings.max_compression_ratio:g}x the {compressed:,} compressed bytes)"
    return io.BufferedReader(LimitedReader(gzip.GzipFile(path, "rb"), limit, why=why))


GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error, DecompressionLimitError)


def broken_gzip_skip(origin: str, error: Exception, *, after: str) -> Skip:
    """The Skip for a compressed input that stopped: a bomb is `too_large`, a cut `truncated_gzip`.

    `after` says what was read before the stop ("3 records").
    """
    if isinstance(error, DecompressionLimitError):
        return Skip(origin, SkipReason.TOO_LARGE, f"{error} after {after}: a gzip bomb?")
    return Skip(origin, SkipReason.TRUNCATED_GZIP, f"gzip stream broken after {after}: {error}")


def iter_lines(handle: IO[bytes], *, max_line_bytes: int) -> Iterator[bytes | None]:
    """Yield lines; a line longer than `max_line_bytes` is consumed and yields None."""
    while True:
        line = handle.readline(max_line_bytes + 1)
        if not line:
            return
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while True:
                rest = handle.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield None
            continue
        yield line
