"""What an article brings to story grouping: hashed term counts per channel, years, day.

Four channels, each compared on its own: content words, adjacent content-word pairs (they
carry the action: "was fired" against "was hired"), names (capitalised words inside a
sentence), and numbers (counts, ages, scores, years). Terms are hashed into a fixed number of
slots so frequencies over an endless stream take fixed memory; `labels` keeps the words of
an article's own terms while it is being grouped, for the evidence a user reads.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from newsfuse.model import Article
from newsfuse.text import split_sentences

__all__ = ["SHORT_ITEM_WORDS", "Channel", "Signature", "article_text", "lead_text", "sign"]


class Channel(IntEnum):
    WORDS = 0
    PAIRS = 1
    NAMES = 2
    NUMBERS = 3


_TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]|\d[\d,.]*\d|\d", re.UNICODE)
_YEAR = re.compile(r"(?<![\d,.])(19[5-9]\d|20[0-4]\d)(?![\d,])")
# Function words carry no story identity; a short list suffices because IDF downweights the rest.
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been being it its "
    "this that these those he she they we you i his her their our your not no also has have had "
    "said says will would could should may might can after before over under about into than then "
    "there which who whom what when where while more most other some such only own same so very "
    "just both each few any all up down out off again further once here why how".split()
)
#: An item of at most this many words is a headline (with a teaser at most), not a text.
SHORT_ITEM_WORDS = 25
# A sentence with this share of capitalised words is title case: its capitals are not names.
_TITLE_CASE_SHARE = 0.6

Counts = dict[int, int]


@dataclass(frozen=True, slots=True)
class Signature:
    article_id: str
    day: dt.date | None
    channels: tuple[Counts, Counts, Counts, Counts]
    years: frozenset[int]
    labels: dict[int, str] = field(default_factory=dict, compare=False, repr=False)
    lead: npt.NDArray[np.float32] | None = field(default=None, compare=False, repr=False)
    # A headline, or a headline and a teaser (feeds, wire alerts): too few words for a
    # full text's similarity scale.
    short: bool = False


def article_text(article: Article) -> str:
    return "\n".join((article.title or "", *article.paragraphs)).strip()


def lead_text(article: Article, sentences: int) -> str:
    """The title and the first sentences: where a report says what happened."""
    lead: list[str] = [article.title] if article.title else []
    for paragraph in article.paragraphs:
        if len(lead) > sentences:
            break
        lead.extend(split_sentences(paragraph))
    return " ".join(lead[: sentences + 1])


def sign(article: Article, *, hash_bits: int, keep_labels: bool = True) -> Signature:
    """Hash an article's terms per channel; remember the words behind them if asked."""
    mask = (1 << hash_bits) - 1
    labels: dict[int, str] = {}
    channels: tuple[Counter[int], ...] = (Counter(), Counter(), Counter(), Counter())

    def add(channel: Channel, term: str) -> None:
        key = zlib.crc32(f"{int(channel)}:{term}".encode()) & mask
        channels[channel][key] += 1
        if keep_labels:
            labels.setdefault(key, term)

    text = article_text(article)
    for line in text.split("\n"):
        for sentence in split_sentences(line):
            _sign_sentence(sentence, add)
    years = frozenset(int(year) for year in _YEAR.findall(text))
    return Signature(
        article_id=article.id,
        day=article.published_date,
        channels=tuple(dict(c) for c in channels),  # type: ignore[arg-type]
        years=years,
        labels=labels,
        short=len(_TOKEN.findall(text)) <= SHORT_ITEM_WORDS,
    )


def _sign_sentence(sentence: str, add: Callable[[Channel, str], None]) -> None:
    tokens = _TOKEN.findall(sentence)
    words = [t for t in tokens if not t[0].isdigit()]
    capitals = sum(1 for w in words if w[0].isupper())
    title_case = len(words) >= 3 and capitals / len(words) >= _TITLE_CASE_SHARE
    previous: str | None = None
    for position, token in enumerate(tokens):
        if token[0].isdigit():
            add(Channel.NUMBERS, token.replace(",", ""))
            continue
        lower = token.lower()
        if lower in _STOPWORDS:
            continue
        if position > 0 and token[0].isupper() and not title_case and len(token) > 1:
            add(Channel.NAMES, lower)
        if len(lower) > 2:
            add(Channel.WORDS, lower)
            if previous is not None:
                add(Channel.PAIRS, f"{previous} {lower}")
            previous = lower
