"""The `cluster` stage: articles about the same story form a story.

This first version is deliberately simple and honest: TF-IDF over content words, candidate
pairs found through each article's most distinctive terms (an inverted index, so cost does
not grow with the square of the corpus), and single-link grouping above a cosine threshold.
Story ids are stable: a hash of the story's first article (earliest, then by id), so a re-run
on the same input gives the same ids.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from newsfuse.config import GroupSettings
from newsfuse.ids import UnionFind, stable_id
from newsfuse.model import Article, Story
from newsfuse.text import first_sentence

__all__ = ["group_stories", "story_headline"]

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
# Function words carry no story identity; a short list suffices because IDF downweights the rest.
_STOPWORDS = frozenset(
    "the a an and or but of to in on at for with by from as is are was were be been being it its "
    "this that these those he she they we you i his her their our your not no also has have had "
    "said says will would could should may might can after before over under about into than then "
    "there which who whom what when where while more most other some such only own same so very "
    "just both each few any all up down out off again further once here why how".split()
)
_MAX_HEADLINE_WORDS = 25


def group_stories(
    articles: Sequence[Article], *, settings: GroupSettings | None = None
) -> list[Story]:
    """Group cleaned articles into stories, ordered by their first article."""
    settings = settings or GroupSettings()
    vectors = _tfidf_vectors([_terms(article) for article in articles])
    groups = UnionFind(range(len(articles)))
    for (i, j), similarity in _similarities(vectors, settings=settings).items():
        if similarity >= settings.min_similarity:
            groups.union(i, j)
    members: defaultdict[int, list[Article]] = defaultdict(list)
    for index, article in enumerate(articles):
        members[groups.find(index)].append(article)
    stories = [_story(sorted(group, key=_arrival_key)) for group in members.values()]
    return sorted(stories, key=lambda story: story.article_ids[0])


def _arrival_key(article: Article) -> tuple[str, str]:
    day = article.published_date
    return (day.isoformat() if day else "9999-99-99", article.id)


def _story(ordered: list[Article]) -> Story:
    return Story(
        story_id="s" + stable_id(ordered[0].id),
        headline=story_headline(ordered),
        article_ids=tuple(article.id for article in ordered),
    )


def story_headline(ordered: Sequence[Article]) -> str:
    """The first member's title, else the opening sentence of the first article with text."""
    for article in ordered:
        if article.title:
            return article.title
    for article in ordered:
        if article.paragraphs:
            words = first_sentence(article.paragraphs[0]).split()
            suffix = " …" if len(words) > _MAX_HEADLINE_WORDS else ""
            return " ".join(words[:_MAX_HEADLINE_WORDS]) + suffix
    return ordered[0].id


def _terms(article: Article) -> Counter[str]:
    text = " ".join((article.title or "", *article.paragraphs))
    return Counter(
        word
        for word in (w.lower() for w in _WORD.findall(text))
        if len(word) > 2 and word not in _STOPWORDS
    )


def _tfidf_vectors(term_counts: list[Counter[str]]) -> list[dict[str, float]]:
    documents = len(term_counts)
    frequency: Counter[str] = Counter()
    for counts in term_counts:
        frequency.update(counts.keys())
    vectors = []
    for counts in term_counts:
        weights = {
            # Smoothed IDF (+1): on a small corpus every article of one story shares its key
            # words, and plain IDF would zero exactly the words that make them one story.
            term: (1 + math.log(count)) * (math.log((1 + documents) / (1 + frequency[term])) + 1)
            for term, count in counts.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        vectors.append({term: w / norm for term, w in weights.items()})
    return vectors


def _similarities(
    vectors: list[dict[str, float]], *, settings: GroupSettings
) -> dict[tuple[int, int], float]:
    """Cosine of every pair sharing a term, accumulated through an inverted index.

    Terms in more than `max_postings` articles are left out: their IDF weight is tiny, and
    their posting lists are what would make the cost quadratic.
    """
    postings: defaultdict[str, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((index, weight))
    similarity: defaultdict[tuple[int, int], float] = defaultdict(float)
    for entries in postings.values():
        if len(entries) > settings.max_postings:
            continue
        for position, (i, left) in enumerate(entries):
            for j, right in entries[position + 1 :]:
                similarity[(i, j)] += left * right
    return similarity
