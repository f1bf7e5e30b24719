"""Does the story card name what ECB+ says each story is about (issue 16)?

ECB+ annotates, per article, the mentions of actions, participants, places and times, and
links the mentions of one real action, person, place or time across articles (cross-document
coreference). For each gold story the seminal one of each kind is the chain found in the most
of its articles. Each gold story is matched to the `newsfuse run` story holding most of its
articles; a kind counts as named where one of the chain's mentions (a word of three letters
or more, pronouns and function words aside) stands in the card's slot for it (place: where;
participant: who; action: what; time: the words behind the card's days), and, as a looser
second figure, anywhere in the card, the headline or the summary. ECB+ articles carry no
publication dates, so a time is named in words only.

Usage: python bench/card_coverage.py ../shared/data/ecbplus-dev OUT   (OUT from `newsfuse run`)
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

KINDS = {"ACT": "action", "HUM": "participant", "LOC": "place", "TIM": "time"}
_SKIP = set(
    """the a an of in on at to and or for with by from his her their its he she they it we
    this that these those who which was were is are be been has have had said says""".split()
)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) >= 3 and w not in _SKIP}


def chains(xml_dir: Path) -> dict[str, dict[str, set[str]]]:
    """Per article: chain instance id -> the words of its mentions there."""
    found: dict[str, dict[str, set[str]]] = {}
    for path in sorted(xml_dir.rglob("*.xml")):
        root = ET.parse(path).getroot()
        tokens = {t.get("t_id"): (t.text or "") for t in root.iter("token")}
        mentions: dict[str, str] = {}
        for markable in root.find("Markables") or []:
            anchors = [a.get("t_id") for a in markable.iter("token_anchor")]
            if anchors:
                mentions[markable.get("m_id", "")] = " ".join(tokens.get(a, "") for a in anchors)
        article: dict[str, set[str]] = defaultdict(set)
        for relation in root.iter("CROSS_DOC_COREF"):
            note = relation.get("note", "")
            if note[:3] not in KINDS:
                continue
            for source in relation.iter("source"):
                article[note] |= _words(mentions.get(source.get("m_id", ""), ""))
        found[path.stem] = dict(article)
    return found


def main() -> None:
    ecb, out = Path(sys.argv[1]), Path(sys.argv[2])
    gold = dict(
        line.split("\t")[:2]
        for line in (ecb / "ecbplus-dev.gold.tsv").read_text().splitlines()
        if line.strip()
    )
    per_article = chains(ecb / "xml")
    story_of: dict[str, str] = {}
    with open(out / "stories.jsonl", encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            for article_id in story["articles"]:
                story_of[article_id] = story["story_id"]
    members: dict[str, list[str]] = defaultdict(list)
    for article_id, story in gold.items():
        members[story].append(article_id)
    named, loosely, asked = Counter(), Counter(), Counter()
    for _, articles in sorted(members.items()):
        predicted = Counter(story_of.get(a) for a in articles).most_common(1)[0][0]
        if predicted is None:
            continue
        brief = json.loads((out / "briefs" / f"{predicted}.json").read_text(encoding="utf-8"))
        card = brief.get("card") or {}
        slot_text = {
            "action": " ".join(e["text"] for e in card.get("what", [])),
            "participant": " ".join(
                " ".join([a["name"], *a.get("aliases", []), a.get("role") or ""])
                for a in card.get("who", [])
            ),
            "place": " ".join(
                " ".join([p["name"], *p.get("aliases", [])]) for p in card.get("where", [])
            ),
            "time": " ".join(
                p["text"] for d in card.get("when", []) for p in d.get("passages", [])
            ),
        }
        everything = " ".join(
            [
                *slot_text.values(),
                brief.get("headline", ""),
                *(s["text"] for s in brief.get("summary", [])),
            ]
        )
        chain_docs: dict[str, Counter[str]] = defaultdict(Counter)
        chain_words: dict[str, set[str]] = defaultdict(set)
        for article_id in articles:
            for note, words in per_article.get(article_id, {}).items():
                chain_docs[note[:3]][note] += 1
                chain_words[note] |= words
        for prefix, kind in KINDS.items():
            if not chain_docs[prefix]:
                continue
            seminal = chain_docs[prefix].most_common(1)[0][0]
            words = chain_words[seminal]
            if not words:
                continue
            asked[kind] += 1
            named[kind] += bool(words & _words(slot_text[kind]))
            loosely[kind] += bool(words & _words(everything))
    for kind in KINDS.values():
        n = max(asked[kind], 1)
        print(
            f"{kind:12s} {asked[kind]:3d} stories: in its card slot {named[kind] / n:.3f}, "
            f"in card + headline + summary {loosely[kind] / n:.3f}"
        )


if __name__ == "__main__":
    main()
