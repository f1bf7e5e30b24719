"""One canonical entity per real entity across a story.

Mentions are grouped by keys that survive the ways news writes one name differently:

- people: a transliteration-folded surname key ("Zelenskyy"/"Zelensky"/"Zelenskiy" →
  "zelenski", "Sergey"/"Sergei" → "sergi") plus a compatible first name or initial; a lone
  surname ("Lavrov", even when spaCy calls it ORG) joins the person with that surname;
- places: a small table of well-known exonyms and alternative names (below), diacritics
  folded, and an administrative word dropped ("Murmansk Region" = "Murmansk");
- organisations: the bag of 5-letter word stems, so "US Department of State" = "U.S. State
  Department" and "Russia's Defence Ministry" = "Russian Defense Ministry".

The type of a group is voted by its mentions, longer mentions weighing more, so spaCy's
type errors on short mentions ("Lavrov" ORG, "Kursk" PRODUCT) are outvoted.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsfuse.extract.entities import PLACE_LABELS
from newsfuse.ids import UnionFind, stable_id
from newsfuse.model import ArticleAnnotations, Entity, EntityMention, MentionRef

__all__ = ["EXONYMS", "canonicalise", "name_key", "surname_key"]

#: Well-known places with more than one name in English news; the value is the name the
#: brief uses. A documented table, not a list of this story's names: transliteration
#: variants of people are handled by `surname_key`, never listed.
EXONYMS: dict[str, str] = {
    "kiev": "Kyiv",
    "kyiv": "Kyiv",
    "turkey": "Türkiye",
    "turkiye": "Türkiye",
    "us": "United States",
    "usa": "United States",
    "united states": "United States",
    "united states of america": "United States",
    "america": "United States",
    "uk": "United Kingdom",
    "britain": "United Kingdom",
    "great britain": "United Kingdom",
    "united kingdom": "United Kingdom",
    "burma": "Myanmar",
    "myanmar": "Myanmar",
    "ivory coast": "Côte d'Ivoire",
    "cote d'ivoire": "Côte d'Ivoire",
    "czech republic": "Czechia",
    "czechia": "Czechia",
    "holland": "Netherlands",
    "netherlands": "Netherlands",
    "bombay": "Mumbai",
    "mumbai": "Mumbai",
    "peking": "Beijing",
    "beijing": "Beijing",
    "kharkov": "Kharkiv",
    "kharkiv": "Kharkiv",
    "odessa": "Odesa",
    "odesa": "Odesa",
    "uae": "United Arab Emirates",
    "united arab emirates": "United Arab Emirates",
    "drc": "Democratic Republic of the Congo",
    "dprk": "North Korea",
    "north korea": "North Korea",
}
#: Administrative words dropped from a place's key ("the Amur Region" = "Amur").
ADMIN_WORDS = frozenset("region oblast province krai district county".split())
_SKIPPED_WORDS = frozenset("the of and for 's ’s".split())
#: Words of place names that newsrooms spell out or abbreviate ("St. Louis" = "Saint Louis",
#: "Ft. Worth" = "Fort Worth", "Mt. Vernon" = "Mount Vernon"); the key keeps the short form.
_ABBREVIATED_WORDS = {"saint": "st", "fort": "ft", "mount": "mt"}
#: Labels that make canonical entities (nationalities, NORP, stay per-sentence only).
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})
#: Transliteration folds, applied in order to a lower-cased, accent-free name: spellings
#: that romanisation systems and newsrooms use for one sound.
_FOLDS = (
    ("kh", "h"),
    ("zh", "j"),
    ("tch", "ch"),
    ("tz", "ts"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
    ("ou", "u"),
    ("y", "i"),
    ("j", "i"),
    ("ei", "i"),
    ("ie", "i"),
)


@dataclass(frozen=True, slots=True)
class _Mention:
    article_id: str
    mention: EntityMention

    @property
    def words(self) -> list[str]:
        return self.mention.text.split()


def fold(text: str) -> str:
    """Lower case without accents ("Türkiye" → "turkiye", "Çırağan" → "ciragan")."""
    text = text.replace("ı", "i").replace("İ", "I")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def surname_key(word: str) -> str:
    """A transliteration-folded key: "Zelenskyy", "Zelensky", "Zelenskiy" → "zelenski"."""
    key = re.sub(r"[^a-z]", "", fold(word))
    for old, new in _FOLDS:
        key = key.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", key)


def name_key(text: str) -> str:
    """The key of a place or organisation name (see the module docstring)."""
    folded = fold(text).replace("’", "'")
    folded = re.sub(r"^the\s+", "", folded)
    folded = re.sub(r"'s\b", "", folded).replace(".", "")
    folded = " ".join(folded.split())
    if folded in EXONYMS:
        return "place:" + fold(EXONYMS[folded])
    words: list[str] = [
        _ABBREVIATED_WORDS.get(w, w)
        for w in re.findall(r"[a-z0-9]+", folded)
        if w not in _SKIPPED_WORDS
    ]
    if len(words) > 1 and words[-1] in ADMIN_WORDS:
        words = words[:-1]
    if len(words) == 1:
        return words[0]
    return " ".join(sorted(word[:5] for word in words))


def canonicalise(annotations: Iterable[ArticleAnnotations]) -> tuple[Entity, ...]:
    """The story's entities: every mention of every article grouped into one entity per
    real-world entity, with its name, type, aliases, roles and mentions."""
    mentions = [
        _Mention(annotation.article_id, mention)
        for annotation in annotations
        for mention in annotation.entities
        if mention.label in ENTITY_LABELS
    ]
    groups = UnionFind(range(len(mentions)))
    _join_by_key(mentions, groups)
    _join_people(mentions, groups)
    members: dict[int, list[_Mention]] = defaultdict(list)
    for index, mention in enumerate(mentions):
        members[groups.find(index)].append(mention)
    entities = [_entity(group) for _, group in sorted(members.items())]
    return tuple(sorted(entities, key=lambda e: (-len(e.mentions), e.name)))


def _join_by_key(mentions: Sequence[_Mention], groups: UnionFind[int]) -> None:
    first: dict[str, int] = {}
    for index, mention in enumerate(mentions):
        if mention.mention.label == "PERSON" and len(mention.words) > 1:
            continue  # full names are joined by the person rule
        key = name_key(mention.mention.text)
        if key in first:
            groups.union(first[key], index)
        else:
            first[key] = index


def _join_people(mentions: Sequence[_Mention], groups: UnionFind[int]) -> None:
    """Full names by surname key and compatible first names; then lone surnames, and
    "S.V. Lavrov"-like mentions of any label, join the one person with that surname."""
    people: dict[str, list[int]] = defaultdict(list)  # surname key -> full-name mentions
    for index, mention in enumerate(mentions):
        if mention.mention.label == "PERSON" and len(mention.words) > 1:
            surname = surname_key(mention.words[-1])
            for other in people[surname]:
                if _first_names_agree(mention.words[0], mentions[other].words[0]):
                    groups.union(other, index)
                    break
            people[surname].append(index)
    for index, mention in enumerate(mentions):
        words = mention.words
        is_person_like = len(words) == 1 or all(_is_initial(w) for w in words[:-1])
        if not is_person_like or name_key(mention.mention.text).startswith("place:"):
            continue
        candidates = people.get(surname_key(words[-1]), [])
        roots = {groups.find(c) for c in candidates}
        if len(words) > 1:
            roots = {
                groups.find(c)
                for c in candidates
                if _first_names_agree(words[0], mentions[c].words[0])
            }
        if len(roots) == 1:
            groups.union(roots.pop(), index)


def _is_initial(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+[A-Z]?\.?", word))


def _first_names_agree(first: str, second: str) -> bool:
    """ "Sergey"/"Sergei", "S.V."/"Sergey": same initial, and same folded key unless one
    is an initial."""
    a, b = surname_key(first), surname_key(second)
    if not a or not b or a[0] != b[0]:
        return False
    return _is_initial(first) or _is_initial(second) or a == b


def _coarse(label: str) -> str:
    if label in PLACE_LABELS:
        return "PLACE"
    return label if label in {"PERSON", "ORG"} else "OTHER"


def _entity(group: list[_Mention]) -> Entity:
    votes: Counter[str] = Counter()
    fine: Counter[str] = Counter()
    for item in group:
        weight = len(item.words) + (2 if item.mention.role else 0)
        votes[_coarse(item.mention.label)] += weight
        fine[item.mention.label] += weight
    if any(name_key(item.mention.text).startswith("place:") for item in group):
        votes["PLACE"] += 1_000  # a known place name is a place
    coarse = max(votes, key=lambda c: (votes[c], c == "PLACE"))
    labels = [lb for lb in fine if _coarse(lb) == coarse]
    label = max(labels, key=lambda lb: fine[lb]) if labels else "GPE"
    name = _name(group)
    aliases = tuple(dict.fromkeys(i.mention.text for i in group if i.mention.text != name))
    roles = tuple(dict.fromkeys(i.mention.role for i in group if i.mention.role))
    return Entity(
        entity_id=stable_id(label, name_key(name)),
        name=name,
        type=label,
        aliases=aliases,
        mentions=tuple(MentionRef(i.article_id, i.mention.sentence, i.mention.text) for i in group),
        roles=roles,
    )


def _name(group: list[_Mention]) -> str:
    """The table name of a known place; else the most frequent of the longest forms."""
    for item in group:
        key = name_key(item.mention.text)
        if key.startswith("place:"):
            folded = re.sub(r"^the\s+", "", fold(item.mention.text)).replace(".", "")
            return EXONYMS.get(folded, item.mention.text)
    counts = Counter(i.mention.text for i in group)
    longest = max(len(text.split()) for text in counts)
    return max(
        (text for text in counts if len(text.split()) == longest),
        key=lambda text: (counts[text], -list(counts).index(text)),
    )
