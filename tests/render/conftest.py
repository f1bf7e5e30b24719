"""Briefs to render: the seeds' brief with every section filled by hand (from reading the
seed text), and a brief built from hostile article data."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from newsfuse.config import Settings
from newsfuse.extract import Extractor, default_extractor
from newsfuse.model import (
    Article,
    ArticleAnnotations,
    Brief,
    Claim,
    Conflict,
    ConflictKind,
    EntityRecord,
    Fact,
    MentionRef,
    Passage,
    Quantity,
    Quote,
    Removal,
    RemovalReason,
    Sentence,
    SourceRecord,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.runners.extract import annotate_inputs
from newsfuse.runners.local import RunResult, run_pipeline
from newsfuse.text import split_sentences
from tests.conftest import SEEDS

A0, A1, A2, A3, A4 = (
    "000_9ee0e851c20fb600",
    "001_54a851cabf0a182d",
    "002_ace0c298591e6b4a",
    "003_65c9c312e4fe8b9d",
    "004_5719f1dc47fb68ca",
)

#: An article id that would break out of an HTML attribute if it were not escaped.
HOSTILE_ID = 'x" onclick="window.__x=4'


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return default_extractor()


@pytest.fixture(scope="session")
def seed_articles(extractor: Extractor) -> dict[str, Article]:
    """The five seeds cleaned and annotated; 001 and 003 (both MENAFN rewrites of one
    dispatch) share a voice, as dedupe finds."""
    articles, _ = annotate_inputs([SEEDS], settings=Settings(), extractor=extractor)
    voices = {A1: "v-menafn", A3: "v-menafn"}
    return {
        a.id: replace(a, family=f"f-{a.id[:3]}", voice=voices.get(a.id, f"f-{a.id[:3]}"))
        for a in articles
    }


def passage(articles: dict[str, Article], article_id: str, words: str) -> Passage:
    """The sentence of `article_id` that contains `words` (the test data names real text)."""
    annotations = articles[article_id].annotations
    sentences = annotations.sentences if annotations else ()
    for sentence in sentences:
        if words in sentence.text:
            return Passage(article_id, sentence.index, sentence.text)
    raise LookupError(f"{words!r} is in no sentence of {article_id}")


def cited(articles: dict[str, Article], *pairs: tuple[str, str]) -> dict[str, Any]:
    """`sources` and `passages` for statements, from (article id, words) pairs."""
    passages = tuple(passage(articles, article_id, words) for article_id, words in pairs)
    return {
        "sources": tuple(dict.fromkeys(p.article_id for p in passages)),
        "passages": passages,
    }


def source_record(article: Article) -> SourceRecord:
    return SourceRecord(
        id=article.id,
        outlet=article.outlet,
        published=article.published_date,
        status=article.status,
        family=article.family or article.id,
        title=article.title,
        url=article.url,
        removed=article.removals,
        bylines=article.bylines,
    )


@pytest.fixture(scope="session")
def full_brief(seed_articles: dict[str, Article]) -> Brief:
    """The seeds' story with what fusion will fill, written by hand from the seed text."""
    a = seed_articles
    facts = (
        Fact(
            "Lavrov and Rubio spoke by telephone on Sunday.",
            independent_sources=3,
            fact_id="f1",
            **cited(
                a,
                (A1, "held a telephone conversation on Sunday"),
                (A2, "over a call on Sunday"),
                (A3, "phone conversation on Sunday"),
                (A4, "on its website on Sunday"),
            ),
        ),
        Fact(
            "At least seven people were killed when two bridges were blown up.",
            independent_sources=4,
            fact_id="f2",
            **cited(
                a,
                (A0, "killing at least seven"),
                (A1, "at least seven fatalities"),
                (A2, "at least seven people were killed"),
                (A4, "at least seven people were killed"),
            ),
        ),
        Fact(
            "A total of 41 Russian warplanes were hit.",
            independent_sources=1,
            fact_id="f3",
            **cited(a, (A4, "a total of 41 Russian warplanes")),
        ),
        Fact(
            "117 drones were used in the operation.",
            independent_sources=1,
            fact_id="f4",
            **cited(a, (A2, "117 drones were used")),
        ),
    )
    sources = [source_record(a[article_id]) for article_id in (A4, A1, A2, A3, A0)]
    sources[0] = replace(sources[0], unique_facts=("f3",))
    sources[2] = replace(sources[2], unique_facts=("117 drones were used in the operation.",))
    return Brief(
        story_id="sseeds",
        headline="Lavrov, Rubio Discuss Ukraine Conflict",
        summary=(
            SummarySentence(
                "Lavrov and Rubio discussed settling the conflict in Ukraine.",
                **cited(a, (A4, "have discussed prospects"), (A1, "held a telephone")),
            ),
            SummarySentence(facts[1].text, facts[1].sources, facts[1].passages),
        ),
        timeline=(
            TimelineEntry(
                dt.date(2025, 6, 1),
                "Lavrov and Rubio speak by phone.",
                **cited(a, (A1, "on Sunday"), (A2, "on Sunday")),
            ),
            TimelineEntry(
                dt.date(2025, 5, 31),
                "Two bridges are blown up in the Bryansk and Kursk regions.",
                **cited(a, (A0, "On the night of May 31"), (A4, "blown up on Saturday")),
            ),
            TimelineEntry(
                dt.date(2025, 5, 16),
                "First face-to-face Russia–Ukraine meeting in years, in Türkiye.",
                **cited(a, (A0, "held in Türkiye on May 16")),
            ),
            TimelineEntry(
                dt.date(2025, 6, 1),
                "Ukrainian drones strike Russian air bases.",
                **cited(a, (A1, "unmanned aerial vehicles struck"), (A2, "massive drone attack")),
            ),
            TimelineEntry(
                dt.date(2025, 6, 2),
                "Russia–Ukraine talks in Istanbul.",
                **cited(a, (A0, "on June 2 at the Çırağan Palace"), (A1, "set for June 2")),
            ),
        ),
        facts=facts,
        quantities=(
            Quantity(
                "people killed",
                7,
                "at least",
                independent_sources=4,
                **cited(
                    a, (A0, "killing at least seven"), (A4, "at least seven people were killed")
                ),
            ),
            Quantity("injured", 69, None, **cited(a, (A4, "69 injured"))),
            Quantity("Russian warplanes hit", 41, None, **cited(a, (A4, "a total of 41"))),
        ),
        entities=(
            EntityRecord(
                "Sergey Lavrov",
                "PERSON",
                ("Lavrov", "Sergei Lavrov"),
                (A4, A2),
                roles=("Russian Foreign Minister",),
                mentions=(MentionRef(A4, 0, "Sergey Lavrov"), MentionRef(A2, 0, "Sergei Lavrov")),
            ),
            EntityRecord("Bryansk", "GPE", (), (A0,)),
        ),
        quotes=(
            Quote(
                "Sergey Lavrov",
                "the results will be published in the very near future.",
                (A1, A3),
                attributed_as=("Lavrov",),
            ),
            Quote(None, "a lasting peace.", (A4,)),
        ),
        conflicts=(
            Conflict(
                "When the bridges were blown up",
                (
                    Claim(
                        value="2025-05-31",
                        **cited(a, (A0, "On the night of May 31")),
                        text="On the night of May 31",
                    ),
                    Claim(
                        value="2025-06-01",
                        text="which occurred on June 1",
                        **cited(a, (A0, "which occurred on June 1")),
                    ),
                ),
                kind=ConflictKind.DATE,
            ),
        ),
        single_source=(
            Claim(facts[2].text, facts[2].sources, facts[2].passages),
            Claim(facts[3].text, facts[3].sources, facts[3].passages),
        ),
        sources=tuple(sources),
    )


def annotate_plain(article: Article) -> Article:
    """An article's paragraphs split into sentences by the plain rule (no model needed)."""
    sentences: list[Sentence] = []
    start = 0
    for paragraph in article.paragraphs:
        cursor = 0
        for text in split_sentences(paragraph):
            at = paragraph.index(text, cursor)
            cursor = at + len(text)
            sentences.append(Sentence(len(sentences), start + at, start + cursor, text))
        start += len(paragraph) + 2
    return replace(article, annotations=ArticleAnnotations(article.id, tuple(sentences)))


@pytest.fixture
def hostile_articles() -> dict[str, Article]:
    """Articles whose every field tries to inject markup or script."""
    evil = Article(
        id=HOSTILE_ID,
        text="",
        origin="hostile.jsonl",
        title="<script>window.__x=1</script>",
        source='<b onmouseover="window.__x=8">Evil</b> & Co',
        url="javascript:window.__x=3",
        published=dt.date(2025, 6, 1),
        status=200,
        paragraphs=(
            'Officials said "><img src=x onerror="window.__x=2"> was posted. It was removed.',
            "<script>window.__x=5</script> Nothing else happened.",
        ),
        removals=(Removal("<script>window.__x=9</script>", RemovalReason.LINK_LIST, 2),),
        bylines=("<i>Mallory</i>",),
    )
    plain = Article(
        id="ok-1",
        text="",
        origin="ok.jsonl",
        title="A plain report",
        source="Plain Times",
        url="https://example.org/a?b=1&c=<2>",
        published=dt.date(2025, 6, 2),
        paragraphs=("Officials confirmed it. Nothing else happened.",),
    )
    no_sentences = Article(
        id="unsplit",
        text="",
        origin="unsplit.jsonl",
        url="data:text/html,<script>window.__x=10</script>",
        paragraphs=("A paragraph with no annotations.",),
    )
    return {
        HOSTILE_ID: annotate_plain(evil),
        "ok-1": annotate_plain(plain),
        "unsplit": no_sentences,
    }


@pytest.fixture
def hostile_brief(hostile_articles: dict[str, Article]) -> Brief:
    a = hostile_articles
    script = "<script>window.__x=6</script>"
    fact = Fact(
        f'</li>{script}"><img src=x onerror="window.__x=7">',
        independent_sources=2,
        fact_id="f1",
        **cited(a, (HOSTILE_ID, "Officials said"), ("ok-1", "Officials confirmed")),
    )
    return Brief(
        story_id="s-hostile",
        headline="<script>window.__x=1</script>",
        summary=(SummarySentence(fact.text, fact.sources, fact.passages),),
        timeline=(TimelineEntry(dt.date(2025, 6, 1), script, **cited(a, ("ok-1", "Nothing"))),),
        facts=(fact,),
        quantities=(Quantity(script, 3, "<b>at least</b>", (HOSTILE_ID,)),),
        entities=(
            EntityRecord(
                "<img src=x onerror=window.__x=11>",
                "<PERSON>",
                (script,),
                (HOSTILE_ID, "not-in-brief"),
                roles=(script,),
                mentions=(MentionRef(HOSTILE_ID, 1, "x"),),
            ),
        ),
        quotes=(Quote(script, script, (HOSTILE_ID, "ok-1"), attributed_as=(script,)),),
        conflicts=(
            Conflict(
                script,
                (Claim(script, (HOSTILE_ID,), value=script), Claim("fine", ("ok-1",))),
            ),
        ),
        single_source=(Claim(script, ("unsplit",)),),
        sources=tuple(
            replace(source_record(article), unique_facts=(script,)) for article in a.values()
        ),
    )


@pytest.fixture(scope="session")
def seeds_run(extractor: Extractor) -> RunResult:
    """The whole pipeline on the seeds: the brief as the program fills it today."""
    return run_pipeline([SEEDS], extractor=extractor)
