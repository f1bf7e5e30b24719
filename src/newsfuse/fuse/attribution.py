"""Who did it: the side each source says carried out an attack, and where they differ.

A sentence names an attack's side by a nationality or country in front of the attack word
("Russian counterattacks", "Ukraine's drone operation") or as the subject of a verb of
doing ("Ukraine carried out a massive drone attack"), and its target after "on", "against",
"targeting" or "aimed at" ("on Russian air bases", "targeting Russia's strategic
aviation"). Reports of attacks on one target that name different sides conflict when one
source gives an attack on a country to that country itself (an attack on X's air bases by
X), or when the sentences are about one event (close, as for numbers) and the sources on
each side are mostly different.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsfuse.config import FuseSettings
from newsfuse.fuse.align import Matrix
from newsfuse.fuse.statements import Statement
from newsfuse.model import Claim, Conflict, ConflictKind

__all__ = ["AttackReport", "attack_reports", "attribution_conflicts", "country_of"]

#: Nationality adjectives and country names as news writes them, to the country they name.
#: A documented table of common forms, not a list of this story's names.
_COUNTRIES = {
    "russia": "Russia", "russian": "Russia", "russians": "Russia", "moscow": "Russia",
    "ukraine": "Ukraine", "ukrainian": "Ukraine", "ukrainians": "Ukraine", "kyiv": "Ukraine",
    "kiev": "Ukraine",
    "israel": "Israel", "israeli": "Israel", "israelis": "Israel",
    "syria": "Syria", "syrian": "Syria", "damascus": "Syria",
    "iran": "Iran", "iranian": "Iran", "tehran": "Iran",
    "iraq": "Iraq", "iraqi": "Iraq",
    "turkey": "Türkiye", "türkiye": "Türkiye", "turkish": "Türkiye", "ankara": "Türkiye",
    "us": "United States", "american": "United States",
    "america": "United States", "washington": "United States",
    "british": "United Kingdom", "britain": "United Kingdom", "uk": "United Kingdom",
    "french": "France", "france": "France",
    "german": "Germany", "germany": "Germany",
    "chinese": "China", "china": "China", "beijing": "China",
    "india": "India", "indian": "India", "pakistan": "Pakistan", "pakistani": "Pakistan",
    "saudi": "Saudi Arabia", "yemen": "Yemen", "yemeni": "Yemen",
    "lebanon": "Lebanon", "lebanese": "Lebanon", "palestinian": "Palestine",
    "gaza": "Palestine", "hamas": "Hamas", "hezbollah": "Hezbollah", "houthi": "Houthis",
    "houthis": "Houthis", "nato": "NATO", "coalition": "the coalition",
}  # fmt: skip
_ATTACK_WORDS = (
    r"(?:counter-?attacks?|counter-?strikes?|counter-?offensives?|attacks?|strikes?|"
    r"air ?strikes?|raids?|assaults?|operations?|offensives?|bombings?|shelling|incursions?)"
)
# A capitalised word that may name a side ("Russian", "Ukraine's", "U.S.").
_NAME = re.compile(r"(?:\b[A-Z]\.){2,}|\b[A-Z][\w.]*?(?=(?:['’]s)?\b)")
# What follows a side's name when it carried out an attack: up to three words then an
# attack word ("counterattacks", "drone operation"), or a verb of doing.
_ATTACK_AFTER_SIDE = re.compile(
    r"(?:['’]s)?\s+(?:[\w-]+\s+){0,3}?" + _ATTACK_WORDS + r"\b"
    r"|(?:['’]s)?\s+(?:\w+\s+)?(?:carried out|launched|conducted|staged|mounted|carries out|"
    r"launches|conducts)\b"
)
_TARGET = re.compile(
    r"\b(?:on|against|targeting|targeted|aimed at)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+)?(?P<target>[A-Z][\w.]*?)(?=(?:['’]s)?\b)"
)
_AFTER_TARGET = re.compile(r"\b(?:on|against|targeting|aimed at)\s+(?:the\s+)?(?:\w+\s+){0,2}$")


@dataclass(frozen=True, slots=True)
class AttackReport:
    """One statement's account of an attack: the side it names and the target."""

    statement: int
    side: str
    target: str
    words: str


def country_of(word: str) -> str | None:
    return _COUNTRIES.get(word.lower().replace(".", ""))


def attack_reports(statements: Sequence[Statement]) -> list[AttackReport]:
    """The (side, target) pairs statements give for attacks, where both are named."""
    reports = []
    for index, statement in enumerate(statements):
        text = statement.text
        sides = []  # (start, end of the attack words, side)
        for name in _NAME.finditer(text):
            side = country_of(name.group(0))
            attack = _ATTACK_AFTER_SIDE.match(text, name.end()) if side else None
            # "an attack on Russian air bases": a name right after "on" is the target.
            if side and attack and not _AFTER_TARGET.search(text[: name.start()]):
                sides.append((name.start(), attack.end(), side))
        targets = [
            (match.start(), country)
            for match in _TARGET.finditer(text)
            if (country := country_of(match["target"])) is not None
        ]
        for position, (start, end, side) in enumerate(sides):
            # The target an attack leads to: named after it and before the next side.
            limit = sides[position + 1][0] if position + 1 < len(sides) else len(text)
            target = next((c for at, c in targets if end <= at < limit), None)
            if target is not None:
                reports.append(AttackReport(index, side, target, text[start:end]))
    return reports


def attribution_conflicts(
    statements: Sequence[Statement],
    context: Matrix,
    settings: FuseSettings,
    voice: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Attacks on one target that sources give to different sides. Sides backed by the
    very same voices are one account naming two attacks, not two accounts."""
    voice = voice or {}
    by_target: dict[str, list[AttackReport]] = defaultdict(list)
    for report in attack_reports(statements):
        by_target[report.target].append(report)
    conflicts = []
    for target, reports in sorted(by_target.items()):
        sides: dict[str, list[AttackReport]] = defaultdict(list)
        for report in reports:
            sides[report.side].append(report)
        if len(sides) < 2:
            continue
        self_attack = target in sides
        if not self_attack and not _one_event(statements, reports, context, settings):
            continue
        claims = []
        for side, backing in sorted(sides.items(), key=lambda item: (-len(item[1]), item[0])):
            passages = tuple(dict.fromkeys(statements[r.statement].passage for r in backing))
            sources = tuple(dict.fromkeys(p.article_id for p in passages))
            claims.append(Claim(passages[0].text, sources, passages, side))
        if not self_attack and _mostly_shared(claims, settings.max_shared_sources):
            continue
        voices = [frozenset(voice.get(s, s) for s in claim.sources) for claim in claims]
        if len(set(voices)) < 2:
            continue
        conflicts.append(
            Conflict(
                f"who carried out the attacks on {target}", tuple(claims), ConflictKind.ATTRIBUTION
            )
        )
    return conflicts


def _one_event(
    statements: Sequence[Statement],
    reports: Sequence[AttackReport],
    context: Matrix,
    settings: FuseSettings,
) -> bool:
    return any(
        a.side != b.side
        and statements[a.statement].article_id != statements[b.statement].article_id
        and float(context[a.statement, b.statement]) >= settings.number_event_similarity
        for a, b in itertools.combinations(reports, 2)
    )


def _mostly_shared(claims: Sequence[Claim], max_shared: float) -> bool:
    """Whether every two sides are mostly given by the same sources."""
    return all(
        len(set(x.sources) & set(y.sources)) / min(len(x.sources), len(y.sources)) > max_shared
        for x, y in itertools.combinations(claims, 2)
    )
