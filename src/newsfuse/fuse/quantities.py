"""What a number counts, in one vocabulary across sources, and when two numbers agree.

"at least seven fatalities", "7 people were killed" and "seven dead" count one thing;
"at least seven" and "eight" agree (eight is at least seven), "over 40" and "41" agree,
"7" and "8" do not. A reported number is an interval of the values it allows.
"""

from __future__ import annotations

import math

from newsfuse.extract.casualties import FATAL_ADVERBS, PERSON_NOUNS
from newsfuse.model import QuantityMention

__all__ = ["KIND_NAMES", "agree", "count_kind", "describe", "happened_kind", "interval", "singular"]

#: Words that name a casualty count, and the one kind each is counted under.
_CASUALTY_WORDS = {
    "killed": "killed",
    "dead": "killed",
    "death": "killed",
    "deaths": "killed",
    "died": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "lives": "killed",
    "bodies": "killed",
    "martyrs": "killed",
    "murdered": "killed",
    "slain": "killed",
    "injured": "injured",
    "wounded": "injured",
    "injuries": "injured",
    "hurt": "injured",
    "hospitalized": "injured",
    "hospitalised": "injured",
    "casualties": "casualties",
    "missing": "missing",
    "arrested": "arrested",
    "detained": "arrested",
    "displaced": "displaced",
    "evacuated": "evacuated",
}
#: How each kind reads in a brief.
KIND_NAMES = {
    "killed": "people killed",
    "injured": "people injured",
    "casualties": "casualties",
    "missing": "people missing",
    "arrested": "people arrested",
    "displaced": "people displaced",
    "evacuated": "people evacuated",
    "shot": "people shot",
}
#: Plural nouns for people that a plural ending does not give ("men" → "man").
_PEOPLE = {
    "people": "person",
    "men": "man",
    "women": "woman",
    "children": "child",
    "militiamen": "militiaman",
}
# Relative slack of "about"/"nearly": "about 40" allows 36..44.
_ABOUT = 0.1


def count_kind(quantity: QuantityMention) -> str | None:
    """The thing counted, in a vocabulary shared across sources: a casualty kind when the
    noun or predicate names one, else the noun's singular with its predicate."""
    predicate = (quantity.predicate or "").lower()
    if predicate.startswith("in ") and predicate.endswith(" condition"):
        return "injured"  # "two men are in critical condition"
    for phrase in (quantity.predicate, quantity.noun):
        words = phrase.lower().split() if phrase else []
        if "or" in words:
            continue  # "injured or killed": neither kind for sure
        if words and words[0] in FATAL_ADVERBS:
            return "killed"  # "fatally shot", "mortally wounded"
        for word in reversed(words):  # "shot and killed", "shot dead": the last word tells
            if word in _CASUALTY_WORDS:
                return _CASUALTY_WORDS[word]
    shot = bool(quantity.predicate) and str(quantity.predicate).lower().split()[-1] == "shot"
    if shot and (quantity.noun is None or _person(quantity.noun)):
        return "shot"  # "Five shot in Memphis nightclub": wounded or killed, not said
    if quantity.unit:
        return quantity.unit if not quantity.noun else f"{quantity.unit} {_singular(quantity.noun)}"
    if quantity.noun is None:
        return None
    noun = _singular(quantity.noun.lower())
    return f"{noun} {quantity.predicate.lower()}" if quantity.predicate else noun


#: Counts that say what happened, beyond the casualties: things hit, downed, seized.
_HAPPENED = frozenset(
    """hit struck destroyed damaged downed launched seized captured rescued burned
    blown collapsed""".split()
)


def happened_kind(kind: str | None) -> bool:
    """Casualties and people shot, and things hit, downed, seized; never the reporters' own
    nouns ("2 diplomats exchanged", "45 buses carrying 3000 people") nor a percentage read
    as a count."""
    if not kind:
        return False
    if kind in KIND_NAMES:
        return True
    return kind.split()[-1] in _HAPPENED and not kind.startswith("percent")


def _person(noun: str) -> bool:
    return singular(noun) in PERSON_NOUNS | {"person"}


def singular(noun: str) -> str:
    """A lower-cased noun in the singular ("children" → "child", "forces" → "force")."""
    noun = noun.lower()
    return _PEOPLE.get(noun, _singular(noun))


def describe(kind: str) -> str:
    return KIND_NAMES.get(kind, kind)


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def interval(quantity: QuantityMention) -> tuple[float, float]:
    """The values a reported number allows, its qualifier taken at its word."""
    value = quantity.value
    match quantity.qualifier:
        case "at least":
            return value, math.inf
        case "over":
            return math.nextafter(value, math.inf), math.inf
        case "about":
            return value * (1 - _ABOUT) - 1, value * (1 + _ABOUT) + 1
        case "nearly":
            return value * (1 - _ABOUT) - 1, value
        case "up to" | "at most":
            return 0.0, value
        case "under":
            return 0.0, math.nextafter(value, -math.inf)
        case _:
            return value, value


def agree(first: QuantityMention, second: QuantityMention) -> bool:
    """Whether two reports of one count can both be true."""
    low_a, high_a = interval(first)
    low_b, high_b = interval(second)
    return max(low_a, low_b) <= min(high_a, high_b)
