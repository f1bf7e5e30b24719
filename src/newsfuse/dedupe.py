"""The `dedupe` stage: copies and near-copies form families; rewrites sharing sentences are linked.

Shaped like datatrove's MinHash deduplication, so a distributed runner can shard each step:

1. `signature`: per article, the hashed word 5-shingles of its cleaned text and their MinHash.
2. `bucket_keys` / `candidate_pairs`: LSH banding; articles sharing a band are candidates.
3. `verify`: exact Jaccard of the shingle sets (LSH over-returns), kept at `min_jaccard`.
4. `merge`: union-find into `Family` records with a deterministic canonical member.

Separately, `link_shared_sentences` finds articles of different families that share normalised
sentences or quoted spans verbatim (two rewrites of one dispatch keep its quotes), and
`assign_voices` makes one voice of families whose articles share sentences and an outlet.
Ids are hashes of what identifies a family, so they do not depend on input order.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

import numpy as np
import numpy.typing as npt
from rensa import RMinHash

from newsfuse.clean import normalise_line
from newsfuse.config import DedupeSettings
from newsfuse.ids import UnionFind, stable_id
from newsfuse.model import Article, Family, FamilyMatch, SentenceLink
from newsfuse.text import split_sentences

__all__ = [
    "NUM_PERM",
    "SHINGLE_WORDS",
    "DedupeResult",
    "Signature",
    "assign_voices",
    "bucket_keys",
    "candidate_pairs",
    "dedupe",
    "link_shared_sentences",
    "merge",
    "outlet_identity",
    "sentence_keys",
    "sentence_link",
    "sharing_pairs",
    "shingles",
    "signature",
    "signatures",
    "verify",
]

# Word 5-shingles: long enough that different reports of one story share few (the seeds share
# 1-4%, the two rewrites 001/003 14%), short enough that a changed word costs only 5 shingles.
SHINGLE_WORDS = 5
# Permutations only decide which pairs become candidates (every candidate is verified exactly).
# On Reuters 128 (42 bands of 3) and 64 (21 of 3) both found every pair a loose 64x2 banding
# found; 128 leaves room for the band curve (0.996 vs 0.94 at Jaccard 0.5) at a cost hidden
# by shingling time (signatures take ~4 s per 19k articles either way).
NUM_PERM = 128
# Fixed so signatures computed on different machines or runs agree.
SEED = 42
# Articles whose shingles are hashed in one rensa call.
_SIGNATURE_CHUNK = 2000

_QUOTED = re.compile(r"[“\"]([^“”\"]+)[”\"]")


@dataclass(frozen=True, slots=True, eq=False)
class Signature:
    """What the bucket and verify steps need of one article: its MinHash and its distinct
    shingle hashes, sorted. Held as arrays: as Python ints in a frozenset and a tuple they
    took ~18 KB an article (366 MiB at 20k Reuters articles; a 100k run peaked at 3.4 GiB)."""

    article_id: str
    digest: npt.NDArray[np.uint32]
    shingles: npt.NDArray[np.uint64]
    published: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Articles with `family`, `family_match` and `voice` set; families; sentence links."""

    articles: tuple[Article, ...]
    families: tuple[Family, ...]
    links: tuple[SentenceLink, ...]


def dedupe(articles: Sequence[Article], *, settings: DedupeSettings | None = None) -> DedupeResult:
    """Group cleaned articles into families and link those sharing sentences."""
    settings = settings or DedupeSettings()
    # 1. Signatures.
    signed = signatures(articles)
    # 2. Buckets, 3. exact verification.
    matches = verify(candidate_pairs(signed, bands=settings.bands), signed, settings=settings)
    # 4. Families.
    families = merge(articles, matches)
    family_of = {member: f.family_id for f in families for member in f.members}
    match_of = {match.article_id: match for f in families for match in f.evidence}
    # 5. Shared sentences between families, and voices.
    links = link_shared_sentences(articles, family_of, settings=settings)
    voice_of = assign_voices((f.family_id for f in families), links, family_of)
    updated = tuple(
        replace(
            article,
            family=family_of[article.id],
            family_match=match_of.get(article.id),
            voice=voice_of[family_of[article.id]],
        )
        for article in articles
    )
    return DedupeResult(updated, families, links)


def shingles(text: str) -> list[str]:
    """The distinct lower-cased word 5-shingles of a text (the whole text if it is shorter)."""
    words = normalise_line(text).split()
    if len(words) <= SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    grams = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return list(dict.fromkeys(grams))


def signatures(articles: Iterable[Article]) -> dict[str, Signature]:
    """Signatures of the articles with any words, by id; batched through rensa for speed, a
    chunk at a time so the shingles' text never exists for the whole corpus at once (at
    100k articles it did: most of the run's peak memory)."""
    signed: dict[str, Signature] = {}
    chunk: list[Article] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= _SIGNATURE_CHUNK:
            signed.update(_signatures(chunk))
            chunk = []
    signed.update(_signatures(chunk))
    return signed


def _signatures(articles: Sequence[Article]) -> dict[str, Signature]:
    named = [(article, shingles(_signed_text(article))) for article in articles]
    named = [(article, grams) for article, grams in named if grams]
    if not named:
        return {}
    hashed: list[list[int]] = RMinHash.hash_token_sets([grams for _, grams in named])
    digests = RMinHash.digest_matrix_from_token_hash_sets(hashed, num_perm=NUM_PERM, seed=SEED)
    return {
        article.id: Signature(
            article.id,
            np.asarray(digest, dtype=np.uint32),
            np.unique(np.asarray(hashes, dtype=np.uint64)),
            _moment(article),
        )
        for (article, _), hashes, digest in zip(named, hashed, digests.to_rows(), strict=True)
    }


def _signed_text(article: Article) -> str:
    """Title and cleaned body. The title tells template stories apart: Reuters dividend
    notices share a body word for word ("Qtly div 10 cts vs 10 cts prior...") and differ
    only in the company their title names."""
    return f"{article.title or ''}\n{article.clean_text}"


def _moment(article: Article) -> dt.datetime | None:
    """Publication as a naive UTC datetime (a date counts from its midnight)."""
    published = article.published
    if published is None:
        return None
    if not isinstance(published, dt.datetime):
        return dt.datetime(published.year, published.month, published.day)
    if published.tzinfo is not None:
        return published.astimezone(dt.UTC).replace(tzinfo=None)
    return published


def signature(article: Article) -> Signature | None:
    """The signature of one article, or None when its cleaned text has no words."""
    return signatures([article]).get(article.id)


def bucket_keys(signature: Signature, *, bands: int) -> list[tuple[int, int]]:
    """One key per LSH band: articles sharing any key are candidates (a shardable step)."""
    rows = NUM_PERM // bands
    digest = signature.digest.tolist()
    return [
        (band, _band_hash(tuple(digest[band * rows : (band + 1) * rows]))) for band in range(bands)
    ]


def _band_hash(values: tuple[int, ...]) -> int:
    # Hashing a tuple of ints is deterministic across processes (only str and bytes hashes
    # are salted), so shards on one Python version agree; 3x faster than blake2b here.
    return hash(values)


def candidate_pairs(signed: dict[str, Signature], *, bands: int) -> set[tuple[str, str]]:
    """Pairs of ids that share at least one band bucket, each pair ordered.

    One band at a time, over the digests as one array: articles whose band rows are equal
    share its bucket (what `bucket_keys` hashes for a sharded run). A dict of every band's
    buckets at once added 178 MiB at 20k articles (42 bands) to the signatures' own."""
    ids = list(signed)
    if len(ids) < 2:
        return set()
    digests = np.stack([signed[article_id].digest for article_id in ids])
    rows = NUM_PERM // bands
    pairs: set[tuple[str, str]] = set()
    for band in range(bands):
        block = digests[:, band * rows : (band + 1) * rows]
        order = np.lexsort(block.T[::-1])
        ordered = block[order]
        bounds = np.flatnonzero(np.r_[True, np.any(ordered[1:] != ordered[:-1], axis=1), True])
        shared = np.diff(bounds) > 1  # buckets of two articles or more
        for start, end in zip(
            bounds[:-1][shared].tolist(), bounds[1:][shared].tolist(), strict=True
        ):
            # Sorted first so each pair is (smaller id, larger id) whatever the input order.
            members = sorted(ids[i] for i in order[start:end].tolist())
            pairs.update(combinations(members, 2))
    return pairs


def verify(
    pairs: Iterable[tuple[str, str]], signed: dict[str, Signature], *, settings: DedupeSettings
) -> list[FamilyMatch]:
    """Candidate pairs published close enough whose exact shingle Jaccard reaches `min_jaccard`."""
    matches: list[FamilyMatch] = []
    window = dt.timedelta(days=settings.max_days_apart)
    for first, second in pairs:
        if _days_apart(signed[first], signed[second]) > window:
            continue
        a, b = signed[first].shingles, signed[second].shingles
        shared = np.intersect1d(a, b, assume_unique=True).size
        jaccard = shared / (a.size + b.size - shared)
        if jaccard >= settings.min_jaccard:
            matches.append(FamilyMatch(first, second, round(jaccard, 4)))
    return matches


def _days_apart(first: Signature, second: Signature) -> dt.timedelta:
    """Time between two publications; zero when either is unknown (no evidence against)."""
    if first.published is None or second.published is None:
        return dt.timedelta(0)
    return abs(first.published - second.published)


def merge(articles: Sequence[Article], matches: Iterable[FamilyMatch]) -> tuple[Family, ...]:
    """Union-find over verified matches: every article in exactly one family, ordered by id."""
    sets = UnionFind(article.id for article in articles)
    matches = list(matches)
    for match in matches:
        sets.union(match.article_id, match.matched)
    groups: defaultdict[str, list[Article]] = defaultdict(list)
    for article in articles:
        groups[sets.find(article.id)].append(article)
    by_member: defaultdict[str, list[FamilyMatch]] = defaultdict(list)
    for match in matches:
        by_member[match.article_id].append(match)
        by_member[match.matched].append(match)
    families = (_family(group, by_member) for group in groups.values())
    return tuple(sorted(families, key=lambda family: family.family_id))


def _family(group: list[Article], by_member: dict[str, list[FamilyMatch]]) -> Family:
    """A family record: canonical first, then members by id, each with its best match."""
    canonical = min(group, key=_canonical_key)
    members = [canonical.id, *sorted(a.id for a in group if a is not canonical)]
    evidence = tuple(_best_match(member, by_member.get(member, [])) for member in members[1:])
    return Family("f" + stable_id("family", canonical.id), canonical.id, tuple(members), evidence)


def _canonical_key(article: Article) -> tuple[int, str, str]:
    """Longest cleaned text, then earliest publication (unknown last), then smallest id."""
    published = article.published.isoformat() if article.published is not None else "~"
    return (-len(article.clean_text), published, article.id)


def _best_match(member: str, matches: list[FamilyMatch]) -> FamilyMatch:
    """The member's strongest verified match (ties: smallest other id), seen from the member."""
    seen = [
        FamilyMatch(member, m.matched if m.article_id == member else m.article_id, m.jaccard)
        for m in matches
    ]
    return min(seen, key=lambda match: (-match.jaccard, match.matched))


def sentence_keys(article: Article, *, min_words: int) -> set[str]:
    """Normalised sentences and quoted spans of at least `min_words` words.

    Quoted spans count on their own: a rewrite changes the words around a quote ("said",
    "stated") but keeps the quote verbatim (seeds 001 and 003).
    """
    units: list[str] = []
    for paragraph in article.paragraphs:
        units.extend(split_sentences(paragraph))
        for quote in _QUOTED.findall(paragraph):
            units.append(quote)
            units.extend(split_sentences(quote))
    keys = {normalise_line(unit) for unit in units}
    return {key for key in keys if len(key.split()) >= min_words}


def link_shared_sentences(
    articles: Sequence[Article], family_of: dict[str, str], *, settings: DedupeSettings
) -> tuple[SentenceLink, ...]:
    """Pairs of articles from different families sharing sentences, with the shared ones."""
    holders: defaultdict[str, set[str]] = defaultdict(set)
    for article in articles:
        for key in sentence_keys(article, min_words=settings.min_sentence_words):
            holders[key].add(article.id)
    shared: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for key, ids in holders.items():
        for pair in sharing_pairs(ids, family_of, settings=settings):
            shared[pair].append(key)
    outlet = {article.id: outlet_identity(article) for article in articles}
    return tuple(
        sentence_link(first, second, keys, outlet)
        for (first, second), keys in sorted(shared.items())
    )


def sharing_pairs(
    holders: Iterable[str], family_of: Mapping[str, str], *, settings: DedupeSettings
) -> Iterator[tuple[str, str]]:
    """The pairs (smaller id first) of different families among one sentence's holders;
    none for a sentence so common (a slogan, a standard line) that it links nothing."""
    ids = sorted(set(holders))
    if 1 < len(ids) <= settings.max_sentence_articles:
        for pair in combinations(ids, 2):
            if family_of[pair[0]] != family_of[pair[1]]:
                yield pair


def sentence_link(
    first: str, second: str, keys: Iterable[str], outlet_of: Mapping[str, str | None]
) -> SentenceLink:
    """The link between two articles sharing the sentences `keys`."""
    shared = sorted(keys)
    return SentenceLink(
        first,
        second,
        len(shared),
        same_outlet=outlet_of[first] is not None and outlet_of[first] == outlet_of[second],
        sentences=tuple(shared),
    )


def outlet_identity(article: Article) -> str | None:
    """Who published an article, compared case-blind: links within one outlet make a voice."""
    outlet = article.outlet
    return outlet.casefold().strip() if outlet else None


def assign_voices(
    family_ids: Iterable[str], links: Iterable[SentenceLink], family_of: Mapping[str, str]
) -> dict[str, str]:
    """Voice id per family: families linked by same-outlet shared sentences speak as one.

    A voice is named after the smallest family id in it, so ids do not depend on order.
    """
    voices = UnionFind(family_ids)
    for link in links:
        if link.same_outlet:
            voices.union(family_of[link.first], family_of[link.second])
    return {family_id: voices.find(family_id) for family_id in voices}
