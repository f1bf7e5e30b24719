"""Entity mentions in one article: spaCy's named entities, with their spans and types
repaired by the sentence around them, and the title a person is given before the name."""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Span, Token

from newsfuse.extract.parse import ParsedText, Piece
from newsfuse.model import EntityMention

__all__ = ["PLACE_LABELS", "find_entities", "repair_surnames"]

#: Labels kept as entity mentions. PRODUCT and WORK_OF_ART stay because the small model
#: gives them to places ("Kursk" is PRODUCT on every seed): canonicalisation repairs them.
KEPT_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "NORP"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: A name followed by one of these words names a place ("Kursk region", "Kursk border
#: regions"), whatever spaCy says.
PLACE_DESIGNATORS = frozenset(
    "region regions oblast oblasts province provinces district districts border county".split()
)

#: Head words of a title before a person's name ("Foreign Minister", "Kremlin aide"): a
#: phrase before a name is a role only if it holds one (so "2025 Sergey Lavrov" is not).
ROLE_WORDS = frozenset(
    """minister secretary president spokesperson spokesman spokeswoman aide governor
    chancellor premier ambassador envoy general commander chief head director leader
    senator representative congressman congresswoman mayor king queen prince pope
    official officer adviser advisor deputy chairman chairwoman chair ceo founder judge
    prosecutor attorney actor actress singer rapper star player coach captain manager
    rep publicist lawyer spokesperson analyst professor dr correspondent""".split()
)
#: Capitalised title words after which a nested ORG belongs to the title ("Defence" in
#: "Defence Minister Rustem Umerov"), not to the story's entities.
TITLE_HEADS = frozenset("minister secretary president governor chancellor ambassador".split())
# Longest role kept, in tokens: longer phrases are clauses, not titles.
MAX_ROLE_TOKENS = 7

# A dateline: capitals (a place of up to four words), perhaps ", Region" and "(Agency)",
# then a dash or bar.
_DATELINE_NAME = r"(?P<name>[A-Z][A-Z.'’-]*(?: [A-Z][A-Z.'’-]*)*[A-Z.])"
_DATELINE_REGION = r"(?P<region>,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)"
_DATELINE_AGENCY = r"(?P<agency>\([^()\n]{1,30}\))"
_DATELINE = re.compile(
    _DATELINE_NAME + _DATELINE_REGION + r"?\s*" + _DATELINE_AGENCY + r"?\s*(?:—|–|--|-|\|)"
)
# Some sites drop the dash where both region and agency mark the dateline:
# "FORT WAYNE, Ind. (WANE) Fort Wayne police are investigating …".
_DATELINE_UNDASHED = re.compile(_DATELINE_NAME + _DATELINE_REGION + r"\s*" + _DATELINE_AGENCY)
_DATELINE_MAX_WORDS = 4
_CALL_LETTERS = re.compile(r"[KW][A-Z]{2,3}")


def find_entities(parsed: ParsedText) -> tuple[EntityMention, ...]:
    """Every kept named-entity mention of the article, in text order.

    A name the article shows as a place once (its dateline, "Galt, Calif.") is a place
    wherever the article uses it: spaCy's small model calls "Galt" a person and "MEMPHIS"
    an organisation, and a local report names its town in no other way."""
    mentions: list[EntityMention] = []
    places: set[str] = set()
    unvouched: list[EntityMention] = []
    for piece in parsed.pieces:
        role_spans = [_role_tokens(ent) for ent in piece.doc.ents if ent.label_ == "PERSON"]
        role_tokens = {i for span in role_spans if span for i in range(span.start, span.end)}
        dateline, vouched = _dateline(piece)
        if dateline is not None and vouched:
            mentions.append(dateline)
            places.add(dateline.text.casefold())
        elif dateline is not None:
            unvouched.append(dateline)
        for ent in piece.doc.ents:
            if ent.label_ not in KEPT_LABELS or _inside_title(ent, role_tokens):
                continue
            if dateline is not None and ent.start_char + piece.offset < dateline.end:
                continue
            mention = _mention(piece, _repaired_span(ent))
            if mention is None:
                continue
            mentions.append(mention)
            if (
                mention.label not in PLACE_LABELS
                and not (mention.label == "PERSON" and " " in mention.text)
                and _before_a_region(ent)
            ):
                places.add(mention.text.casefold())
    named = {m.text.casefold() for m in mentions}
    for dateline in unvouched:
        if dateline.text.casefold() in named:  # "GALT—" over "a shooting in Galt"
            mentions.append(dateline)
            places.add(dateline.text.casefold())
    return tuple(
        replace(m, label="GPE")
        if m.label not in PLACE_LABELS and m.text.casefold() in places
        else m
        for m in sorted(mentions, key=lambda m: m.start)
    )


def _dateline(piece: Piece) -> tuple[EntityMention | None, bool]:
    """The place a paragraph opens with in capitals before a dash ("TYRONE, Mo. (AP) —",
    "IDAHO FALLS --", "GALT—"): where the report was filed, which for local news is
    where it happened; and whether a region, an agency or spaCy's own entity vouches for
    it (else the article must name it elsewhere: "AFTERNOON UPDATE —" is no place). A
    station's call letters ("WGN —") are not a place."""
    match = _DATELINE.match(piece.doc.text) or _DATELINE_UNDASHED.match(piece.doc.text)
    if match is None:
        return None, False
    name = match.group("name")
    if len(name.split()) > _DATELINE_MAX_WORDS or _CALL_LETTERS.fullmatch(name):
        return None, False
    span = piece.doc.char_span(0, len(name), alignment_mode="expand")
    if span is None:
        return None, False
    vouched = bool(match.group("region") or match.group("agency") or any(t.ent_type_ for t in span))
    return EntityMention(
        text=name,
        label="GPE",
        sentence=piece.sentence_of(span[0]),
        start=piece.offset,
        end=piece.offset + len(name),
    ), vouched


def _before_a_region(ent: Span) -> bool:
    """ "Galt, Calif." and "Tyrone, Missouri," name a town in its region: a name followed
    by a comma and a place that ends the phrase. "Jane Doe, Memphis police spokeswoman"
    does not (the place begins a longer phrase), nor a list ("Civil War, WWII, European
    Theater"). A person's full name is never read as a town."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return False
    region = next((e for e in doc.ents if e.start == ent.end + 1), None)
    if region is None or region.label_ != "GPE":
        return False
    if region.end == len(doc):
        return True
    after = doc[region.end]
    if not after.is_punct:
        return False
    listed = region.end + 1 < len(doc) and (
        doc[region.end + 1].ent_iob_ == "B" or doc[region.end + 1].lower_ in {"and", "or"}
    )
    return not (after.text == "," and listed)


def repair_surnames(mentions: tuple[EntityMention, ...]) -> tuple[EntityMention, ...]:
    """A surname alone, or after initials, is the person the article names in full:
    spaCy tags "Lavrov" and "S.V. Lavrov" ORG beside "Sergey Lavrov" PERSON."""
    surnames = {
        m.text.split()[-1] for m in mentions if m.label == "PERSON" and len(m.text.split()) > 1
    }
    repaired = []
    for mention in mentions:
        words = mention.text.split()
        if (
            mention.label != "PERSON"
            and words[-1] in surnames
            and all(re.fullmatch(r"(?:[A-Z]\.)+", word) for word in words[:-1])
        ):
            mention = replace(mention, label="PERSON")
        repaired.append(mention)
    return tuple(repaired)


def _mention(piece: Piece, ent: Span) -> EntityMention | None:
    tokens = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    while tokens and (tokens[-1].lower_ in {"'s", "’s", "'"} or tokens[-1].is_punct):
        tokens.pop()
    if not tokens or not any(c.isalnum() for t in tokens for c in t.text):
        return None
    span = piece.doc[tokens[0].i : tokens[-1].i + 1]
    role = _role_tokens(ent) if ent.label_ == "PERSON" else None
    return EntityMention(
        text=span.text,
        label=_repaired_label(ent),
        sentence=piece.sentence_of(span[0]),
        start=piece.offset + span.start_char,
        end=piece.offset + span.end_char,
        role=role.text if role else None,
    )


def _repaired_span(ent: Span) -> Span:
    """Join what the tokenizer split off a name ("Caliber" + ".Az"), and take in a
    possessive country before an organisation ("Russia's" + "Investigative Committee")."""
    doc, start, end = ent.doc, ent.start, ent.end
    while end < len(doc) and not doc[end - 1].whitespace_ and doc[end].text.startswith("."):
        if doc[end].text[1:].isalpha():
            end += 1
        elif (
            doc[end].text == "."
            and end + 1 < len(doc)
            and not doc[end].whitespace_
            and doc[end + 1].is_alpha
        ):
            end += 2
        else:
            break
    if (
        ent.label_ == "ORG"
        and start >= 2
        and doc[start - 1].lower_ in {"'s", "’s"}
        and doc[start - 2].ent_type_ == "GPE"
    ):
        start = _entity_start(doc[start - 2])
    return Span(doc, start, end, label=ent.label_)


def _entity_start(token: Token) -> int:
    i = token.i
    while i > 0 and token.doc[i].ent_iob_ == "I":
        i -= 1
    return i


def _repaired_label(ent: Span) -> str:
    """Types the sentence settles: an adjective is a nationality, "X region" a place, a
    name coordinated with a place a place."""
    label = ent.label_
    doc = ent.doc
    if label in PLACE_LABELS and len(ent) == 1 and ent[0].tag_ == "JJ":
        return "NORP"
    if label in {"PERSON", "NORP"}:
        return label
    following = doc[ent.end] if ent.end < len(doc) else None
    if following is not None and following.lower_ in PLACE_DESIGNATORS:
        return "GPE"
    partner = ent.root.head if ent.root.dep_ == "conj" else None
    if partner is not None and partner.ent_type_ in PLACE_LABELS and label not in PLACE_LABELS:
        return partner.ent_type_
    return label


def _role_tokens(ent: Span) -> Span | None:
    """The title written right before a person's name, if the parse attaches it to the
    name ("U.S. Secretary of State Marco Rubio", "Kremlin aide Vladimir Medinsky")."""
    doc = ent.doc
    start = ent.root.left_edge.i
    if start >= ent.start:
        return None
    while start < ent.start and (doc[start].dep_ in {"det", "poss", "case"} or doc[start].is_punct):
        start += 1
    if start >= ent.start or ent.start - start > MAX_ROLE_TOKENS:
        return None
    span = doc[start : ent.start]
    if any(t.is_punct and t.text not in {".", "-"} for t in span):
        return None
    if not any(t.lower_ in ROLE_WORDS for t in span):
        return None
    return span


def _inside_title(ent: Span, role_tokens: set[int]) -> bool:
    """An organisation named inside a person's title is part of the title: "State" in
    "Secretary of State", "Defence" in "Defence Minister"."""
    if ent.label_ != "ORG" or ent.start not in role_tokens:
        return False
    doc = ent.doc
    after_of = ent.start > 0 and doc[ent.start - 1].lower_ == "of"
    before_title = ent.end < len(doc) and doc[ent.end].lower_ in TITLE_HEADS
    return after_of or before_title
