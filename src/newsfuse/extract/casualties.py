"""Casualties: who a sentence says was killed, wounded or shot, where no number counts
them ("a man was shot and killed", "two women and a man were pronounced dead", "a triple
homicide", "the death of an 11-year-old boy"), and the verb phrases that tell what befell
the people a number counts."""

from __future__ import annotations

from spacy.tokens import Span, Token

from newsfuse.extract.numbers import parse_number
from newsfuse.extract.parse import Piece
from newsfuse.model import QuantityMention

__all__ = [
    "AGE_ABBREVIATIONS",
    "CASUALTY_VERBS",
    "FATAL_ADVERBS",
    "PERSON_NOUNS",
    "another_time",
    "casualties_told",
    "death_noun",
    "joined_deaths",
    "participle",
    "struck_by_gunfire",
    "verb_phrase",
]

#: Past participles that a regular rule would get wrong.
IRREGULAR_PARTICIPLES = {
    "hit": "hit",
    "shoot": "shot",
    "strike": "struck",
    "take": "taken",
    "hold": "held",
    "bring": "brought",
    "leave": "left",
    "find": "found",
    "lose": "lost",
    "shut": "shut",
    "down": "downed",
}


#: Adverbs that make a shooting or a wound a death ("fatally shot", "mortally wounded").
FATAL_ADVERBS = frozenset({"fatally", "mortally"})
#: What befalls one person in a casualty report, by lemma: killed, dead, wounded, shot.
CASUALTY_VERBS = frozenset("kill die murder slay shoot wound injure hurt stab hospitalize".split())
#: Of those, the deaths ("shot and killed").
_DEATHS = frozenset({"kill", "die"})
#: Of those, the verbs done to someone: in the active voice the casualty is the object.
_DONE_TO = CASUALTY_VERBS - {"die"}
#: Nouns for one person ("a man", "a 17-year-old girl"): a count of one with no number.
PERSON_NOUNS = frozenset(
    """man woman boy girl teen teenager person child toddler infant baby student officer
    deputy trooper driver passenger resident father mother son daughter brother sister
    husband wife grandmother grandfather victim bystander pedestrian worker clerk employee
    customer guard cousin uncle aunt nephew niece neighbor neighbour friend girlfriend
    boyfriend youth juvenile adult male female soldier veteran teacher suspect gunman
    shooter grandson granddaughter grandchild stepson stepdaughter stepfather stepmother
    fiance fiancee""".split()
)
_ONE_DETERMINERS = frozenset({"a", "an", "the", "one"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_ORDINALS = frozenset("second third fourth fifth sixth seventh eighth ninth tenth".split())
#: "her son was killed": a possessive before a singular person noun is one person.
_ONE_POSSESSIVES = frozenset({"his", "her", "their", "my", "our", "your", "its"})
_REFLEXIVES = frozenset({"himself", "herself", "self"})
#: Words on a casualty verb that leave it untold: "could have been killed", "police could
#: not say if the man had died".
_HEDGES = frozenset(
    {"could", "would", "might", "may", "will", "should", "can", "nearly", "almost", "if", "whether"}
)
#: "8 yo girl": the number before is an age, not a count.
AGE_ABBREVIATIONS = frozenset({"yo", "y/o", "y.o.", "yrs", "yr"})


def casualties_told(piece: Piece, *, headline: bool) -> list[QuantityMention]:
    """Every casualty count of `piece` that is told without a number of its own (or with
    numbers that count only a part, as in "two women and a man")."""
    return [
        *_one_person_casualties(piece, headline=headline),
        *_one_person_deaths_named(piece, headline=headline),
        *_multiple_deaths_named(piece),
    ]


def _one_person_casualties(piece: Piece, *, headline: bool) -> list[QuantityMention]:
    """ "A man was shot and killed", "a woman is dead", "John Smith, 25, died": a count of
    one (`implicit`: no number in the text) of what befell one named or singular person;
    people joined by "and" are counted together ("two women and a man were pronounced
    dead": three, not the two the number counts)."""
    found = []
    for token in piece.doc:
        subjects = _casualties_of(token, headline=headline)
        if len(subjects) != 1:
            continue
        joined = [c for c in subjects[0].children if c.dep_ == "conj"]
        if joined:
            total = _people_joined(subjects[0], headline=headline)
            if total is not None:
                found.append(_joined_count(piece, subjects[0], total, token))
                continue
            if any(c.lemma_.lower() in _PEOPLE or c.ent_type_ == "PERSON" for c in joined):
                continue  # "a man and others": no count of one
        if _one_person(subjects[0], headline=headline):
            found.append(_one_person_count(piece, subjects[0], _casualty_predicate(token)))
    return found


def _people_joined(first: Token, *, headline: bool) -> float | None:
    """How many people "a woman and her two children" names (3), or None where a part is
    not a counted person ("a man and his dog", "two men and others")."""
    if any(c.dep_ == "cc" and c.lower_ in {"or", "nor"} for c in first.children):
        return None  # "a man or a woman": one of them
    total = 0.0
    for person in _conjuncts(first):
        numbers = [c for c in person.children if c.dep_ == "nummod" and c.like_num]
        is_person = person.ent_type_ == "PERSON" or person.lemma_.lower() in _PEOPLE
        if numbers and is_person and person.tag_ == "NNS":
            value = parse_number(numbers[0].text)
            if value is None:
                return None
            total += value
        elif _one_person(person, headline=headline) or (
            person is not first and _shares_determiner(person)
        ):
            total += 1
        else:
            return None
    return total


def _conjuncts(first: Token) -> list[Token]:
    """ "two women and a man": [women, man]."""
    chain, pending = [], [first]
    while pending:
        person = pending.pop()
        chain.append(person)
        pending.extend(c for c in person.children if c.dep_ == "conj")
    return chain


def _shares_determiner(person: Token) -> bool:
    """ "A woman and toddler": a singular person joined after the first, with its article
    left out because the first one's serves both."""
    return (
        person.tag_ == "NN"
        and person.lemma_.lower() in PERSON_NOUNS
        and not any(c.dep_ in {"det", "nummod", "poss"} for c in person.children)
    )


#: Plural people as counted nouns ("two women", "three teenagers", "a man and two others").
_PEOPLE = PERSON_NOUNS | {"people", "person", "other"}


def _joined_count(piece: Piece, first: Token, total: float, token: Token) -> QuantityMention:
    """The count of people joined by "and", cited to the words that name them all."""
    span = piece.doc[min(t.i for t in first.subtree) : max(t.i for t in _conjuncts(first)) + 1]
    return _told_count(piece, span, total, "people", _casualty_predicate(token))


def _one_person_count(piece: Piece, person: Token, predicate: str) -> QuantityMention:
    """A count of one with no number in the text (`implicit`), cited to the words naming
    the person ("a 23-year-old man", "Tyler Buchanan")."""
    span = piece.doc[min(t.i for t in person.subtree if t.i <= person.i) : person.i + 1]
    noun = person.lower_ if person.pos_ == "NOUN" else "person"
    return _told_count(piece, span, 1.0, noun, predicate, implicit=True)


def _told_count(
    piece: Piece, span: Span, value: float, noun: str, predicate: str, *, implicit: bool = False
) -> QuantityMention:
    """A casualty count no single number states, cited to `span`."""
    return QuantityMention(
        text=span.text,
        value=value,
        sentence=piece.sentence_of(span[-1]),
        start=piece.offset + span.start_char,
        end=piece.offset + span.end_char,
        noun=noun,
        predicate=predicate,
        implicit=implicit,
    )


def _casualties_of(token: Token, *, headline: bool) -> list[Token]:
    """Who `token` says a casualty befell (the subject, or the object of an active verb),
    if it tells one; [] otherwise."""
    if headline and _headline_participle(token):
        hedged = any(c.dep_ == "neg" or c.lower_ in _HEDGES for c in token.children)
        return [] if hedged else [token.head]  # "Woman injured in drive-by shooting"
    person = token.head.head
    if headline and _in_condition(token) and person.dep_ == "ROOT" and person.pos_ in _NOUNS:
        return [person]  # "Child in critical condition after shooting"
    if (
        token.lower_ == "dead"
        and token.dep_ == "amod"
        and _left_or_found_dead(token.head, headline)
    ):
        return [token.head]
    verb = _casualty_verb(token)
    if verb is None or any(c.dep_ == "neg" or c.lower_ in _HEDGES for c in verb.children):
        return []
    if another_time(verb):
        return []
    subjects = [c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects and headline and verb.dep_ == "ROOT":
        # "Boy, 15, dies after …": the parser takes a headline's first word for an aside.
        first = verb.doc[0]
        if first.dep_ in {"intj", "dep", "npadvmod"} and first.lower_ in PERSON_NOUNS:
            subjects = [first]
    if not subjects and verb.dep_ == "conj":
        # "… was hit in the head and pronounced dead": the subject of the first verb.
        subjects = [c for c in verb.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    active = not any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    if verb is not token and verb.lemma_.lower() == "leave":
        # "a gunfight left a bystander dead": the one left dead is the object.
        return [c for c in verb.children if c.dep_ == "dobj"]
    if verb is token and active and verb.lemma_.lower() in _DONE_TO:
        # Active voice: the casualty is the object ("a shooting that injured a girl"),
        # or that of the verb it is joined to ("Carney shot and killed Regula"); the
        # subject where the object is itself ("a 2-year-old boy shot himself").
        objects = [c for c in verb.children if c.dep_ == "dobj"] or [
            c for joined in joined_deaths(verb) for c in joined.children if c.dep_ == "dobj"
        ]
        reflexive = len(objects) == 1 and objects[0].lower_ in _REFLEXIVES
        # A headline drops the auxiliary: "15-year-old girl fatally shot" was shot.
        passive = headline and not objects and verb.tag_ in {"VBD", "VBN"}
        # "three were killed and another critically injured": the first verb's passive.
        passive = passive or (
            not objects
            and verb.dep_ == "conj"
            and verb.tag_ == "VBN"
            and any(c.dep_ == "auxpass" for c in verb.head.children)
        )
        return [c for c in subjects if c.dep_ == "nsubj"] if reflexive or passive else objects
    return subjects


def _left_or_found_dead(person: Token, headline: bool) -> bool:
    """ "a shooting left a 12-year-old boy dead", "police found a man dead", or a
    headline's "Man dead following Memphis shooting", where the parser hangs "dead" on the
    person instead of the verb."""
    if person.dep_ == "dobj":
        return person.head.lemma_.lower() in {"leave", "find"}
    return headline and person.dep_ == "ROOT" and person.pos_ in _NOUNS


def _headline_participle(token: Token) -> bool:
    """A headline's person and what befell them, with no verb between: "Woman injured in
    drive-by shooting" (the participle hangs on the noun the headline is about)."""
    return (
        token.tag_ == "VBN"
        and token.dep_ == "acl"
        and token.head.dep_ == "ROOT"
        and token.lemma_.lower() in CASUALTY_VERBS
    )


def _casualty_predicate(token: Token) -> str:
    """What befell the one person, in the casualty vocabulary: "struck by gunfire" and
    "suffered a gunshot wound" are shot (one may die of it later: the story's killed count
    tells), "suffered non-life-threatening injuries" or "a stab wound" injured."""
    if struck_by_gunfire(token):
        return "shot"
    if _in_condition(token):
        return _condition_phrase(token)
    wounds = _wounds_suffered(token)
    if wounds:
        by_gun = any(
            w.lemma_.lower() == "wound" and any(c.lower_ in _GUN_WOUNDS for c in w.children)
            for w in wounds
        )
        return "shot" if by_gun else "injured"
    return verb_phrase(token) if token.pos_ == "VERB" else token.lower_


def _one_person_deaths_named(piece: Piece, *, headline: bool) -> list[QuantityMention]:
    """A death told as a noun: "the death of an 11-year-old boy", "the fatal shooting of a
    15-year-old", "in the killing of teen", "Tyler Buchanan's death": one person killed.
    Not an attempt ("attempted murder of an officer"), nor a death no one is named for."""
    found = []
    for token in piece.doc:
        if not death_noun(token):
            continue
        victims = [
            grandchild
            for child in token.children
            if child.dep_ == "prep" and child.lower_ == "of"
            for grandchild in child.children
            if grandchild.dep_ == "pobj"
        ] or [c for c in token.children if c.dep_ == "poss" and c.tag_ != "PRP$"]
        if len(victims) != 1 or not _one_person(victims[0], headline=headline):
            continue
        if any(c.dep_ == "conj" for c in victims[0].children):
            continue  # "the deaths of a mother and her son": two, not one
        found.append(_one_person_count(piece, victims[0], "killed"))
    return found


#: "a double homicide", "a triple shooting": how many the noun's event befell.
_MULTIPLES = {"double": 2.0, "triple": 3.0, "quadruple": 4.0, "quintuple": 5.0}


def _multiple_deaths_named(piece: Piece) -> list[QuantityMention]:
    """ "A triple homicide": three killed; "a double shooting": two shot, "a double fatal
    shooting" two killed. Not one the story looks back to ("a week after the double
    murder"), dates to another year, or lists among others ("a streak that includes a mass
    shooting, a double homicide and two slayings")."""
    found = []
    for token in piece.doc:
        multiple = next(
            (c for c in token.children if c.dep_ == "amod" and c.lower_ in _MULTIPLES), None
        )
        if multiple is None or token.pos_ != "NOUN":
            continue
        if token.dep_ in {"conj", "appos"} or any(c.dep_ == "conj" for c in token.children):
            continue
        lemma = token.lemma_.lower()
        fatal = any(c.lower_ in {"fatal", "deadly"} for c in token.children)
        if lemma in _DEATH_NOUNS and death_noun(token):
            predicate = "killed"
        elif lemma == "shooting" and not _recalled(token):
            predicate = "killed" if fatal else "shot"
        else:
            continue
        span = piece.doc[multiple.i : token.i + 1]
        found.append(_told_count(piece, span, _MULTIPLES[multiple.lower_], "people", predicate))
    return found


#: Nouns that are a death by themselves; "shooting" and "stabbing" are one when fatal.
_DEATH_NOUNS = frozenset("death killing murder slaying homicide".split())
_FATAL_ACTS = frozenset({"shooting", "stabbing", "crash", "accident", "beating"})


def death_noun(token: Token) -> bool:
    if token.pos_ != "NOUN":
        return False
    modifiers = {c.lower_ for c in token.children if c.dep_ in {"amod", "compound", "neg", "det"}}
    if modifiers & {"attempted", "attempt", "no", "near", "alleged", "threatened"}:
        return False
    if any(c.ent_type_ == "DATE" and c.like_num for c in token.children):
        return False  # "the 2011 murder of Odee Perry": another year's death
    if _recalled(token):
        return False
    lemma = token.lemma_.lower()
    if lemma in _DEATH_NOUNS:
        return True
    return lemma in _FATAL_ACTS and bool(modifiers & {"fatal", "deadly"})


#: "a week after the death of …", "the anniversary of the killing of …": a death the
#: story looks back to, not one it reports.
_RECALLED_AFTER = frozenset({"after", "since", "before"})
_RECALLED_OF = frozenset({"anniversary", "memory", "wake", "aftermath", "memorial"})


def _recalled(noun: Token) -> bool:
    if noun.dep_ != "pobj":
        return False
    preposition = noun.head
    if preposition.lower_ in _RECALLED_AFTER:
        return True
    return preposition.lower_ == "of" and preposition.head.lemma_.lower() in _RECALLED_OF


def _casualty_verb(token: Token) -> Token | None:
    """The verb whose subject a casualty befell: the token itself ("killed", "died"), or
    the verb "dead" completes ("is dead", "was pronounced dead"); None for anything else."""
    if token.pos_ == "VERB" and (
        token.lemma_.lower() in CASUALTY_VERBS or _struck_or_suffered(token)
    ):
        own_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in token.children)
        if token.dep_ in {"conj", "advcl", "relcl"} and own_subject:
            return token  # a clause of its own: "… and a fourth person was injured"
        if token.dep_ in {"conj", "xcomp", "advcl", "amod", "acl", "relcl"}:
            return None  # read from the verb it hangs on, or not a clause of its own
        return token
    head = token.head
    if _in_condition(token) and head.head.pos_ in {"AUX", "VERB"}:
        # "a man is in critical condition", "remains in serious condition"; not "was taken
        # in critical condition to the hospital, where he was pronounced dead".
        return None if _died_after(head.head) else head.head
    if token.lower_ == "dead" and token.dep_ in {"acomp", "oprd"} and head.pos_ in {"AUX", "VERB"}:
        # "shot dead" is read from "shot"; "is dead", "was pronounced dead" from here.
        return None if head.lemma_.lower() in CASUALTY_VERBS else head
    return None


#: "struck by a stray bullet", "hit by gunfire": shot.
_STRUCK = frozenset({"strike", "hit", "graze"})
_GUNFIRE = frozenset("gunfire bullet gunshot shot round pellet shotgun".split())
#: "sustained injuries", "suffered a stab wound": injured; "suffered a gunshot wound": shot.
_SUFFERED = frozenset({"suffer", "sustain"})
_WOUNDS = frozenset({"injury", "wound"})
_GUN_WOUNDS = frozenset({"gunshot", "bullet", "gun", "graze", "shotgun"})


#: "in critical condition", "listed in stable condition": a wounded person in hospital.
_CONDITIONS = frozenset("critical serious stable fair grave good satisfactory".split())


def _in_condition(token: Token) -> bool:
    return (
        token.lemma_.lower() == "condition"
        and token.dep_ == "pobj"
        and token.head.lower_ == "in"
        and any(c.dep_ == "amod" and c.lower_ in _CONDITIONS for c in token.children)
    )


def _condition_phrase(condition: Token) -> str:
    grade = next(c.lower_ for c in condition.children if c.lower_ in _CONDITIONS)
    return f"in {grade} condition"


def _struck_or_suffered(token: Token) -> bool:
    return struck_by_gunfire(token) or bool(_wounds_suffered(token))


def struck_by_gunfire(token: Token) -> bool:
    return token.lemma_.lower() in _STRUCK and any(
        c.dep_ == "agent" and any(o.lemma_.lower() in _GUNFIRE for o in c.children)
        for c in token.children
    )


def _wounds_suffered(token: Token) -> list[Token]:
    """The wounds of "suffered a gunshot wound", "sustained injuries"; none where the wound
    was fatal ("suffered a fatal wound", "suffered wounds … and was pronounced dead"): a
    death, read where the death is told."""
    if token.lemma_.lower() not in _SUFFERED:
        return []
    wounds = [
        c
        for c in token.children
        if c.dep_ == "dobj"
        and c.lemma_.lower() in _WOUNDS
        and not any(d.lower_ == "no" or d.dep_ == "neg" for d in c.children)  # "no injuries"
    ]
    fatal = any(m.lower_ in {"fatal", "mortal", "deadly"} for w in wounds for m in w.children)
    return [] if fatal or _also_died(token) else wounds


def _also_died(verb: Token) -> bool:
    """A death joined to `verb` with no subject of its own: "… and was pronounced dead"."""
    return any(
        child.dep_ == "conj"
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
        and (
            child.lemma_.lower() in _DEATHS
            or any(c.lower_ == "dead" and c.dep_ in {"acomp", "oprd"} for c in child.children)
        )
        for child in verb.children
    )


def _died_after(verb: Token) -> bool:
    """A death told in the clause of `verb` or one hanging on it ("…, where he died")."""
    return any(
        t.lemma_.lower() in _DEATHS or (t.lower_ == "dead" and t.dep_ in {"acomp", "oprd"})
        for t in verb.subtree
        if t is not verb
    )


def _tells_death(verb: Token) -> bool:
    """ "killed", "died", "were found dead", "fatally shot"."""
    return (
        verb.lemma_.lower() in _DEATHS
        or any(c.lower_ == "dead" and c.dep_ in {"acomp", "oprd"} for c in verb.children)
        or any(c.lower_ in FATAL_ADVERBS for c in verb.children)
        or verb_phrase(verb).endswith(" to death")
        or bool(joined_deaths(verb))
    )


def _one_person(subject: Token, *, headline: bool = False) -> bool:
    """A singular person with no number of its own: "a man", "her son", "one teen", "a
    16-year-old", "he", a name (an age after it is no count: "Matt Anderson, 15, died"),
    or a singular noun a name stands beside ("the owner …, Jefferson Rivers,")."""
    if subject.tag_ == "NNP" and subject.ent_type_ == "PERSON":
        return not any(_counts_people(c) for c in subject.children)
    if subject.lower_ in {"he", "she"}:
        return True
    if subject.lower_ == "one" and subject.tag_ == "CD":
        return subject.dep_ in {"nsubj", "nsubjpass"}  # "three were hurt and one was killed"
    if subject.dep_ in {"nsubj", "nsubjpass"} and (
        subject.lower_ == "another"
        or (subject.lower_ in _ORDINALS and any(c.lower_ == "a" for c in subject.children))
    ):
        # "three were killed and a fourth was wounded": the one wounded; but "three were hurt
        # and another was critical" is a part of the wounded, not their count.
        verb = subject.head
        return verb.dep_ == "conj" and _tells_death(verb.head)
    if subject.tag_ == "NN" and any(
        c.dep_ == "appos" and c.ent_type_ == "PERSON" for c in subject.children
    ):
        return True
    aged = subject.lower_ == "old" and any(c.lower_ == "year" for c in subject.children)
    # A headline's first word is capitalised: "Man, 25, dies" (NNP), "Boy, 15, dies" (UH).
    singular = {"NN", "NNP", "UH"} if headline else {"NN"}
    if not aged and (subject.tag_ not in singular or subject.lemma_.lower() not in PERSON_NOUNS):
        return False
    determiners = [
        c.lower_
        for c in subject.children
        if c.dep_ == "det"
        or (c.dep_ == "poss" and c.tag_ == "PRP$")
        or (c.dep_ == "nummod" and c.lower_ == "one")
    ]
    if headline and not determiners:
        # Headlines drop their articles: "Boy, 15, dies", "17-year-old boy shot, killed".
        return not any(_counts_people(c) for c in subject.children)
    return bool(determiners) and determiners[0] in _ONE_DETERMINERS | _ONE_POSSESSIVES


def _counts_people(number: Token) -> bool:
    """A number that counts the noun it hangs on: not an age ("8 yo girl")."""
    following = number.nbor() if number.i + 1 < len(number.doc) else None
    ages = following is not None and following.lower_ in AGE_ABBREVIATIONS
    return number.like_num and number.dep_ == "nummod" and not ages


_OVER_A_TIME = frozenset({"in", "within", "during", "over"})
_SPANS = frozenset({"week", "month", "year"})


def another_time(verb: Token) -> bool:
    """A casualty the story looks back to, dated by a year: "was shot and killed in 2012",
    "last year … was killed", "two years ago a man was killed" (not "last week": a report
    of the story's own shooting days later says that), or a tally over a span of time ("in
    the past two months", "within the last year")."""
    for token in [verb, *joined_deaths(verb)]:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in _OVER_A_TIME:
                times = [o for o in child.children if o.dep_ == "pobj"]
                if any(o.like_num and len(o.text) == 4 and o.text.isdigit() for o in times):
                    return True
                if any(
                    o.lemma_.lower() in _SPANS
                    and any(c.lower_ in {"last", "past"} for c in o.children)
                    for o in times
                ):
                    return True  # "in the past two months, eight youths were killed": a tally
            if child.lemma_.lower() == "year" and any(
                c.lower_ in {"last", "ago"}
                for c in (*child.children, *child.head.children)
                if c is not token
            ):
                return True
            if child.lower_ == "ago" and any(c.lemma_.lower() == "year" for c in child.children):
                return True
    return False


def verb_phrase(verb: Token) -> str:
    """The verb as a past participle with what makes it a death: "fatally shot", "shot
    dead", "shot and killed"."""
    phrase = participle(verb)
    particles = [c.lower_ for c in verb.children if c.dep_ == "prt"]
    if particles:  # "blown up", "shot down"
        phrase = f"{phrase} {particles[0]}"
    for child in verb.children:
        if child.lower_ in FATAL_ADVERBS:
            return f"{child.lower_} {phrase}"
        if child.lower_ == "to" and any(c.lower_ == "death" for c in child.children):
            return f"{phrase} to death"  # "shot to death"
        if child.lower_ == "dead" and child.dep_ in {"oprd", "acomp", "advmod", "xcomp"}:
            return f"{phrase} dead"
    for joined in joined_deaths(verb):
        return f"{phrase} and {participle(joined)}"
    either = [c for c in verb.children if c.dep_ == "conj" and c.lemma_.lower() in _DEATHS]
    if either and any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
        return f"{phrase} or {participle(either[0])}"  # "injured or killed": neither
    return phrase


def joined_deaths(verb: Token) -> list[Token]:
    """The deaths joined to a verb that share its subject: "shot and killed", a headline's
    "shot, killed" (not "three were wounded and one was killed", whose second verb has a
    subject of its own)."""
    if any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
        return []  # "injured or killed": not a death
    return [
        child
        for child in verb.children
        if (child.dep_ == "conj" or (child.dep_ == "advcl" and child.tag_ == "VBN"))
        and child.pos_ == "VERB"
        and child.lemma_.lower() in _DEATHS
        and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
    ]


def participle(verb: Token) -> str:
    if verb.tag_ in {"VBN", "VBD"}:
        return verb.lower_
    lemma = verb.lemma_.lower()
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if lemma.endswith("e"):
        return lemma + "d"
    if len(lemma) > 2 and lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"
