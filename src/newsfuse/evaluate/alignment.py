"""Scoring statement alignment against ECB+ cross-document event coreference.

The fusion stage aligns sentences of different articles of one story that report the same
fact. ECB+ (Cybulska & Vossen, LREC 2014) annotates event mentions (`ACTION_*`,
`NEG_ACTION_*` markables) and links them across documents into chains (`CROSS_DOC_COREF`
relations; `note` is the chain's instance id). Two sentences of different articles of one
gold story are a *gold pair* when they mention events of one chain that spans documents.

Use (what `newsfuse eval alignment` does)::

    gold = load_alignment_gold(xml_dir, stories=load_gold_labels(gold_tsv))
    articles = annotate_articles(read_clean([jsonl], Settings()))
    score = score_alignment(pairs, gold, articles)  # pairs: Iterable[(Passage, Passage)]
    print(score.summary())

Mapping. newsfuse splits sentences its own way and `clean` may drop lines, so each newsfuse
sentence is mapped to the gold sentences it shares words with (`map_sentences`): both sides
are reduced to lower-cased runs of word characters and aligned with difflib, which makes the
mapping blind to ECB+'s token spacing ("`` We", "family 's", "90 - day"). `Article.title`
is not in `clean_text`, so the gold title sentence simply stays unmatched.

What is scored. Only cross-article pairs within one gold story. ECB+ annotated only some
sentences of each document (topics 1-35: 3,148 of 12,595 sentences hold a mention, 2,096 a
cross-document event chain, 521 of these a title, which no newsfuse sentence can reach), so
by default a predicted pair is scored only when both sentences hold an annotated mention;
pairs touching a never-annotated sentence are counted apart (`unannotated`), as are pairs
across gold stories, pairs within one article, and pairs naming a sentence that is unknown or
could not be mapped (`unmatched`). Precision is 0 when nothing is scored.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.model import Article, Passage

__all__ = [
    "AlignmentGold",
    "AlignmentScore",
    "GoldDocument",
    "GoldSentence",
    "SentenceMap",
    "load_alignment_gold",
    "map_sentences",
    "score_alignment",
]

# Event mentions: ECB+'s action classes and their negated forms (ACTION_OCCURRENCE,
# NEG_ACTION_STATE, ...); participants, times and locations are not events.
_EVENT_TAGS = ("ACTION_", "NEG_ACTION_")
# ECB+ document names: `<topic>_<number>ecb` (the ECB events) or `..ecbplus` (the second
# event of the topic added by ECB+); the gold story is topic + sub-topic (`1_ecbplus`),
# exactly as ecbplus-dev.gold.tsv writes it.
_DOC_NAME = re.compile(r"^(?P<topic>\d+)_\d+(?P<subtopic>ecb(?:plus)?)$")
_WORD = re.compile(r"\w+")

Node = tuple[str, int]  # (article id, newsfuse sentence index)


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One ECB+ sentence: its number, tokens joined by spaces, and what is annotated in it.

    `chains` are the cross-document event chains it mentions; `annotated` says whether it
    holds any annotated mention (event, participant, time or place) at all.
    """

    number: int
    text: str
    chains: frozenset[str]
    annotated: bool


@dataclass(frozen=True, slots=True)
class GoldDocument:
    doc_id: str
    story: str
    sentences: tuple[GoldSentence, ...]


@dataclass(frozen=True, slots=True)
class AlignmentGold:
    """The loaded ECB+ documents by name (`1_10ecb`), which is the newsfuse article id."""

    documents: Mapping[str, GoldDocument]


@dataclass(frozen=True, slots=True)
class SentenceMap:
    """Which gold sentence numbers each newsfuse sentence of one article overlaps."""

    article_id: str
    gold_sentences: Mapping[int, tuple[int, ...]]

    @property
    def unmapped(self) -> tuple[int, ...]:
        """The newsfuse sentences that share no word with any gold sentence."""
        return tuple(index for index, numbers in self.gold_sentences.items() if not numbers)


@dataclass(frozen=True, slots=True)
class AlignmentScore:
    """Pairwise scores of predicted sentence pairs, and the counts behind them.

    `predicted` counts the distinct pairs scored, `gold_pairs` the gold pairs among the
    articles given; `cross_story`, `same_article`, `unannotated` and `unmatched` the
    predicted pairs left unscored; `sentences` and `unmapped_sentences` the mapping coverage.
    """

    true_positives: int
    predicted: int
    gold_pairs: int
    cross_story: int
    same_article: int
    unannotated: int
    unmatched: int
    sentences: int
    unmapped_sentences: int

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold_pairs if self.gold_pairs else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> str:
        return (
            f"alignment precision {self.precision:.4f} recall {self.recall:.4f} "
            f"F1 {self.f1:.4f} · {self.true_positives} of {self.predicted} scored pairs correct, "
            f"{self.gold_pairs} gold pairs · unscored: {self.cross_story} across gold stories, "
            f"{self.same_article} within one article, {self.unannotated} on unannotated "
            f"sentences, {self.unmatched} unmatched · {self.unmapped_sentences} of "
            f"{self.sentences} sentences unmapped"
        )


# --- Gold -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _ParsedDocument:
    doc_id: str
    tokens: Mapping[int, tuple[str, ...]]
    chains: Mapping[int, frozenset[str]]
    annotated: frozenset[int]


def load_alignment_gold(
    xml_dir: Path,
    *,
    stories: Mapping[str, str] | None = None,
    topics: Collection[str] | None = None,
) -> AlignmentGold:
    """The ECB+ XML documents under `xml_dir` (any depth), only `topics` ("1", "3") if given.

    `stories` maps document name to gold story (`load_gold_labels` of the gold TSV); without
    it the story is read off the name (`1_10ecbplus` → `1_ecbplus`). A chain counts as
    cross-document when it has event mentions in two loaded documents; ECB+ chains never
    leave their topic, so loading whole topics changes nothing.
    """
    parsed = [
        _parse_document(path)
        for path in sorted(xml_dir.rglob("*.xml"))
        if topics is None or path.stem.split("_")[0] in topics
    ]
    documents_per_chain = Counter(
        chain for doc in parsed for chain in set().union(*doc.chains.values())
    )
    cross_document = {chain for chain, count in documents_per_chain.items() if count >= 2}
    documents = {
        doc.doc_id: _gold_document(doc, story=_story(doc.doc_id, stories), keep=cross_document)
        for doc in parsed
    }
    return AlignmentGold(documents)


def _story(doc_id: str, stories: Mapping[str, str] | None) -> str:
    if stories is not None:
        if doc_id not in stories:
            raise InputError(doc_id, "document has no gold story label")
        return stories[doc_id]
    match = _DOC_NAME.match(doc_id)
    if match is None:
        raise InputError(doc_id, "not an ECB+ document name (`<topic>_<n>ecb[plus]`)")
    return f"{match['topic']}_{match['subtopic']}"


def _gold_document(doc: _ParsedDocument, *, story: str, keep: set[str]) -> GoldDocument:
    sentences = tuple(
        GoldSentence(
            number=number,
            text=" ".join(tokens),
            chains=frozenset(doc.chains.get(number, frozenset()) & keep),
            annotated=number in doc.annotated,
        )
        for number, tokens in sorted(doc.tokens.items())
    )
    return GoldDocument(doc.doc_id, story, sentences)


def _parse_document(path: Path) -> _ParsedDocument:
    """Tokens per sentence, event chains per sentence, and the sentences with any mention."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(str(path), f"not well-formed ECB+ XML: {exc}") from exc
    sentence_of: dict[str, int] = {}
    tokens: defaultdict[int, list[str]] = defaultdict(list)
    for token in root.iter("token"):
        number = int(token.get("sentence", "0"))
        sentence_of[token.get("t_id", "")] = number
        tokens[number].append(token.text or "")
    # Mentions are markables anchored to tokens; chain instances are markables without anchors.
    mentions: dict[str, tuple[str, set[int]]] = {}
    for markable in root.iterfind("Markables/*"):
        anchors = {sentence_of[a.get("t_id", "")] for a in markable.iterfind("token_anchor")}
        if anchors:
            mentions[markable.get("m_id", "")] = (markable.tag, anchors)
    chains: defaultdict[int, set[str]] = defaultdict(set)
    for relation in root.iterfind("Relations/CROSS_DOC_COREF"):
        for source in relation.iterfind("source"):
            tag, numbers = mentions.get(source.get("m_id", ""), ("", set()))
            if tag.startswith(_EVENT_TAGS):
                for number in numbers:
                    chains[number].add(relation.get("note", ""))
    return _ParsedDocument(
        doc_id=root.get("doc_name", path.name).removesuffix(".xml"),
        tokens={number: tuple(words) for number, words in tokens.items()},
        chains={number: frozenset(found) for number, found in chains.items()},
        annotated=frozenset(number for _, numbers in mentions.values() for number in numbers),
    )


# --- Mapping newsfuse sentences to gold sentences ------------------------------------


def map_sentences(article: Article, document: GoldDocument) -> SentenceMap:
    """Each annotated sentence of `article` with the gold sentences whose words it shares."""
    if article.annotations is None:
        raise InputError(article.id, "article is not annotated (run annotate_articles first)")
    ours = [
        (sentence.index, word)
        for sentence in article.annotations.sentences
        for word in _words(sentence.text)
    ]
    theirs = [
        (sentence.number, word) for sentence in document.sentences for word in _words(sentence.text)
    ]
    matcher = difflib.SequenceMatcher(
        None, [word for _, word in ours], [word for _, word in theirs], autojunk=False
    )
    found: dict[int, set[int]] = {
        sentence.index: set() for sentence in article.annotations.sentences
    }
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[ours[block.a + offset][0]].add(theirs[block.b + offset][0])
    return SentenceMap(
        article.id, {index: tuple(sorted(numbers)) for index, numbers in found.items()}
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


# --- Scoring ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NodeGold:
    story: str
    chains: frozenset[str]
    annotated: bool
    mapped: bool


@dataclass(frozen=True, slots=True)
class _GoldView:
    """The gold as seen through newsfuse sentences: one entry per (article, sentence)."""

    nodes: Mapping[Node, _NodeGold]
    unmapped: int


def score_alignment(
    predicted_pairs: Iterable[tuple[Passage, Passage]],
    gold: AlignmentGold,
    annotated_articles: Iterable[Article],
    *,
    annotated_only: bool = True,
) -> AlignmentScore:
    """Pairwise precision and recall of `predicted_pairs` against ECB+ event coreference.

    Pairs are unordered and counted once; only articles both annotated and in `gold` count.
    With `annotated_only=False`, pairs touching never-annotated sentences are scored too (as
    errors, since such sentences have no chains).
    """
    # 1. Map every newsfuse sentence to its gold sentences, and what they mention.
    view = _gold_view(gold, annotated_articles)
    # 2. The gold pairs: cross-article pairs of one story sharing a cross-document chain.
    gold_pairs = _gold_pairs(view.nodes)
    # 3. Sort each predicted pair into scored or one of the unscored kinds.
    kinds: Counter[str] = Counter()
    true_positives = 0
    for pair in {_pair_key(first, second) for first, second in predicted_pairs}:
        kind = _pair_kind(pair, view.nodes, annotated_only=annotated_only)
        kinds[kind] += 1
        true_positives += kind == "scored" and pair in gold_pairs
    return AlignmentScore(
        true_positives=true_positives,
        predicted=kinds["scored"],
        gold_pairs=len(gold_pairs),
        cross_story=kinds["cross_story"],
        same_article=kinds["same_article"],
        unannotated=kinds["unannotated"],
        unmatched=kinds["unmatched"],
        sentences=len(view.nodes),
        unmapped_sentences=view.unmapped,
    )


def _gold_view(gold: AlignmentGold, articles: Iterable[Article]) -> _GoldView:
    nodes: dict[Node, _NodeGold] = {}
    unmapped = 0
    for article in articles:
        document = gold.documents.get(article.id)
        if document is None or article.annotations is None:
            continue
        by_number = {sentence.number: sentence for sentence in document.sentences}
        mapping = map_sentences(article, document)
        unmapped += len(mapping.unmapped)
        for index, numbers in mapping.gold_sentences.items():
            matched = [by_number[number] for number in numbers]
            nodes[(article.id, index)] = _NodeGold(
                story=document.story,
                chains=frozenset().union(*(sentence.chains for sentence in matched)),
                annotated=any(sentence.annotated for sentence in matched),
                mapped=bool(matched),
            )
    return _GoldView(nodes, unmapped)


def _gold_pairs(nodes: Mapping[Node, _NodeGold]) -> set[tuple[Node, Node]]:
    members: defaultdict[tuple[str, str], list[Node]] = defaultdict(list)
    for node, node_gold in nodes.items():
        for chain in node_gold.chains:
            members[(node_gold.story, chain)].append(node)
    return {
        (first, second)
        for chain_nodes in members.values()
        for first, second in combinations(sorted(chain_nodes), 2)
        if first[0] != second[0]
    }


def _pair_key(first: Passage, second: Passage) -> tuple[Node, Node]:
    one, other = sorted([(first.article_id, first.sentence), (second.article_id, second.sentence)])
    return one, other


def _pair_kind(
    pair: tuple[Node, Node], nodes: Mapping[Node, _NodeGold], *, annotated_only: bool
) -> str:
    first, second = (nodes.get(node) for node in pair)
    if pair[0][0] == pair[1][0]:
        return "same_article"
    if first is None or second is None or not (first.mapped and second.mapped):
        return "unmatched"
    if first.story != second.story:
        return "cross_story"
    if annotated_only and not (first.annotated and second.annotated):
        return "unannotated"
    return "scored"
