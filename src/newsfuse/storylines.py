"""Storylines: the stories of one topic linked over weeks.

A story is one event (the bridge blasts; the Lavrov-Rubio call); a storyline is the topic
its events belong to (the war in Ukraine), told as its stories in order. Stories are taken
in order of their first day; each joins the storyline it is most like, when that
storyline's latest story is at most `max_gap_days` before it and they are alike enough,
and otherwise starts its own. Alike is the mean of two cosines: the actors and places of
their briefs (canonical names, so "Kiev" and "Kyiv" meet) and the content words of their
headlines and summaries, both TF-IDF over the run's stories, so the names every story
shares weigh little. A storyline is compared through the sum of its stories' vectors: a
topic's words drift over weeks, and its latest stories carry it on. Only storylines that
share a name or a not-common word with a story are scored against it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.lang.en.stop_words import STOP_WORDS

from newsfuse.config import StorylineSettings
from newsfuse.model import Brief, Story

__all__ = ["Storyline", "link_storylines", "storyline_to_dict", "storylines_of"]

_WORD = re.compile(r"[^\W\d_][\w'-]*[^\W\d_]", re.UNICODE)
# Entity kinds that tell a topic: who and where (dates and figures tell an event).
_TOPIC_KINDS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT"})

Vector = dict[str, float]
# A word in more than this share of the run's stories (after stop words) does not by itself
# make a storyline a candidate: it weighs little, and would make every storyline one.
_COMMON_SHARE = 0.1


@dataclass(frozen=True, slots=True)
class Storyline:
    storyline_id: str
    title: str
    story_ids: tuple[str, ...]
    first: dt.date | None
    last: dt.date | None


@dataclass(slots=True)
class _Profile:
    story: Story
    first: dt.date | None
    last: dt.date | None
    names: Counter[str]
    words: Counter[str]


@dataclass(slots=True)
class _Open:
    """A storyline being built: its stories and the sums of their vectors (with the sums'
    squared norms, kept as they grow: a long storyline's sum has thousands of terms)."""

    members: list[_Profile]
    names: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    names_norm2: float = 0.0
    words_norm2: float = 0.0
    last: dt.date | None = None
    index: int = 0

    def add(self, profile: _Profile, names: Vector, words: Vector) -> None:
        self.members.append(profile)
        self.names_norm2 += _grown(self.names, names)
        self.words_norm2 += _grown(self.words, words)
        if profile.last is not None:
            self.last = max(self.last or profile.last, profile.last)

    @staticmethod
    def cosine(unit: Vector, total: Mapping[str, float], norm2: float) -> float:
        """Cosine of a unit vector with a storyline's summed vector."""
        if not unit or norm2 <= 0:
            return 0.0
        return sum(v * total.get(term, 0.0) for term, v in unit.items()) / math.sqrt(norm2)


def _grown(total: Counter[str], unit: Vector) -> float:
    """Add `unit` to `total`; how much the squared norm of `total` grew."""
    dot = sum(v * total.get(term, 0.0) for term, v in unit.items())
    total.update(unit)
    return 2 * dot + sum(v * v for v in unit.values())


def link_storylines(
    stories: Iterable[Story],
    briefs: Iterable[Brief],
    days: Mapping[str, dt.date | None],
    *,
    settings: StorylineSettings | None = None,
) -> tuple[Storyline, ...]:
    """Every story in exactly one storyline, storylines in order of their first day;
    `days` gives each article's publication day."""
    settings = settings or StorylineSettings()
    stories = list(stories)
    story_of = {story.story_id: story for story in stories}
    # One pass over the briefs (a run reads them back from disk), keeping their profiles.
    briefed = {
        brief.story_id: _profile(story_of[brief.story_id], brief, days)
        for brief in briefs
        if brief.story_id in story_of
    }
    profiles = [briefed.get(story.story_id) or _profile(story, None, days) for story in stories]
    profiles.sort(key=lambda p: (p.first or dt.date.max, p.story.story_id))
    name_idf = _idf(p.names for p in profiles)
    word_idf = _idf(p.words for p in profiles)
    common = _COMMON_SHARE * len(profiles)
    open_lines: list[_Open] = []
    # Which storylines hold a term: only those sharing a name or a word of at most
    # `_COMMON_SHARE` of the stories with a story are scored against it.
    holding: dict[str, list[int]] = {}
    word_frequency = Counter(term for p in profiles for term in p.words)
    for profile in profiles:
        names = _unit(_weighted(profile.names, name_idf))
        words = _unit(_weighted(profile.words, word_idf))
        keys = [f"n:{t}" for t in names]
        keys += [f"w:{t}" for t in words if word_frequency[t] <= common]
        candidates = {index for key in keys for index in holding.get(key, ())}
        best, best_score = None, settings.link_similarity
        for index in sorted(candidates):
            line = open_lines[index]
            if not _within(line.last, profile.first, settings.max_gap_days):
                continue
            score = (
                line.cosine(names, line.names, line.names_norm2)
                + line.cosine(words, line.words, line.words_norm2)
            ) / 2
            if score >= best_score:
                best, best_score = line, score
        if best is None:
            best = _Open([])
            open_lines.append(best)
            best.index = len(open_lines) - 1
        best.add(profile, names, words)
        for key in keys:
            postings = holding.setdefault(key, [])
            if not postings or postings[-1] != best.index:
                postings.append(best.index)
    return tuple(_finished(line) for line in open_lines)


def _profile(
    story: Story, brief: Brief | None, published: Mapping[str, dt.date | None]
) -> _Profile:
    days = [day for a in story.article_ids if (day := published.get(a)) is not None]
    names: Counter[str] = Counter()
    words: Counter[str] = Counter(_content_words(story.headline))
    if brief is not None:
        for entity in brief.entities:
            if entity.type in _TOPIC_KINDS:
                names[entity.name.lower()] += len(entity.sources) or 1
        for sentence in brief.summary:
            words.update(_content_words(sentence.text))
    return _Profile(story, min(days, default=None), max(days, default=None), names, words)


def _content_words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in _WORD.findall(text)) if w not in STOP_WORDS]


def _idf(counts: Iterable[Counter[str]]) -> dict[str, float]:
    documents = list(counts)
    frequency = Counter(term for count in documents for term in count)
    return {term: math.log((1 + len(documents)) / (1 + n)) + 1 for term, n in frequency.items()}


def _weighted(counts: Counter[str], idf: Mapping[str, float]) -> Vector:
    return {term: (1 + math.log(n)) * idf[term] for term, n in counts.items() if n > 0}


def _unit(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {term: v / norm for term, v in vector.items()} if norm else {}


def _within(last: dt.date | None, first: dt.date | None, gap: int) -> bool:
    """Days unknown on either side never keep a story out."""
    return last is None or first is None or (first - last).days <= gap


def _finished(line: _Open) -> Storyline:
    members = line.members
    firsts = [p.first for p in members if p.first is not None]
    lasts = [p.last for p in members if p.last is not None]
    # Titled by its most reported story (then the earliest).
    lead = max(members, key=lambda p: (len(p.story.article_ids), -members.index(p)))
    return Storyline(
        storyline_id=_storyline_id(members[0].story.story_id),
        title=lead.story.headline,
        story_ids=tuple(p.story.story_id for p in members),
        first=min(firsts, default=None),
        last=max(lasts, default=None),
    )


def _storyline_id(first_story: str) -> str:
    """Stable while its first story is: story ids are stable across runs and input order."""
    return "l" + hashlib.sha1(first_story.encode()).hexdigest()[:16]


def storyline_to_dict(storyline: Storyline) -> dict[str, object]:
    """The shape of DESIGN.md: `{"storyline_id", "title", "stories", "first", "last"}`."""
    return {
        "storyline_id": storyline.storyline_id,
        "title": storyline.title,
        "stories": list(storyline.story_ids),
        "first": storyline.first.isoformat() if storyline.first else None,
        "last": storyline.last.isoformat() if storyline.last else None,
    }


def storylines_of(storylines: Sequence[Storyline]) -> dict[str, str]:
    """Story id -> its storyline's id."""
    return {story: line.storyline_id for line in storylines for story in line.story_ids}
