"""Story-level extraction: canonical entities, and quotes attributed to them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from newsfuse.extract.canonical import canonicalise, name_key, surname_key
from newsfuse.model import ArticleAnnotations, Entity, Quote, StoryExtraction

__all__ = ["attribute_quotes", "extract_story", "quote_key", "resolve_speaker"]


def extract_story(annotations: Sequence[ArticleAnnotations]) -> StoryExtraction:
    """Canonical entities of a story's articles, and their quotes with canonical speakers."""
    entities = canonicalise(annotations)
    return StoryExtraction(entities=entities, quotes=attribute_quotes(annotations, entities))


def attribute_quotes(
    annotations: Sequence[ArticleAnnotations], entities: Sequence[Entity]
) -> tuple[Quote, ...]:
    """One Quote per distinct quoted text (the same words in several articles are one
    quote with several sources), its speaker the canonical entity where one is found."""
    by_text: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    words: dict[str, str] = {}
    for annotation in annotations:
        for quote in annotation.quotes:
            key = quote_key(quote.text)
            words.setdefault(key, quote.text)
            by_text[key].append((annotation.article_id, quote.speaker))
    quotes = []
    for key, said in by_text.items():
        speakers = Counter(resolve_speaker(s, entities) for _, s in said if s)
        return_speaker = speakers.most_common(1)[0][0] if speakers else None
        quotes.append(
            Quote(
                speaker=return_speaker,
                text=words[key],
                sources=tuple(dict.fromkeys(article for article, _ in said)),
                attributed_as=tuple(dict.fromkeys(s for _, s in said if s)),
            )
        )
    return tuple(quotes)


def resolve_speaker(speaker: str, entities: Sequence[Entity]) -> str:
    """The canonical name of the entity a speaker's words name: an alias ("Zelenskyy"), a
    surname, or a role the text gave a person ("the Ukrainian President"); else the words."""
    key = name_key(speaker)
    for entity in entities:
        if any(name_key(alias) == key for alias in (entity.name, *entity.aliases)):
            return entity.name
    bare = re.sub(r"^(?:the|a|an)\s+", "", speaker, flags=re.I).lower()
    for entity in entities:
        if entity.type == "PERSON" and any(bare == role.lower() for role in entity.roles):
            return entity.name
    last = surname_key(speaker.split()[-1]) if speaker.split() else ""
    people = [e for e in entities if e.type == "PERSON" and surname_key(e.name.split()[-1]) == last]
    return people[0].name if len(people) == 1 else speaker


def quote_key(text: str) -> str:
    """The words of a quote, lower-cased, punctuation and spacing dropped: one key for the
    same quote however each article punctuates it."""
    return " ".join(re.findall(r"\w+", text.lower()))
