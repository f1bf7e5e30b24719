"""Entity mentions and their canonical grouping scored on ECB+ (Cybulska & Vossen 2014).

Gold: the annotated HUMAN_*, LOC_* and TIME_* mentions of each document, and the entity
each one refers to across documents (CROSS_DOC_COREF; INTRA_DOC_COREF within one; an
unlinked mention is an entity of its own). The documents are rebuilt from their tokens
(sentences as paragraphs), annotated by the extract stage, and canonicalised per gold
story (topic and sub-corpus: ecb / ecbplus), so the score is of extraction, not clustering.

- mention recall: gold mentions that a system mention (entity or time expression)
  overlaps by at least one token; ECB+ marks pronouns and common nouns ("her rep", "the
  magazine") as mentions too, so recall on mentions with a capitalised word (names) is
  given apart;
- B-cubed precision, recall and F1 of the system's grouping over the found gold mentions
  (system group: the canonical entity; for a time, its resolved day or its words).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsfuse.extract import Extractor, default_extractor, extract_story
from newsfuse.model import Article, ArticleAnnotations

__all__ = ["EcbDocument", "EntityScore", "GoldMention", "evaluate_ecb_entities", "read_ecb"]

GOLD_PREFIXES = ("HUMAN", "LOC", "TIME")


@dataclass(frozen=True, slots=True)
class GoldMention:
    doc: str
    kind: str
    start: int
    end: int
    cluster: str
    named: bool


@dataclass(frozen=True, slots=True)
class EcbDocument:
    name: str
    story: str
    text: str
    mentions: tuple[GoldMention, ...]


@dataclass(frozen=True, slots=True)
class EntityScore:
    documents: int
    gold_mentions: int
    found: int
    named: int
    named_found: int
    by_kind: tuple[tuple[str, int, int], ...]
    precision: float
    recall: float

    @property
    def mention_recall(self) -> float:
        return self.found / self.gold_mentions if self.gold_mentions else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def summary(self) -> str:
        kinds = ", ".join(f"{k} {f / n:.3f} ({f}/{n})" for k, n, f in self.by_kind if n)
        named = self.named_found / self.named if self.named else 1.0
        return (
            f"ECB+ entities, {self.documents} documents, {self.gold_mentions} gold mentions\n"
            f"mention recall {self.mention_recall:.3f} ({self.found}/{self.gold_mentions}); "
            f"by kind: {kinds}\n"
            f"mention recall on named mentions (a capitalised word) {named:.3f} "
            f"({self.named_found}/{self.named})\n"
            f"canonical-cluster B-cubed over found mentions: precision {self.precision:.3f} "
            f"recall {self.recall:.3f} F1 {self.f1:.3f}"
        )


def read_ecb(path: Path) -> EcbDocument:
    """One ECB+ XML document: its text rebuilt from tokens, and its gold mentions."""
    root = ET.parse(path).getroot()
    name = root.get("doc_name") or path.name
    spans: dict[str, tuple[int, int]] = {}
    pieces: list[str] = []
    position, sentence = 0, None
    for token in root.iter("token"):
        if sentence is not None and token.get("sentence") != sentence:
            pieces.append("\n\n")
            position += 2
        elif pieces:
            pieces.append(" ")
            position += 1
        sentence = token.get("sentence")
        word = token.text or ""
        spans[token.get("t_id", "")] = (position, position + len(word))
        pieces.append(word)
        position += len(word)
    text = "".join(pieces)
    cluster_of = _clusters(root, name)
    mentions = []
    for markable in root.iter():
        anchors = [a.get("t_id", "") for a in markable.findall("token_anchor")]
        if not anchors or not markable.tag.startswith(GOLD_PREFIXES):
            continue
        start = min(spans[a][0] for a in anchors)
        end = max(spans[a][1] for a in anchors)
        m_id = markable.get("m_id", "")
        words = text[start:end].split()
        mentions.append(
            GoldMention(
                doc=name,
                kind=markable.tag.split("_")[0],
                start=start,
                end=end,
                cluster=cluster_of.get(m_id, f"{name}:{m_id}"),
                named=any(w[:1].isupper() or w[:1].isdigit() for w in words),
            )
        )
    story = re.sub(r"^(\d+)_\d+(ecbplus|ecb)\.xml$", r"\1\2", name)
    return EcbDocument(name, story, text, tuple(mentions))


def _clusters(root: ET.Element, name: str) -> dict[str, str]:
    cluster_of: dict[str, str] = {}
    for relation in root.iter():
        if relation.tag not in {"CROSS_DOC_COREF", "INTRA_DOC_COREF"}:
            continue
        target = relation.find("target")
        key = relation.get("note") or f"{name}:{target.get('m_id') if target is not None else ''}"
        for source in relation.findall("source"):
            cluster_of[source.get("m_id", "")] = key
    return cluster_of


def iter_ecb(xml_dir: Path, *, topics: int | None = None) -> Iterator[EcbDocument]:
    """Documents of the first `topics` topic folders (all by default), in number order."""
    folders = sorted((p for p in xml_dir.iterdir() if p.is_dir()), key=lambda p: int(p.name))
    for folder in folders[:topics]:
        for path in sorted(folder.glob("*.xml")):
            yield read_ecb(path)


def evaluate_ecb_entities(
    xml_dir: Path, *, topics: int | None = None, extractor: Extractor | None = None
) -> EntityScore:
    """Mention recall and canonical-cluster B-cubed of extraction on ECB+."""
    documents = list(iter_ecb(xml_dir, topics=topics))
    articles = [Article(id=d.name, text=d.text, origin=d.name) for d in documents]
    annotations = list((extractor or default_extractor()).extract_many(articles))
    stories: dict[str, list[ArticleAnnotations]] = defaultdict(list)
    for document, annotation in zip(documents, annotations, strict=True):
        stories[document.story].append(annotation)
    group_of: dict[tuple[str, int, str], str] = {}
    for story, members in stories.items():
        for entity in extract_story(members).entities:
            for ref in entity.mentions:
                group_of[(ref.article_id, ref.sentence, ref.text)] = f"{story}:{entity.entity_id}"
    pairs: list[tuple[str, str]] = []  # (gold cluster, system group) of found mentions
    found: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    named = [0, 0]
    for document, annotation in zip(documents, annotations, strict=True):
        system = _system_mentions(annotation, group_of, document.story)
        for gold in document.mentions:
            hit = next((g for s, e, g in system if s < gold.end and gold.start < e), None)
            found[gold.kind][0] += 1
            named[0] += gold.named
            if hit is not None:
                found[gold.kind][1] += 1
                named[1] += gold.named
                pairs.append((gold.cluster, hit))
    precision, recall = bcubed(pairs)
    return EntityScore(
        documents=len(documents),
        gold_mentions=sum(n for n, _ in found.values()),
        found=sum(f for _, f in found.values()),
        named=named[0],
        named_found=named[1],
        by_kind=tuple((k, n, f) for k, (n, f) in sorted(found.items())),
        precision=precision,
        recall=recall,
    )


def _system_mentions(
    annotation: ArticleAnnotations, group_of: dict[tuple[str, int, str], str], story: str
) -> list[tuple[int, int, str]]:
    """Each system mention with its group, scoped to its story (nationality words, which
    make no entity, group by their words)."""
    key = annotation.article_id
    system = [
        (m.start, m.end, group_of.get((key, m.sentence, m.text), f"{story}:{m.text}"))
        for m in annotation.entities
    ]
    system += [
        (t.start, t.end, f"{story}:time:{t.first.isoformat() if t.first else t.text.lower()}")
        for t in annotation.times
    ]
    return system


def bcubed(pairs: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """B-cubed precision and recall of (gold, system) labels of the same items."""
    if not pairs:
        return 0.0, 0.0
    gold_size: dict[str, int] = defaultdict(int)
    system_size: dict[str, int] = defaultdict(int)
    both: dict[tuple[str, str], int] = defaultdict(int)
    for gold, system in pairs:
        gold_size[gold] += 1
        system_size[system] += 1
        both[(gold, system)] += 1
    precision = sum(both[(g, s)] / system_size[s] for g, s in pairs) / len(pairs)
    recall = sum(both[(g, s)] / gold_size[g] for g, s in pairs) / len(pairs)
    return precision, recall
