"""Stage 5 of the Spark runner: families and voices, `dedupe` as shuffles.

The same band buckets, exact verification, merge, shared-sentence links and voices as the
local `dedupe`; the union-finds run on the driver over matches and same-outlet links only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING

from newsfuse.config import DedupeSettings, Settings
from newsfuse.dedupe import (
    Signature,
    assign_voices,
    bucket_keys,
    merge,
    outlet_identity,
    sentence_keys,
    sentence_link,
    sharing_pairs,
    verify,
)
from newsfuse.ids import UnionFind
from newsfuse.model import Article, Family, FamilyMatch, SentenceLink

if TYPE_CHECKING:
    from pyspark import RDD

__all__ = ["spark_families"]


def spark_families(
    annotated: RDD[tuple[int, Article, Signature | None]], settings: Settings, slices: int
) -> tuple[RDD[tuple[int, Article]], RDD[Family]]:
    """`dedupe` as shuffles: the same buckets, verification, merge, links and voices."""
    context = annotated.context
    dedupe_settings = settings.dedupe
    bands = dedupe_settings.bands
    signed = annotated.filter(lambda row: row[2] is not None).map(lambda row: (row[1].id, row[2]))
    signed = signed.persist()
    # Buckets → candidate pairs → exact verification, each pair with both signatures.
    pairs = (
        signed.flatMap(lambda kv: [(key, kv[0]) for key in bucket_keys(kv[1], bands=bands)])
        .groupByKey(slices)
        .flatMap(lambda bucket: combinations(sorted(set(bucket[1])), 2))
        .distinct(slices)
    )
    matches: list[FamilyMatch] = (
        pairs.join(signed)
        .map(lambda row: (row[1][0], (row[0], row[1][1])))
        .join(signed)
        .flatMap(
            lambda row: verify(
                [(row[1][0][0], row[0])],
                {row[1][0][0]: row[1][0][1], row[0]: row[1][1]},
                settings=dedupe_settings,
            )
        )
        .collect()
    )
    signed.unpersist()
    # Families: components of the matches (on the driver: matches are few), each merged
    # where its members are.
    sets = UnionFind(member for match in matches for member in (match.article_id, match.matched))
    for match in matches:
        sets.union(match.article_id, match.matched)
    by_root: defaultdict[str, list[FamilyMatch]] = defaultdict(list)
    for match in matches:
        by_root[sets.find(match.article_id)].append(match)
    root_of = context.broadcast({member: sets.find(member) for member in sets})
    matches_of = context.broadcast(dict(by_root))
    grouped = (
        annotated.map(lambda row: (root_of.value.get(row[1].id, row[1].id), (row[0], row[1])))
        .groupByKey(slices)
        .map(lambda group: _merge_family(list(group[1]), matches_of.value.get(group[0], [])))
        .persist()
    )
    families: RDD[Family] = grouped.map(lambda pair: pair[0])
    members = grouped.flatMap(lambda pair: [(rank, article, pair[0]) for rank, article in pair[1]])
    # Sentences shared across families; voices from the same-outlet links (on the driver,
    # without the sentences themselves: voices need only who links to whom).
    min_words = dedupe_settings.min_sentence_words
    holders = members.flatMap(
        lambda row: [
            (key, (row[1].id, row[2].family_id, outlet_identity(row[1])))
            for key in sentence_keys(row[1], min_words=min_words)
        ]
    ).groupByKey(slices)
    same_outlet = (
        holders.flatMap(lambda held: _shared_pairs(held[0], list(held[1]), dedupe_settings))
        .groupByKey(slices)
        .map(lambda shared: _link(shared[0], list(shared[1])))
        .filter(lambda link: link[0].same_outlet)
        .map(lambda link: (replace(link[0], sentences=()), link[1], link[2]))
        .collect()
    )
    involved = {family for _, first, second in same_outlet for family in (first, second)}
    voice_of = assign_voices(
        sorted(involved),
        [link for link, _, _ in same_outlet],
        {
            article_id: family
            for link, first, second in same_outlet
            for article_id, family in ((link.first, first), (link.second, second))
        },
    )
    voices = context.broadcast(voice_of)
    deduped = members.map(
        lambda row: (
            row[0],
            replace(
                row[1],
                family=row[2].family_id,
                family_match=_match_of(row[2], row[1].id),
                voice=voices.value.get(row[2].family_id, row[2].family_id),
            ),
        )
    ).persist()
    deduped.count()
    return deduped, families


def _merge_family(
    ranked: list[tuple[int, Article]], matches: list[FamilyMatch]
) -> tuple[Family, list[tuple[int, Article]]]:
    """One family from one component of matches, by `merge` itself."""
    (family,) = merge([article for _, article in ranked], matches)
    return family, ranked


def _match_of(family: Family, article_id: str) -> FamilyMatch | None:
    return next((match for match in family.evidence if match.article_id == article_id), None)


def _shared_pairs(
    key: str, holders: list[tuple[str, str, str | None]], settings: DedupeSettings
) -> Iterator[tuple[tuple[str, str], tuple[str, str, str, str | None, str | None]]]:
    family_of = {article_id: family for article_id, family, _ in holders}
    outlet_of = {article_id: outlet for article_id, _, outlet in holders}
    for first, second in sharing_pairs(family_of, family_of, settings=settings):
        yield (
            (first, second),
            (key, family_of[first], family_of[second], outlet_of[first], outlet_of[second]),
        )


def _link(
    pair: tuple[str, str], shared: list[tuple[str, str, str, str | None, str | None]]
) -> tuple[SentenceLink, str, str]:
    first, second = pair
    _, first_family, second_family, first_outlet, second_outlet = shared[0]
    outlets = {first: first_outlet, second: second_outlet}
    link = sentence_link(first, second, (key for key, *_ in shared), outlets)
    return link, first_family, second_family
