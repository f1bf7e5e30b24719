"""Quantities: numbers in digits or words, what they count, their qualifier, and the
predicate the sentence ties them to ("at least seven people were killed")."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from newsfuse.extract.casualties import (
    AGE_ABBREVIATIONS,
    CASUALTY_VERBS,
    FATAL_ADVERBS,
    another_time,
    casualties_told,
    death_noun,
    joined_deaths,
    participle,
    struck_by_gunfire,
    verb_phrase,
)
from newsfuse.extract.numbers import MULTIPLIERS, parse_number
from newsfuse.extract.parse import ParsedText, Piece
from newsfuse.model import QuantityMention

__all__ = ["find_quantities", "parse_number"]

NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})

#: Qualifier phrases and the one name each is reported under; anything else is exact.
#: "a total of" and "exactly" are exact on purpose.
QUALIFIERS: dict[str, str] = {
    "at least": "at least",
    "no fewer than": "at least",
    "at most": "at most",
    "more than": "over",
    "over": "over",
    "above": "over",
    "upwards of": "over",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "an estimated": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "up to": "up to",
    "as many as": "up to",
    "fewer than": "under",
    "less than": "under",
    "under": "under",
}
_QUALIFIER = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True)) + r")\b",
    re.I,
)
UNITS = {"%": "percent", "percent": "percent", "per cent": "percent"}
#: Nouns that stand for a count rather than the thing counted ("a total of 41 warplanes").
COUNT_WORDS = frozenset("total number count tally toll sum".split())


def find_quantities(parsed: ParsedText, *, headline: bool = False) -> tuple[QuantityMention, ...]:
    """Every number entity of the article with its value and what it counts, and the
    casualties of one person that no number states ("a 23-year-old man was killed"; in a
    `headline`, which drops its articles, "17-year-old boy shot, killed")."""
    found: list[QuantityMention] = []
    for piece in parsed.pieces:
        casualties = casualties_told(piece, headline=headline)
        # "Two women and a man were killed": the number counts a part of the people summed.
        sums = [(q.start, q.end) for q in casualties if not q.implicit]
        for ent in piece.doc.ents:
            if ent.label_ in NUMBER_LABELS:
                mention = _quantity(piece, ent)
                if mention is not None and not any(a <= mention.start < b for a, b in sums):
                    found.append(mention)
        found.extend(casualties)
    return tuple(sorted(found, key=lambda q: q.start))


def _quantity(piece: Piece, ent: Span) -> QuantityMention | None:
    qualifier_match = _QUALIFIER.match(ent.text)
    qualifier = None
    number_text = ent.text
    if qualifier_match:
        qualifier = QUALIFIERS[qualifier_match.group(0).lower()]
        number_text = ent.text[qualifier_match.end() :]
    else:
        qualifier = _qualifier_before(ent)
    value = parse_number(number_text)
    numbers = [t for t in ent if t.like_num]
    if value is None or not numbers:
        return None
    after = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if after is not None and after.lower_ in AGE_ABBREVIATIONS:
        return None  # "8 yo girl killed": an age, not a count
    unit = _unit(ent)
    anchor = _anchor(numbers[-1], ent)
    noun = _counted_noun(anchor, ent, unit)
    return QuantityMention(
        text=ent.text,
        value=value,
        sentence=piece.sentence_of(ent[0]),
        start=piece.offset + ent.start_char,
        end=piece.offset + ent.end_char,
        qualifier=qualifier,
        noun=noun.lower_ if noun is not None else None,
        # A percentage's predicate hangs from "%" ("34% of the carriers were hit").
        predicate=_predicate(noun if noun is not None and unit != "percent" else anchor),
        unit=unit,
    )


def _qualifier_before(ent: Span) -> str | None:
    doc = ent.doc
    before = doc[max(0, ent.start - 3) : ent.start].text.lower()
    for phrase, name in sorted(QUALIFIERS.items(), key=lambda item: -len(item[0])):
        if before.endswith(phrase) and phrase not in {"some", "under"}:
            return name
    return None


def _unit(ent: Span) -> str | None:
    for token in ent:
        if token.lower_ in UNITS:
            return UNITS[token.lower_]
    if ent.label_ == "QUANTITY":
        nouns = [t for t in ent if t.pos_ == "NOUN"]
        return nouns[-1].lower_ if nouns else None
    if ent.label_ == "MONEY":
        symbols = [t.text for t in ent if not t.like_num and not t.is_alpha]
        words = [t.lower_ for t in ent if t.is_alpha and t.lower_ not in MULTIPLIERS]
        names = symbols or words
        return names[-1] if names else None
    return None


def _anchor(number: Token, ent: Span) -> Token:
    """The token standing for the number in the parse: "%" for a percentage."""
    for token in ent:
        if token.lower_ in UNITS and token.i > number.i:
            return token
    return number


def _counted_noun(anchor: Token, ent: Span, unit: str | None) -> Token | None:
    """The noun a number counts: its head ("seven people"), or for a percentage the noun
    after "of" ("34% of the … carriers")."""
    if unit == "percent":
        of = next((c for c in anchor.children if c.lower_ == "of"), None)
        objects = [c for c in of.children if c.dep_ == "pobj"] if of is not None else []
        return objects[0] if objects else None
    head = anchor.head
    counts = anchor.dep_ in {"nummod", "quantmod", "compound"} and head.pos_ in {"NOUN", "PROPN"}
    outside = head.i >= ent.end or head.i < ent.start or ent.label_ == "QUANTITY"
    # "Image 6 of 8 A child was shot": a noun with "a" of its own is not what 8 counts.
    single = head.tag_ == "NN" and any(c.lower_ in {"a", "an"} for c in head.children)
    return head if counts and outside and not single else None


#: Participles and adjectives that, hanging on a counted noun, say what befell it ("two
#: children injured", "three people dead").
_BEFELL = frozenset("dead killed injured wounded hurt hospitalized hospitalised missing".split())


def _predicate(token: Token) -> str | None:
    """The verb that says what happened to the counted thing, as a past participle."""
    befell = [c for c in token.children if c.dep_ in {"amod", "acl"} and c.lower_ in _BEFELL]
    if befell and token.pos_ in {"NOUN", "PROPN", "NUM"}:  # "two dead and three injured"
        return befell[0].lower_
    told = [
        c
        for c in token.children
        if c.lemma_.lower() in CASUALTY_VERBS
        and (
            c.dep_ == "acl"  # "two men shot and killed in a house party"
            or (
                c.dep_ == "relcl"
                and any(
                    s.tag_ in {"WP", "WDT"} for s in c.children if s.dep_ in {"nsubj", "nsubjpass"}
                )
            )
        )
    ]
    if told and token.pos_ in {"NOUN", "PROPN"}:  # "two men who were shot and killed"
        return verb_phrase(told[0])
    head = token.head
    if token.dep_ == "nsubj" and head.pos_ == "ADJ" and head.lower_ in _BEFELL:
        return head.lower_  # "police found three people dead"
    if token.dep_ == "nsubj" and head.pos_ == "AUX":
        told = [c for c in head.children if c.dep_ == "acomp" and c.lower_ in _BEFELL]
        if told:
            return told[0].lower_  # "three people are dead, including the gunman"
    fatal = [c.lower_ for c in token.children if c.lower_ in FATAL_ADVERBS]
    if fatal and token.dep_ in {"npadvmod", "dep", "appos"} and head.pos_ == "VERB":
        return f"{fatal[0]} {participle(head)}"  # "four people were shot, one man fatally"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and death_noun(token.head.head):
        return "killed"  # "the deaths of two men", "the fatal shooting of three people"
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in COUNT_WORDS:
        token = token.head.head
    if token.dep_ in {"nsubj", "nsubjpass", "dobj", "obj", "attr", "conj"}:
        verb = token.head
        if verb.pos_ == "VERB" and struck_by_gunfire(verb):
            return "shot"  # "four people were struck by bullets"
        if verb.pos_ == "VERB" and not another_time(verb):
            if token.dep_ == "dobj" and any(
                c.dep_ == "dobj" for joined in joined_deaths(verb) for c in joined.children
            ):
                return participle(verb)  # "returned three rounds and killed her"
            return verb_phrase(verb)
    return None
