"""Whether a source states a sentence: the rule a reader who follows a citation checks.

A sentence's checkable details are its numbers (digits or number words, compared as
values), its name words (capitalised words past the first, any spelling the story's
entities list for them: "Sergey"/"Sergei") and its months and weekdays. A source states
the sentence where its text carries every one of them; a source that reports the same fact
in other words is shown with its own passage, never cited for wording it does not carry.
"""

from __future__ import annotations

import calendar
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from newsfuse.extract.dates import WEEKDAYS
from newsfuse.extract.numbers import WORD_NUMBERS
from newsfuse.model import Article, Entity

__all__ = ["Details", "SourceTexts", "checkable_details"]

_CALENDAR = frozenset(WEEKDAYS) | {name.lower() for name in calendar.month_name if name}
# Capitalised words that name nothing: articles, pronouns, speech verbs.
_NOT_NAMES = frozenset(
    """the a an in on at of and or but he she it they we i his her their its this that these
    those mr mrs ms dr said says according""".split()
)
_TOKEN = re.compile(r"[A-Za-z][\w'.-]*|\d[\d,.]*")
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NAME_WORD = re.compile(r"[A-Za-z][\w-]*")


def _plain(text: str) -> str:
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def _numbers(text: str) -> frozenset[float]:
    values = set()
    for match in _DIGITS.finditer(text):
        try:
            values.add(float(match.group(0).replace(",", "")))
        except ValueError:
            continue
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in WORD_NUMBERS:
            values.add(float(WORD_NUMBERS[word]))
    return frozenset(values)


@dataclass(frozen=True, slots=True)
class Details:
    """What a reader checks in a cited source: numbers, name words, months and weekdays."""

    numbers: frozenset[float]
    names: frozenset[str]

    @property
    def count(self) -> int:
        return len(self.numbers) + len(self.names)


def checkable_details(sentence: str) -> Details:
    text = _plain(sentence)
    names = set()
    for position, token in enumerate(_TOKEN.findall(text)):
        word = token.strip(".'").lower()
        if word in _CALENDAR:
            names.add(word)
        elif position > 0 and token[0].isupper() and word not in _NOT_NAMES and len(word) > 1:
            names.add(word.split("'")[0])
    return Details(_numbers(text), frozenset(names))


class SourceTexts:
    """The story's sources as a reader checks them (title and cleaned text), with every
    spelling the story's entities give each name word."""

    def __init__(self, articles: Iterable[Article], entities: Iterable[Entity] = ()) -> None:
        self._text: dict[str, str] = {}
        self._numbers: dict[str, frozenset[float]] = {}
        for article in articles:
            text = _plain(f"{article.clean_text} {article.title or ''}")
            self._text[article.id] = text.lower()
            self._numbers[article.id] = _numbers(text)
        self._spellings: dict[str, set[str]] = defaultdict(set)
        for entity in entities:
            words = {
                word.lower()
                for form in (entity.name, *entity.aliases)
                for word in _NAME_WORD.findall(_plain(form))
            }
            for word in words:
                self._spellings[word] |= words
        self._details: dict[str, Details] = {}
        self._states: dict[tuple[str, str], bool] = {}

    def details(self, sentence: str) -> Details:
        found = self._details.get(sentence)
        if found is None:
            found = self._details[sentence] = checkable_details(sentence)
        return found

    def states(self, article_id: str, sentence: str) -> bool:
        """Whether the article carries every checkable detail of `sentence`."""
        known = self._states.get((article_id, sentence))
        if known is None:
            known = self._states[(article_id, sentence)] = self._check(article_id, sentence)
        return known

    def _check(self, article_id: str, sentence: str) -> bool:
        text = self._text.get(article_id)
        if text is None:
            return False
        details = self.details(sentence)
        if not details.numbers <= self._numbers[article_id]:
            return False
        return all(
            name in text or any(spelling in text for spelling in self._spellings.get(name, ()))
            for name in details.names
        )
