"""Main-text extraction scored against L3S-GN1 gold annotations (bag-of-tokens overlap).

L3S-GN1 (Kohlschütter et al. 2010) ships each page twice: the raw HTML (`input/`) and the
page with its text wrapped in labelled spans (`gold/`, same file name). A text node belongs
to the label of its nearest labelled ancestor. Pages the reader skipped score zero.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import lxml.html

from newsfuse.clean import clean
from newsfuse.config import ReadSettings
from newsfuse.model import Article, Skip, SkipReason
from newsfuse.read import read_file
from newsfuse.read._bytes import decode_text

__all__ = [
    "FULL_TEXT_LABELS",
    "HtmlExtractionScore",
    "PageScore",
    "TokenScore",
    "evaluate_html_extraction",
    "gold_text",
    "score_tokens",
]

# L3S-GN1 span classes: x-nc-sel0 not content, 1 headline, 2 full text, 3 supplemental
# (dateline, captions), 4 related content, 5 user comments. The Article body is the full
# text: the headline is read into `title`, and `clean` removes datelines and bylines. (Web
# content extraction benchmarks score 1+2+3; pass `labels` to do the same.)
FULL_TEXT_LABELS = frozenset({"x-nc-sel2"})
_LABEL_PREFIX = "x-nc-sel"
# Elements whose text a reader never sees.
_INVISIBLE = frozenset({"script", "style", "noscript"})
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class TokenScore:
    """Precision, recall and F1 of extracted tokens against gold tokens."""

    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class PageScore:
    """One page: token counts, scores, and the skip reason where the reader gave no text."""

    page: str
    extracted_tokens: int
    gold_tokens: int
    overlap: int
    score: TokenScore
    skip: Skip | None = None


@dataclass(frozen=True, slots=True)
class HtmlExtractionScore:
    """Micro (pooled tokens) and macro (per-page scores averaged, F1 too) scores, per page."""

    micro: TokenScore
    macro: TokenScore
    pages: tuple[PageScore, ...]

    def summary(self) -> str:
        skipped = sum(page.skip is not None for page in self.pages)
        return (
            f"{len(self.pages)} pages ({skipped} skipped): token F1 micro {self.micro.f1:.3f} "
            f"(P {self.micro.precision:.3f}, R {self.micro.recall:.3f}), "
            f"macro {self.macro.f1:.3f}"
        )


def evaluate_html_extraction(
    input_dir: Path,
    gold_dir: Path,
    *,
    settings: ReadSettings | None = None,
    labels: frozenset[str] = FULL_TEXT_LABELS,
    cleaned: bool = False,
) -> HtmlExtractionScore:
    """Read every page that has a gold file and score its text against the gold labels.

    With `cleaned`, the text scored is what `clean` keeps, so its effect on real pages shows.
    """
    settings = settings or ReadSettings()
    pages = []
    for gold_path in sorted(gold_dir.glob("*.html")):
        extracted = _read_page(input_dir / gold_path.name, settings=settings)
        gold = gold_text(gold_path.read_bytes(), labels=labels)
        text = ""
        if isinstance(extracted, Article):
            text = clean(extracted).clean_text if cleaned else extracted.text
        skip = extracted if isinstance(extracted, Skip) else None
        pages.append(_page_score(gold_path.name, text, gold, skip=skip))
    return HtmlExtractionScore(micro=_micro(pages), macro=_macro(pages), pages=tuple(pages))


def gold_text(html: bytes, *, labels: frozenset[str] = FULL_TEXT_LABELS) -> str:
    """The text of an annotated page whose nearest labelled ancestor carries one of `labels`."""
    decoded = decode_text(html, origin="gold", max_control_char_share=1.0)
    if isinstance(decoded, Skip):
        return ""
    # Gold files are UTF-8 without a declared charset: parse text, not bytes (lxml would
    # guess Latin-1 and garble every non-ASCII word).
    root = lxml.html.document_fromstring(decoded.text)
    label_of: dict[object, str | None] = {}
    pieces: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):  # comments, processing instructions
            continue
        parent = element.getparent()
        inherited = label_of.get(parent) if parent is not None else None
        label_of[element] = _own_label(element.get("class")) or inherited
        if element.text and element.tag not in _INVISIBLE and label_of[element] in labels:
            pieces.append(element.text)
        if element.tail and inherited in labels:
            pieces.append(element.tail)
    return " ".join(pieces)


def score_tokens(extracted: str, gold: str) -> TokenScore:
    """Bag-of-tokens precision, recall and F1 of one extracted text against its gold text."""
    counts = _token_counts(extracted, gold)
    return _score(counts.overlap, counts.extracted, counts.gold)


@dataclass(frozen=True, slots=True)
class _Counts:
    extracted: int
    gold: int
    overlap: int


def _token_counts(extracted: str, gold: str) -> _Counts:
    ours, theirs = _tokens(extracted), _tokens(gold)
    overlap = sum((ours & theirs).values())
    return _Counts(sum(ours.values()), sum(theirs.values()), overlap)


def _tokens(text: str) -> Counter[str]:
    """Lower-cased word tokens (letters, digits, underscore), counted."""
    return Counter(_WORD.findall(text.lower()))


def _score(overlap: int, extracted: int, gold: int) -> TokenScore:
    if extracted == 0 and gold == 0:
        return TokenScore(1.0, 1.0, 1.0)
    precision = overlap / extracted if extracted else 0.0
    recall = overlap / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return TokenScore(precision, recall, f1)


def _page_score(page: str, text: str, gold: str, *, skip: Skip | None) -> PageScore:
    counts = _token_counts(text, gold)
    score = _score(counts.overlap, counts.extracted, counts.gold)
    return PageScore(page, counts.extracted, counts.gold, counts.overlap, score, skip)


def _micro(pages: Iterable[PageScore]) -> TokenScore:
    pages = list(pages)
    return _score(
        sum(page.overlap for page in pages),
        sum(page.extracted_tokens for page in pages),
        sum(page.gold_tokens for page in pages),
    )


def _macro(pages: Iterable[PageScore]) -> TokenScore:
    scores = [page.score for page in pages]
    if not scores:
        return TokenScore(0.0, 0.0, 0.0)
    return TokenScore(
        sum(score.precision for score in scores) / len(scores),
        sum(score.recall for score in scores) / len(scores),
        sum(score.f1 for score in scores) / len(scores),
    )


def _own_label(class_attribute: str | None) -> str | None:
    """The L3S-GN1 label among an element's classes, if any."""
    for name in (class_attribute or "").split():
        if name.startswith(_LABEL_PREFIX):
            return name
    return None


def _read_page(path: Path, *, settings: ReadSettings) -> Article | Skip:
    """The page's Article, or the Skip the reader gave (warnings are not scored)."""
    for item in read_file(path, settings=settings):
        if isinstance(item, Article | Skip):
            return item
    return Skip(str(path), SkipReason.NO_TEXT, "the reader yielded nothing")
