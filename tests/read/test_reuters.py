"""Reuters-21578 SGML: records, dates, wrapped paragraphs, records without a body."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read import input_kind, read
from newsfuse.read.reuters import parse_reuters_date, read_reuters_sgml
from tests.conftest import shared_data

# A story as the corpus ships it (reut2-000.sgm, NEWID 2's shape), then a headline-only brief.
SGML = """<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE>26-FEB-1987 15:02:20.00</DATE>
<TEXT>&#2;
<TITLE>STANDARD OIL &lt;SRD> TO FORM FINANCIAL UNIT</TITLE>
<DATELINE>    CLEVELAND, Feb 26 - </DATELINE><BODY>Standard Oil Co and BP North America
Inc said they plan to form a venture to manage the money market
borrowing and investment activities of both companies.
    BP North America is a subsidiary of British Petroleum Co
Plc &lt;BP>, which also owns a 55 pct interest in Standard Oil.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5561" NEWID="18">
<DATE>26-FEB-1987 15:35:16.82&#5;&#5;&#5;T C</DATE>
<TEXT TYPE="BRIEF">&#2;
******<TITLE>ASSETS OF MONEY MARKET MUTUAL FUNDS ROSE 720.4 MLN DLRS IN LATEST WEEK
</TITLE>Blah blah blah.
&#3;
</TEXT>
</REUTERS>
"""


def read_items(tmp_path: Path, text: str) -> list[Article | Skip | ReadWarning]:
    path = tmp_path / "reut2-000.sgm"
    path.write_text(text, encoding="utf-8")
    return list(read_reuters_sgml(path, settings=ReadSettings()))


def test_a_story_becomes_an_article_with_rejoined_paragraphs(tmp_path: Path) -> None:
    article = read_items(tmp_path, SGML)[0]
    assert isinstance(article, Article)
    assert article.id == "reuters-2"
    assert article.title == "STANDARD OIL <SRD> TO FORM FINANCIAL UNIT"
    assert article.published == dt.datetime(1987, 2, 26, 15, 2, 20)
    assert article.text.split("\n") == [
        "Standard Oil Co and BP North America Inc said they plan to form a venture to manage "
        "the money market borrowing and investment activities of both companies.",
        "BP North America is a subsidiary of British Petroleum Co Plc <BP>, which also owns "
        "a 55 pct interest in Standard Oil.",
        "Reuter",
    ]


def test_a_record_without_body_is_a_skip_naming_file_and_newid(tmp_path: Path) -> None:
    skip = read_items(tmp_path, SGML)[1]
    assert isinstance(skip, Skip)
    assert skip.reason is SkipReason.NO_TEXT
    assert "reut2-000.sgm" in skip.detail
    assert "18" in skip.detail


def test_cp1252_byte_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "reut2-017.sgm"
    path.write_bytes(SGML.replace("Standard Oil Co and", "Z\xfcrich and").encode("cp1252"))
    items = list(read_reuters_sgml(path, settings=ReadSettings()))
    assert [i.kind for i in items if isinstance(i, ReadWarning)] == ["decoded_fallback"]
    assert any(isinstance(i, Article) and i.text.startswith("Zürich") for i in items)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26-FEB-1987 15:01:01.79", dt.datetime(1987, 2, 26, 15, 1, 1)),
        (" 2-JUN-1987 13:10:10.20", dt.datetime(1987, 6, 2, 13, 10, 10)),
        ("27-MAR-1987 02:17:09.88&#5;&#5;&#5;T C", dt.datetime(1987, 3, 27, 2, 17, 9)),
        ("31-MAR-1987 605:12:19.12", None),
    ],
)
def test_wire_dates(value: str, expected: dt.datetime | None) -> None:
    assert parse_reuters_date(value) == expected


def test_sgm_suffix_selects_the_reuters_reader() -> None:
    assert input_kind(Path("reut2-000.sgm")) == "reuters"


@pytest.mark.shared_data
def test_the_whole_corpus_reads_every_record() -> None:
    items = list(read([shared_data("reuters21578")]))
    articles = sum(isinstance(item, Article) for item in items)
    no_body = sum(isinstance(item, Skip) and item.reason is SkipReason.NO_TEXT for item in items)
    assert articles + no_body == 21578
