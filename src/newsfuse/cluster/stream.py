"""Incremental story grouping: articles arrive a day at a time and join or open stories.

Each batch (articles sharing a publication day; undated ones last) is grouped together with
the open stories it may belong to, in two stages:

1. **topic**: average link over TF-IDF cosine of words and word pairs, with IDF over every
   article seen so far; stories are locked groups, so a new article joins at most one;
2. **event**: inside each topic group, average link again over cosines whose IDF is counted
   within the group (words, names, numbers, and the lead embedding), minus a penalty where
   two articles name different years. Counting IDF inside the topic is what tells two
   events of one kind apart: what both share weighs nothing there. Two sizeable groups
   also merge only if they are alike across by at least a share (`cohesion_ratio`) of how
   alike they are within (two events of one kind are alike, but far less so than each
   event with itself). A second pass regroups each event on its own statistics; the single
   articles and pairs it sheds rejoin the closest part that takes them.

Open stories are found by blocking, never by scanning: an index from distinctive terms and
embedding LSH buckets to the open stories holding them. A story closes (leaves every index)
once the newest batch is `window_days` past its last article, so memory follows the stories
in play, not the length of the stream. Within a batch the input order is irrelevant: nodes
are sorted by article id before anything is computed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import pickle
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from scipy import sparse

from newsfuse.cluster.embed import Embedder, load_embedder
from newsfuse.cluster.linkage import average_link
from newsfuse.cluster.signature import Channel, Signature, lead_text, sign
from newsfuse.config import GroupSettings
from newsfuse.ids import stable_id
from newsfuse.model import Article, JoinEvidence

__all__ = ["OpenStory", "StoryStream"]

_TOPIC_CHANNELS = (Channel.WORDS, Channel.PAIRS)
_EVENT_CHANNELS = (Channel.WORDS, Channel.NAMES, Channel.NUMBERS)
_SHARED_TERMS = 6
# An event of two is left as it is: its own statistics say no more than the topic's did.
_MIN_REFINED = 3
_LSH_SEED = 20250601

Vector = dict[int, float]


@dataclass(slots=True)
class OpenStory:
    """A story still taking articles: all its ids, and the latest members to compare with.

    Only those latest members are compared, so only their blocking keys find the story:
    `keys` counts how many of them hold each key, and a key leaves the index with the last
    member holding it, so a story that never closes does not collect keys without end.
    """

    story_id: str
    article_ids: list[str]
    first: tuple[str, str]  # (day or "", id) of its first article: names the story
    last_day: dt.date | None
    recent: list[Signature] = field(default_factory=list)
    recent_keys: list[set[tuple[int, int]]] = field(default_factory=list)
    evidence: list[JoinEvidence] = field(default_factory=list)
    keys: Counter[tuple[int, int]] = field(default_factory=Counter)


class StoryStream:
    """Feed batches of cleaned articles; read stories back as they close."""

    def __init__(
        self, *, settings: GroupSettings | None = None, embedder: Embedder | None = None
    ) -> None:
        self.settings = settings or GroupSettings()
        size = 1 << self.settings.hash_bits
        self._frequency = np.zeros((len(Channel), size), dtype=np.int64)
        self._documents = 0
        self._embedder = (
            (embedder or load_embedder(self.settings.embedding_model))
            if self.settings.embeddings
            else None
        )
        self._event_threshold = (
            self.settings.event_similarity
            if self._embedder is not None
            else self.settings.event_similarity_without_lead
        )
        # Refining needs the centred lead: on terms alone a second pass only splits events.
        self._event_passes = self.settings.event_passes if self._embedder is not None else 1
        self._anchor = (
            self.settings.anchor_similarity
            if self._embedder is not None
            else self.settings.anchor_similarity_without_lead
        )
        self._anchor_short = min(self._anchor, self.settings.anchor_similarity_headlines)
        rng = np.random.default_rng(_LSH_SEED)
        self._planes = rng.standard_normal(
            (
                self.settings.lsh_tables,
                self.settings.lsh_bits,
                self._embedder.dimensions if self._embedder is not None else 1,
            )
        ).astype(np.float32)
        self._open: dict[str, OpenStory] = {}
        self._index: defaultdict[tuple[int, int], set[str]] = defaultdict(set)
        self._newest: dt.date | None = None

    @property
    def open_stories(self) -> int:
        return len(self._open)

    @property
    def index_keys(self) -> int:
        return len(self._index)

    def add(self, articles: Sequence[Article]) -> list[OpenStory]:
        """Group one batch (one day, or the undated); return the stories that closed."""
        if not articles:
            return []
        day = articles[0].published_date
        if any(a.published_date != day for a in articles):
            raise ValueError("a batch holds articles of one publication day")
        closed = self._close_before(day) if day is not None else []
        batch = sorted(articles, key=lambda a: a.id)
        signatures = [sign(a, hash_bits=self.settings.hash_bits) for a in batch]
        if self._embedder is not None:
            leads = self._embedder.encode(
                [lead_text(a, self.settings.lead_sentences) for a in batch]
            )
            signatures = [_with_lead(s, lead) for s, lead in zip(signatures, leads, strict=True)]
        for signature in signatures:
            for channel, counts in enumerate(signature.channels):
                self._frequency[channel, list(counts)] += 1
        self._documents += len(signatures)
        self._group(signatures, self._candidates(signatures))
        if day is not None and (self._newest is None or day > self._newest):
            self._newest = day
        return closed

    def snapshot(self) -> bytes:
        """What the stream has counted and the stories still open, to `restore` a stream
        made with the same settings (the embedder is not part of it). Pickled: read back only
        from newsfuse's own store, never from an input."""
        rows, cols = np.nonzero(self._frequency)
        state = {
            "frequency": (rows, cols, self._frequency[rows, cols]),
            "documents": self._documents,
            "open": self._open,
            "index": dict(self._index),
            "newest": self._newest,
        }
        return pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)

    def restore(self, blob: bytes) -> None:
        """Continue from a `snapshot`: the next batch is grouped as it would have been had
        the stream never stopped."""
        state = pickle.loads(blob)
        rows, cols, values = state["frequency"]
        self._frequency[:] = 0
        self._frequency[rows, cols] = values
        self._documents = state["documents"]
        self._open = state["open"]
        self._index = defaultdict(set, state["index"])
        self._newest = state["newest"]

    def close_all(self) -> list[OpenStory]:
        """End of stream: every open story closes."""
        stories = sorted(self._open.values(), key=lambda s: s.first)
        self._open.clear()
        self._index.clear()
        return stories

    # --- candidate search ----------------------------------------------------------------

    def _keys(self, signature: Signature) -> set[tuple[int, int]]:
        """Blocking keys: the most distinctive terms, and the lead's LSH buckets."""
        weights = self._tfidf(signature, Channel.WORDS) | self._tfidf(signature, Channel.NAMES)
        top = sorted(weights, key=lambda term: (-weights[term], term))
        keys = {(-1, term) for term in top[: self.settings.candidate_terms]}
        if signature.lead is not None:
            bits = (self._planes @ signature.lead) > 0  # (tables, bits)
            codes = bits.astype(np.int64) @ (1 << np.arange(self.settings.lsh_bits))
            keys |= {(table, int(code)) for table, code in enumerate(codes)}
        return keys

    def _candidates(self, signatures: Sequence[Signature]) -> list[set[str]]:
        """Per article, the open stories sharing one of its blocking keys."""
        found: list[set[str]] = []
        for signature in signatures:
            mine: set[str] = set()
            for key in self._keys(signature):
                stories = self._index.get(key)
                if stories and len(stories) <= self.settings.max_postings:
                    mine |= stories
            found.append(mine)
        return found

    # --- grouping --------------------------------------------------------------------------

    def _group(self, batch: list[Signature], candidates: list[set[str]]) -> None:
        nodes = list(batch)
        locked: list[list[int]] = []
        owner: dict[int, OpenStory] = {}
        story_nodes: dict[str, list[int]] = {}
        for story_id in sorted(set().union(*candidates), key=lambda s: self._open[s].first):
            story = self._open[story_id]
            start = len(nodes)
            nodes.extend(story.recent)
            locked.append(list(range(start, len(nodes))))
            story_nodes[story_id] = locked[-1]
            owner.update(dict.fromkeys(locked[-1], story))
        # Each article is compared with the members of its own candidate stories only: the
        # union over a busy day would be nearly every open story.
        compare = [[n for s in sorted(mine) for n in story_nodes[s]] for mine in candidates]
        topics = average_link(
            len(nodes),
            self._topic_similarity(nodes, compare),
            threshold=self.settings.topic_similarity,
            locked=locked,
        )
        for topic in topics:
            if all(node in owner for node in topic):
                continue  # an open story that nothing new came near
            # A story is one locked cluster in stage 1, so it lies wholly inside one topic.
            position = {node: local for local, node in enumerate(topic)}
            members = [nodes[node] for node in topic]
            topic_locked = [
                [position[n] for n in group] for group in locked if group[0] in position
            ]
            for event, similarity in self._events(
                members, list(range(len(members))), topic_locked, self._event_passes
            ):
                joined = next((owner[topic[n]] for n in event if topic[n] in owner), None)
                new = [n for n in event if topic[n] not in owner]
                self._settle(members, event, joined, new, similarity)

    def _events(
        self,
        members: list[Signature],
        subset: list[int],
        locked: list[list[int]],
        passes: int,
    ) -> list[tuple[list[int], dict[tuple[int, int], float]]]:
        """Events among `members[subset]` (ascending indices into `members`), each with the
        similarity it was found by, keyed by pairs of those indices.

        With passes left, each event found is grouped again with IDF and centring counted
        inside it alone: a topic group that held several topics dilutes both.
        """
        local = {node: index for index, node in enumerate(subset)}
        found = self._event_similarity([members[node] for node in subset])
        similarity = {(subset[i], subset[j]): value for (i, j), value in found.items()}
        events = [
            [subset[i] for i in event]
            for event in average_link(
                len(subset),
                found,
                threshold=self._event_threshold,
                locked=[[local[n] for n in group] for group in locked],
                cohesion_ratio=self.settings.cohesion_ratio,
                cohesion_min_size=self.settings.cohesion_min_size,
                anchors=self._anchors([members[n] for n in subset], passes),
            )
        ]
        if passes <= 1 or len(events) == 1:
            return [(event, similarity) for event in events]
        result: list[tuple[list[int], dict[tuple[int, int], float]]] = []
        for event in events:
            if len(event) < _MIN_REFINED:
                result.append((event, similarity))
                continue
            inside = set(event)
            parts = self._events(members, event, [g for g in locked if g[0] in inside], passes - 1)
            result.extend(self._rejoin_fragments(parts, similarity, locked))
        return result

    def _anchors(self, nodes: list[Signature], passes: int) -> list[float] | None:
        """Each node's anchor (see `GroupSettings.anchor_similarity`): a headline's own, a
        text's; none in a refining pass, whose IDF counted inside one event is another
        scale."""
        if passes != self._event_passes or not self._anchor:
            return None
        return [self._anchor_short if node.short else self._anchor for node in nodes]

    def _rejoin_fragments(
        self,
        parts: list[tuple[list[int], dict[tuple[int, int], float]]],
        similarity: dict[tuple[int, int], float],
        locked: list[list[int]],
    ) -> list[tuple[list[int], dict[tuple[int, int], float]]]:
        """Pieces a refinement split off below `min_split_size` articles rejoin the part
        they are closest to, by the similarity that first grouped them all, if that part
        would take them at the event threshold.

        A refinement is there to pull apart events a broad topic group let through; the
        single articles and pairs it sheds are far more often the same event told
        differently (a column, a round-up) than an event of their own. Two stories never
        merge this way.
        """
        minimum = self.settings.min_split_size
        kept = [event for event, _ in parts if len(event) >= minimum]
        fragments = [event for event, _ in parts if len(event) < minimum]
        if not kept or not fragments:
            return parts
        in_story = {node for group in locked for node in group}
        joined: dict[int, list[int]] = {index: list(part) for index, part in enumerate(kept)}
        alone: list[list[int]] = []
        for fragment in fragments:
            storied = any(node in in_story for node in fragment)
            options = [
                (_mean_between(fragment, part, similarity), -index)
                for index, part in enumerate(kept)
                if not (storied and any(node in in_story for node in joined[index]))
            ]
            best = max(options, default=None)
            if best is None or best[0] < self._event_threshold:
                alone.append(fragment)
            else:
                joined[-best[1]].extend(fragment)
        own = {tuple(event): found for event, found in parts}
        regrouped = sorted((sorted(event) for event in [*joined.values(), *alone]), key=min)
        return [(event, own.get(tuple(event), similarity)) for event in regrouped]

    def _settle(
        self,
        members: list[Signature],
        event: list[int],
        story: OpenStory | None,
        new: list[int],
        similarity: dict[tuple[int, int], float],
    ) -> None:
        """Add an event's new articles to its story, or open one for them."""
        if not new:
            return
        new = sorted(new, key=lambda n: _arrival(members[n]))
        if story is None:
            first = members[new[0]]
            story = OpenStory(
                story_id="s" + stable_id(first.article_id),
                article_ids=[],
                first=_arrival(first),
                last_day=None,
            )
            self._open[story.story_id] = story
        before = [n for n in event if n not in new]
        for node in new:
            if before:
                story.evidence.append(self._evidence(members, node, before, similarity))
            before.append(node)
            signature = members[node]
            story.article_ids.append(signature.article_id)
            if signature.day is not None and (
                story.last_day is None or signature.day > story.last_day
            ):
                story.last_day = signature.day
            story.recent.append(_without_labels(signature))
            keys = self._keys(signature)
            story.recent_keys.append(keys)
            story.keys.update(keys)
            for key in keys:
                self._index[key].add(story.story_id)
        dropped = len(story.recent) - self.settings.max_story_members
        if dropped > 0:
            for keys in story.recent_keys[:dropped]:
                story.keys.subtract(keys)
                self._unindex(story, [key for key in keys if story.keys[key] <= 0])
            del story.recent[:dropped]
            del story.recent_keys[:dropped]

    def _evidence(
        self,
        nodes: list[Signature],
        node: int,
        others: list[int],
        similarity: dict[tuple[int, int], float],
    ) -> JoinEvidence:
        def pair(other: int) -> float:
            return similarity.get((min(node, other), max(node, other)), 0.0)

        closest = max(others, key=lambda other: (pair(other), -other))
        signature, match = nodes[node], nodes[closest]
        shared = self._shared_terms(signature, match)
        return JoinEvidence(
            article_id=signature.article_id,
            closest=match.article_id,
            similarity=round(sum(pair(o) for o in others) / len(others), 4),
            closest_similarity=round(pair(closest), 4),
            shared=shared,
            shared_years=tuple(sorted(signature.years & match.years)),
        )

    def _shared_terms(self, first: Signature, second: Signature) -> tuple[str, ...]:
        scored: list[tuple[float, str]] = []
        for channel in (Channel.NAMES, Channel.PAIRS, Channel.WORDS, Channel.NUMBERS):
            a, b = self._tfidf(first, channel), self._tfidf(second, channel)
            for term in a.keys() & b.keys():
                label = first.labels.get(term) or second.labels.get(term)
                if label and not (channel is Channel.NUMBERS and len(label) < 2):
                    scored.append((a[term] * b[term], label))
        seen: list[str] = []
        for _, label in sorted(scored, key=lambda item: (-item[0], item[1])):
            if label not in seen and not any(label in s.split() for s in seen):
                seen.append(label)
            if len(seen) == _SHARED_TERMS:
                break
        return tuple(seen)

    # --- similarities ----------------------------------------------------------------------

    def _tfidf(self, signature: Signature, channel: Channel) -> Vector:
        """Sublinear TF × smoothed IDF over the stream so far, unit length (`_tfidf_rows`
        weighs many nodes at once by the same formula)."""
        frequency = self._frequency[channel]
        documents = self._documents
        weights = {
            term: (1 + math.log(count))
            * (math.log((1 + documents) / (1 + int(frequency[term]))) + 1)
            for term, count in signature.channels[channel].items()
        }
        return _unit(weights)

    def _topic_similarity(
        self, nodes: list[Signature], compare: list[list[int]]
    ) -> dict[tuple[int, int], float]:
        """Cosines among the batch (the first `len(compare)` nodes), and of each batch
        article with the story members in its `compare` list; never member with member."""
        batch = len(compare)
        total: defaultdict[tuple[int, int], float] = defaultdict(float)
        share = 1 / len(_TOPIC_CHANNELS)
        articles = np.array([a for a, members in enumerate(compare) for _ in members], np.int64)
        members = np.array([m for group in compare for m in group], np.int64)
        for channel in _TOPIC_CHANNELS:
            matrix = self._tfidf_rows(nodes, channel)
            within = sparse.triu(matrix[:batch] @ matrix[:batch].T, k=1).tocoo()
            _add_pairs(total, within.row, within.col, within.data * share)
            values = _pair_cosines(matrix, batch, articles, members)
            shared = np.flatnonzero(values)
            _add_pairs(total, articles[shared], members[shared], values[shared] * share)
        return dict(total)

    def _tfidf_rows(self, nodes: Sequence[Signature], channel: Channel) -> sparse.csr_matrix:
        """`_tfidf` of every node, as the unit rows of one sparse matrix over their terms
        (renumbered). In bulk: node by node and term by term in Python, these vectors and
        their matrix were a quarter of grouping's time on a 10,000-article stream."""
        terms: list[int] = []
        counts: list[int] = []
        indptr = [0]
        for node in nodes:
            weights = node.channels[channel]
            terms.extend(weights)
            counts.extend(weights.values())
            indptr.append(len(terms))
        columns, indices = np.unique(np.array(terms, np.int64), return_inverse=True)
        frequency = self._frequency[channel][columns]
        idf = np.log((1 + self._documents) / (1 + frequency)) + 1
        data = (1 + np.log(np.array(counts, np.float64))) * idf[indices]
        matrix = sparse.csr_matrix(
            (data, indices.astype(np.int64), np.array(indptr, np.int64)),
            shape=(len(nodes), max(len(columns), 1)),
        )
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        return sparse.diags(1 / np.where(norms > 0, norms, 1.0)) @ matrix

    def _event_similarity(self, nodes: list[Signature]) -> dict[tuple[int, int], float]:
        """Cosines with IDF counted inside this group of nodes (indices local to it)."""
        count = len(nodes)
        lead_weight = self.settings.lead_weight if self._embedder is not None else 0.0
        signals = len(_EVENT_CHANNELS) + lead_weight
        total: defaultdict[tuple[int, int], float] = defaultdict(float)
        for channel in _EVENT_CHANNELS:
            frequency: defaultdict[int, int] = defaultdict(int)
            for node in nodes:
                for term in node.channels[channel]:
                    frequency[term] += 1
            vectors = [
                _unit(
                    {
                        term: (1 + math.log(c))
                        * (math.log((1 + count) / (1 + frequency[term])) + 1)
                        for term, c in node.channels[channel].items()
                    }
                )
                for node in nodes
            ]
            for pair, value in _cosines(vectors).items():
                total[pair] += value / signals
        if lead_weight and count > 1:
            products = _centred_cosines(nodes, self.settings.lead_centre_prior)
            share = lead_weight / signals
            for i in range(count):
                for j in range(i + 1, count):
                    total[(i, j)] += float(products[i, j]) * share
        penalty = self.settings.year_conflict_penalty
        if penalty:
            for i in range(count):
                if not nodes[i].years:
                    continue
                for j in range(i + 1, count):
                    if nodes[j].years and not nodes[i].years & nodes[j].years:
                        total[(i, j)] -= penalty
        return dict(total)

    # --- closing -------------------------------------------------------------------------

    def _close_before(self, day: dt.date) -> list[OpenStory]:
        if day.toordinal() - self.settings.window_days < 1:
            return []  # a window longer than the calendar: nothing ever closes
        horizon = day - dt.timedelta(days=self.settings.window_days)
        closing = [
            story
            for story in self._open.values()
            if story.last_day is not None and story.last_day < horizon
        ]
        for story in closing:
            self._release(story)
        return sorted(closing, key=lambda s: s.first)

    def _release(self, story: OpenStory) -> None:
        del self._open[story.story_id]
        self._unindex(story, list(story.keys))
        story.recent.clear()
        story.recent_keys.clear()

    def _unindex(self, story: OpenStory, keys: list[tuple[int, int]]) -> None:
        for key in keys:
            del story.keys[key]
            holders = self._index.get(key)
            if holders is not None:
                holders.discard(story.story_id)
                if not holders:
                    del self._index[key]


def _mean_between(
    first: list[int], second: list[int], similarity: dict[tuple[int, int], float]
) -> float:
    total = sum(similarity.get((min(i, j), max(i, j)), 0.0) for i in first for j in second)
    return total / (len(first) * len(second))


def _arrival(signature: Signature) -> tuple[str, str]:
    return (signature.day.isoformat() if signature.day else "", signature.article_id)


def _unit(weights: Vector) -> Vector:
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {term: w / norm for term, w in weights.items()}


def _add_pairs(
    total: defaultdict[tuple[int, int], float],
    firsts: npt.NDArray[np.integer],
    seconds: npt.NDArray[np.integer],
    values: npt.NDArray[np.float64],
) -> None:
    """Add each value to its pair's total (as plain Python numbers)."""
    for pair, value in zip(
        zip(firsts.tolist(), seconds.tolist(), strict=True), values.tolist(), strict=True
    ):
        total[pair] += value


def _pair_cosines(
    matrix: sparse.csr_matrix,
    batch: int,
    articles: npt.NDArray[np.int64],
    members: npt.NDArray[np.int64],
) -> npt.NDArray[np.float64]:
    """Cosine of each (article, member) pair (unit rows; articles among the first `batch`):
    one sparse product of the batch with the nodes, read at the pairs. Written term by term
    in Python this was two thirds of grouping's time on a 5,000-article stream."""
    if not len(articles):
        return np.zeros(0)
    products = (matrix[:batch] @ matrix.T).tocsr()
    products.sort_indices()  # read by binary search, not a scan of the row per pair
    return np.asarray(products[articles, members]).ravel()


def _cosines(vectors: Sequence[Vector]) -> dict[tuple[int, int], float]:
    """Cosine of every pair sharing a term, through an inverted index (unit vectors)."""
    postings: defaultdict[int, list[tuple[int, float]]] = defaultdict(list)
    for index, vector in enumerate(vectors):
        for term, weight in vector.items():
            postings[term].append((index, weight))
    products: defaultdict[tuple[int, int], float] = defaultdict(float)
    for entries in postings.values():
        for position, (i, left) in enumerate(entries):
            for j, right in entries[position + 1 :]:
                products[(i, j)] += left * right
    return products


def _centred_cosines(nodes: Sequence[Signature], prior: float) -> npt.NDArray[np.float64]:
    """Cosines of the lead embeddings after taking away the group's mean direction.

    Inside one topic every lead points much the same way (two earthquakes read alike to the
    model); what is left once the shared direction is gone is what sets one event apart, as
    in-topic IDF does for terms. The mean is shrunk towards zero by `prior` (a group of n
    counts as n/(n+prior) of its mean), so a group of two is not pushed apart by its own
    average. Articles without a lead stay at zero.
    """
    dimensions = next((len(node.lead) for node in nodes if node.lead is not None), 1)
    leads = np.stack([_lead_or_zero(node, dimensions) for node in nodes]).astype(np.float64)
    present = np.any(leads != 0, axis=1)
    if present.any():
        weight = int(present.sum()) / (int(present.sum()) + prior)
        leads[present] -= leads[present].mean(axis=0) * weight
    norms = np.linalg.norm(leads, axis=1)
    leads /= np.where(norms > 1e-9, norms, 1.0)[:, None]
    products: npt.NDArray[np.float64] = leads @ leads.T
    return products


def _lead_or_zero(signature: Signature, dimensions: int) -> npt.NDArray[np.float32]:
    if signature.lead is None:
        return np.zeros(dimensions, dtype=np.float32)
    return signature.lead


def _with_lead(signature: Signature, lead: npt.NDArray[np.float32]) -> Signature:
    return dataclasses.replace(signature, lead=lead)


def _without_labels(signature: Signature) -> Signature:
    """What a story keeps of a member: no words, only hashed counts (bounded memory)."""
    return dataclasses.replace(signature, labels={})
