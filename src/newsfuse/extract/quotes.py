"""Direct quotes, who the article says spoke them, and indirect attributions.

Quotes are found on the text (straight and curly marks, across sentence breaks); the
speaker comes from the parse: the speech verb the quote hangs from (the highest one, so
"the Department said Rubio reiterated … 'a lasting peace'" is the Department's), its
subject, "X cited Y as saying" → Y; a pronoun ("it added") is the last speaker or named
entity of its kind; a quote that is a paragraph of its own continues the speaker of the
sentence before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span, Token

from newsfuse.extract.parse import ParsedText, Piece
from newsfuse.model import Attribution, EntityMention, QuoteMention

__all__ = ["find_attributions", "find_quotes", "quote_spans"]

#: Verbs that report speech or writing (lemmas).
SPEECH_VERBS = frozenset(
    """say tell add write state note report assure vow reiterate stress announce declare
    confirm post claim insist warn explain comment tweet inform underscore emphasise
    emphasize cite quote acknowledge allege deny admit reply describe""".split()
)
#: Quotes shorter than this many words are scare quotes or names ("office", "historic",
#: "1,000-for-1,000"), not speech.
MIN_QUOTE_WORDS = 3
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it", "they", "them"})
# Left modifiers kept when a speaker is a plain noun phrase ("the Ukrainian President").
_NP_MODIFIERS = frozenset({"det", "amod", "compound", "poss", "case", "nmod", "nummod"})

_CURLY = re.compile(r"[“„«]([^“”„«»]*)[”»]")


@dataclass(frozen=True, slots=True)
class _Speaker:
    text: str
    position: int
    is_person: bool | None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text inside each pair of quote marks; straight quotes pair up
    within a paragraph; a curly pair inside a straight one is part of it."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        marks = [offset + m.start() for m in re.finditer('"', paragraph)]
        spans.extend((a + 1, b) for a, b in zip(marks[::2], marks[1::2], strict=False))
        offset += len(paragraph) + 1
    for match in _CURLY.finditer(text):
        inner = (match.start(1), match.end(1))
        if not any(s <= inner[0] and inner[1] <= e for s, e in spans):
            spans.append(inner)
    return sorted(spans)


def find_attributions(
    parsed: ParsedText, entities: Sequence[EntityMention], quoted: Sequence[tuple[int, int]]
) -> tuple[Attribution, ...]:
    """ "X said", "according to X", "citing X", "X cited Y as saying", outside quotes."""
    found: list[Attribution] = []
    speakers: list[_Speaker] = []
    for piece in parsed.pieces:
        for token in piece.doc:
            position = piece.offset + token.idx
            if any(s <= position < e for s, e in quoted):
                continue
            source = _attributed_source(token)
            if source is None:
                continue
            text = _speaker_text(source, piece, entities, speakers)
            speakers.append(_Speaker(text, position, _is_person(source, piece, entities)))
            found.append(
                Attribution(
                    source=text,
                    cue=_cue(token),
                    sentence=piece.sentence_of(token),
                    start=piece.offset + source.idx,
                    end=piece.offset + source.idx + len(source.text),
                )
            )
    return tuple(found)


def find_quotes(
    parsed: ParsedText,
    entities: Sequence[EntityMention],
    attributions: Sequence[Attribution],
    spans: Sequence[tuple[int, int]],
) -> tuple[QuoteMention, ...]:
    """Every direct quote of at least MIN_QUOTE_WORDS words, with its speaker."""
    quotes: list[QuoteMention] = []
    for start, end in spans:
        text = parsed.text[start:end].strip()
        piece = parsed.piece_at(start)
        if piece is None or len(text.split()) < MIN_QUOTE_WORDS:
            continue
        inside = piece.char_span(start, end)
        if inside is None or len(inside) == 0:
            continue
        first = piece.sentence_of(inside[0])
        speaker, cue = _speaker(piece, inside, entities, attributions, quotes)
        quotes.append(
            QuoteMention(
                text=text.rstrip(",").strip(),
                sentence=first,
                last_sentence=piece.sentence_of(inside[-1]),
                start=start,
                end=end,
                speaker=speaker,
                cue=cue,
            )
        )
    return tuple(quotes)


def _speaker(
    piece: Piece,
    inside: Span,
    entities: Sequence[EntityMention],
    attributions: Sequence[Attribution],
    earlier: Sequence[QuoteMention],
) -> tuple[str | None, str | None]:
    verb = _speech_verb(inside)
    if verb is not None:
        subject = _subject(verb)
        if subject is not None:
            speakers = [_Speaker(a.source, a.start, None) for a in attributions]
            speakers += [_Speaker(q.speaker, q.start, None) for q in earlier if q.speaker]
            speakers.sort(key=lambda s: s.position)
            return _speaker_text(subject, piece, entities, speakers), _cue(verb)
        return None, _cue(verb)
    if _stands_alone(inside):
        sentence = piece.sentence_of(inside[0])
        before = [(a.start, a.source) for a in attributions if a.sentence == sentence - 1]
        before += [
            (q.start, q.speaker) for q in earlier if q.last_sentence == sentence - 1 and q.speaker
        ]
        if before:
            return max(before)[1], "continues the previous speaker"
    return None, None


def _speech_verb(inside: Span) -> Token | None:
    """The highest speech verb outside the quote that the quote's words hang from, else
    the speech verb nearest the quote in its first or last sentence."""
    inner = set(range(inside.start, inside.end))
    ancestors: dict[int, Token] = {}
    for token in inside:
        for ancestor in token.ancestors:
            if ancestor.i not in inner and _is_speech_verb(ancestor):
                ancestors[ancestor.i] = ancestor
    if ancestors:
        return min(ancestors.values(), key=lambda t: len(list(t.ancestors)))
    frame = [
        t
        for sentence in {inside[0].sent, inside[-1].sent}
        for t in sentence
        if t.i not in inner and _is_speech_verb(t)
    ]
    if not frame:
        return None
    return min(frame, key=lambda t: min(abs(t.i - inside.start), abs(t.i - inside.end)))


def _is_speech_verb(token: Token) -> bool:
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in SPEECH_VERBS


def _stands_alone(inside: Span) -> bool:
    """A quote that is its whole sentence(s): no words of the article's own around it."""
    inner = set(range(inside.start, inside.end))
    sentences = {inside[0].sent, inside[-1].sent}
    return not any(t.is_alpha and t.i not in inner for s in sentences for t in s)


def _attributed_source(token: Token) -> Token | None:
    """The token naming who a sentence's content comes from, if `token` attributes it."""
    if token.lower_ == "according":
        to = next((c for c in token.children if c.lower_ == "to"), None)
        objects = [c for c in to.children if c.dep_ == "pobj"] if to is not None else []
        return objects[0] if objects else None
    if token.lower_ == "citing":
        objects = [c for c in token.children if c.dep_ in {"dobj", "obj"}]
        return objects[0] if objects else None
    if _is_speech_verb(token):
        return _subject(token)
    return None


def _subject(verb: Token) -> Token | None:
    """Who speaks: the subject; for "X cited Y as saying", Y; a verb joined to another by
    "and" shares its subject ("Lavrov assured … and said")."""
    if verb.lemma_.lower() == "cite" and _as_saying(verb):
        objects = [c for c in verb.children if c.dep_ in {"dobj", "obj"}]
        if objects:
            return objects[0]
    for _ in range(3):
        subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if subjects:
            return subjects[0]
        if verb.dep_ != "conj":
            return None
        verb = verb.head
    return None


def _as_saying(verb: Token) -> bool:
    """ "… cited Medinsky, who …, as saying": "as saying" later in the verb's sentence."""
    return any(
        t.lower_ == "saying" and t.i > verb.i and t.doc[t.i - 1].lower_ == "as" for t in verb.sent
    )


def _cue(token: Token) -> str:
    if token.lemma_.lower() == "cite" and _as_saying(token):
        return f"{token.text} … as saying"
    if token.lower_ == "according":
        return "according to"
    return token.text


def _speaker_text(
    token: Token,
    piece: Piece,
    entities: Sequence[EntityMention],
    speakers: Sequence[_Speaker],
) -> str:
    """The speaker's words: the entity mention holding the token, a resolved pronoun, or
    the noun phrase ("the ministry", "a security official")."""
    if token.lower_ in {"which", "who", "that"} and token.head.dep_ == "relcl":
        token = token.head.head  # "The US State Department, which noted …"
    position = piece.offset + token.idx
    mention = _mention_at(position, entities)
    if mention is not None:
        return mention.text
    if token.pos_ == "PRON" and token.lower_ in PERSON_PRONOUNS | THING_PRONOUNS:
        return _antecedent(token, position, entities, speakers) or token.text
    left = [c for c in token.lefts if c.dep_ in _NP_MODIFIERS]
    start = min([token.i, *(c.left_edge.i for c in left)])
    return piece.doc[start : token.i + 1].text


def _antecedent(
    token: Token, position: int, entities: Sequence[EntityMention], speakers: Sequence[_Speaker]
) -> str | None:
    """The last speaker of the pronoun's kind, else the last named entity of its kind."""
    wants_person = token.lower_ in PERSON_PRONOUNS
    for speaker in reversed([s for s in speakers if s.position < position]):
        kind = speaker.is_person
        if kind is None:
            kind = _mention_label(speaker.text, entities) == "PERSON"
        if kind == wants_person:
            return speaker.text
    labels = {"PERSON"} if wants_person else {"ORG"}
    earlier = [m for m in entities if m.end <= position and m.label in labels]
    return earlier[-1].text if earlier else None


def _mention_label(text: str, entities: Sequence[EntityMention]) -> str | None:
    for mention in entities:
        if mention.text == text:
            return mention.label
    return None


def _is_person(token: Token, piece: Piece, entities: Sequence[EntityMention]) -> bool | None:
    mention = _mention_at(piece.offset + token.idx, entities)
    if mention is not None:
        return mention.label == "PERSON"
    if token.lower_ in PERSON_PRONOUNS:
        return True
    if token.lower_ in THING_PRONOUNS:
        return False
    return None


def _mention_at(position: int, entities: Sequence[EntityMention]) -> EntityMention | None:
    for mention in entities:
        if mention.start <= position < mention.end:
            return mention
    return None
