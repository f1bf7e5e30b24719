"""CSV/TSV tables of articles: FA-KES as published, and small hostile tables."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read import ReadItem, read
from newsfuse.read.csv import date_order, find_columns, parse_table_date
from tests.conftest import shared_data


def _articles(items: list[ReadItem]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def _skips(items: list[ReadItem]) -> list[Skip]:
    return [item for item in items if isinstance(item, Skip)]


def _warnings(items: list[ReadItem]) -> list[ReadWarning]:
    return [item for item in items if isinstance(item, ReadWarning)]


def _table(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# --- FA-KES as published -------------------------------------------------------------


@pytest.mark.shared_data
def test_every_fakes_row_is_an_article_or_a_recorded_skip() -> None:
    path = shared_data("fa-kes", "FA-KES-Dataset.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = sum(1 for _ in csv.DictReader(handle))
    items = list(read([path]))
    assert len(_articles(items)) + len(_skips(items)) == rows


@pytest.mark.shared_data
def test_fakes_columns_and_month_first_dates_are_read() -> None:
    # Row 1 (unit_id 1914947530, date "4/5/2017") opens "Wed 05 Apr 2017": month first.
    items = list(read([shared_data("fa-kes", "FA-KES-Dataset.csv")]))
    first = _articles(items)[0]
    assert first.id == "1914947530"
    assert first.title == "Syria attack symptoms consistent with nerve agent use WHO"
    assert first.source == "nna"
    assert first.published == dt.date(2017, 4, 5)
    assert first.text.startswith("Wed 05 Apr 2017 Syria attack symptoms")
    assert first.origin.endswith("FA-KES-Dataset.csv#row=1")
    assert not [w for w in _warnings(items) if w.kind == "unparsed_date"]


# --- columns and dates ------------------------------------------------------------------

# header, expected field -> column index
HEADER_CASES = [
    (["unit_id", "article_title", "article_content", "source", "date"], {"id": 0, "title": 1}),
    (["Headline", "Body", "Publisher", "Published", "Link"], {"title": 0, "text": 1}),
    (["\ufeffDoc ID", "Article Content", "publish-date"], {"id": 0, "text": 1, "date": 2}),
    (["content", "text"], {"text": 1}),  # `text` is preferred over `content`
    (["a", "b"], {}),
]


@pytest.mark.parametrize(("header", "expected"), HEADER_CASES)
def test_columns_are_found_by_header_synonyms(header: list[str], expected: dict[str, int]) -> None:
    columns = find_columns(header)
    assert {field: columns[field] for field in expected} == expected
    if not expected:
        assert columns == {}


# values, order
ORDER_CASES = [
    (["4/5/2017", "4/16/2017"], "month_first"),
    (["5/4/2017", "16/4/2017"], "day_first"),
    (["4/5/2017", "5/4/2017"], None),  # nothing decides
    (["4/16/2017", "16/4/2017"], None),  # both seen: no single order
    (["2017-04-16", "yesterday"], None),
]


@pytest.mark.parametrize(("values", "order"), ORDER_CASES)
def test_date_order_follows_the_unambiguous_dates(values: list[str], order: str | None) -> None:
    assert date_order(values) == order


# value, order, expected
DATE_CASES = [
    ("2017-04-05", None, dt.date(2017, 4, 5)),
    ("2025-06-01T08:30:00Z", None, dt.datetime(2025, 6, 1, 8, 30, tzinfo=dt.UTC)),
    ("4/5/2017", "month_first", dt.date(2017, 4, 5)),
    ("4/5/2017", "day_first", dt.date(2017, 5, 4)),
    ("4/5/2017", None, None),
    ("4/16/2017", None, dt.date(2017, 4, 16)),
    ("2/30/2017", "month_first", None),
    ("last week", "month_first", None),
]


@pytest.mark.parametrize(("value", "order", "expected"), DATE_CASES)
def test_table_dates(value: str, order: str | None, expected: dt.date | None) -> None:
    assert parse_table_date(value, order=order) == expected  # type: ignore[arg-type]


def test_a_day_first_file_is_read_day_first(tmp_path: Path) -> None:
    path = _table(tmp_path, "dmy.csv", "id,text,date\na,One.,4/5/2017\nb,Two.,16/4/2017\n")
    published = {article.id: article.published for article in _articles(list(read([path])))}
    assert published == {"a": dt.date(2017, 5, 4), "b": dt.date(2017, 4, 16)}


def test_an_unparsed_date_is_a_warning_and_the_article_is_kept(tmp_path: Path) -> None:
    path = _table(tmp_path, "d.csv", "id,text,date\na,Body.,sometime in spring\n")
    items = list(read([path]))
    assert [article.published for article in _articles(items)] == [None]
    assert [warning.kind for warning in _warnings(items)] == ["unparsed_date"]


# --- tables that differ from FA-KES ------------------------------------------------------


def test_tsv_without_id_column_names_rows_by_file_and_row(tmp_path: Path) -> None:
    content = "headline\tbody\toutlet\turl\nFirst\tBody one, with a comma.\tAP\thttp://x/1\n"
    content += "Second\tBody two.\t\t\n"
    items = list(read([_table(tmp_path, "wire.tsv", content)]))
    articles = _articles(items)
    assert [article.id for article in articles] == ["wire-1", "wire-2"]
    assert articles[0].text == "Body one, with a comma."
    assert (articles[0].source, articles[0].url) == ("AP", "http://x/1")
    assert (articles[1].source, articles[1].url) == (None, None)


def test_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "t.csv.gz"
    path.write_bytes(gzip.compress(b"id,text\nz1,Gzipped body.\n"))
    assert [article.id for article in _articles(list(read([path])))] == ["z1"]


def test_quoted_newlines_stay_inside_the_text(tmp_path: Path) -> None:
    path = _table(tmp_path, "q.csv", 'id,text\na,"Para one.\n\nPara ""two""."\n')
    assert _articles(list(read([path])))[0].text == 'Para one.\n\nPara "two".'


def test_a_cp1252_table_is_decoded_with_a_warning(tmp_path: Path) -> None:
    content = "id,text\na,Café in Zürich — déjà vu, said the mayor of the old town.\n"
    items = list(read([_table(tmp_path, "w.csv", content.encode("cp1252"))]))
    assert _articles(items)[0].text.startswith("Café in Zürich — déjà vu")
    assert [warning.kind for warning in _warnings(items)] == ["decoded_fallback"]


# --- hostile tables ------------------------------------------------------------------------

# name, content, reason
WHOLE_FILE_CASES = [
    ("empty.csv", b"", SkipReason.EMPTY),
    ("blank.tsv", b"\n\n  \n", SkipReason.EMPTY),
    ("header-only.csv", b"id,text\n", SkipReason.EMPTY),
    ("header-and-blank-rows.csv", b"id,text\n\n,\n", SkipReason.EMPTY),
    ("no-text.csv", b"id,name,score\n1,a,2\n", SkipReason.MISSING_FIELD),
    ("nul.csv", b"id,text\n1,abc\x00\x00\x01def\n", SkipReason.BINARY),
    (
        "broken.csv.gz",
        gzip.compress(b"id,text\n1,Body.\n" * 100, mtime=0)[:40],
        SkipReason.TRUNCATED_GZIP,
    ),
]


@pytest.mark.parametrize(("name", "content", "reason"), WHOLE_FILE_CASES)
def test_an_unusable_table_is_one_skip_naming_it(
    tmp_path: Path, name: str, content: bytes, reason: SkipReason
) -> None:
    path = _table(tmp_path, name, content)
    items = list(read([path]))
    assert [skip.reason for skip in _skips(items)] == [reason]
    assert str(path) in _skips(items)[0].input
    assert _articles(items) == []


def test_no_text_column_says_which_columns_it_saw(tmp_path: Path) -> None:
    path = _table(tmp_path, "scores.csv", "id,name,score\n1,a,2\n")
    [skip] = _skips(list(read([path])))
    assert "no text column" in skip.detail
    assert "'score'" in skip.detail


def test_a_row_without_text_is_a_skip_naming_file_and_row(tmp_path: Path) -> None:
    path = _table(tmp_path, "rows.csv", "id,text\na,First body.\nb,   \nc\nd,Last body.\n")
    items = list(read([path]))
    assert [article.id for article in _articles(items)] == ["a", "d"]
    skips = _skips(items)
    assert [(skip.reason, skip.input) for skip in skips] == [
        (SkipReason.NO_TEXT, f"{path}#row=2"),
        (SkipReason.NO_TEXT, f"{path}#row=3"),
    ]
    assert all("rows.csv row" in skip.detail for skip in skips)


@pytest.mark.parametrize(
    "content",
    [os.urandom(4096), bytes(range(256)) * 8, b"\xff\xfe" + os.urandom(1000)],
    ids=["urandom", "every-byte", "bom-junk"],
)
def test_binary_junk_is_never_an_article(tmp_path: Path, content: bytes) -> None:
    items = list(read([_table(tmp_path, "junk.csv", content)]))
    assert _articles(items) == []
    assert len(_skips(items)) == 1


def test_a_ten_megabyte_field_is_read_and_the_csv_limit_is_restored(tmp_path: Path) -> None:
    # Lines of 1,000 characters: one line of 10^7 is over `max_line_chars` (issue 8).
    body = ("word " * 199 + "word\n") * 10_000
    path = _table(tmp_path, "big.csv", f'id,text\nbig,"{body}"\nsmall,Small body.\n')
    before = csv.field_size_limit()
    articles = _articles(list(read([path])))
    assert [(article.id, len(article.text)) for article in articles] == [
        ("big", len(body)),
        ("small", len("Small body.")),
    ]
    assert csv.field_size_limit() == before


@pytest.mark.parametrize(
    "field",
    ['"' + "A short line.\n" * 200_000 + '"', "word " * 2_000_000],
    ids=["quoted-field-of-short-lines", "one-long-line"],
)
def test_a_field_over_the_record_limit_is_a_skip(tmp_path: Path, field: str) -> None:
    path = _table(tmp_path, "big.csv", f"id,text\nok,Fine body.\nbig,{field}\n")
    items = list(read([path], settings=ReadSettings(max_record_bytes=1_000_000)))
    assert [article.id for article in _articles(items)] == ["ok"]
    assert [(skip.reason, skip.input) for skip in _skips(items)] == [
        (SkipReason.TOO_LARGE, f"{path}#row=2")
    ]


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder for the property test (hypothesis reruns a test; tmp_path is per test)."""
    return tmp_path_factory.mktemp("any-bytes")


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_articles_skips_or_warnings(scratch: Path, data: bytes) -> None:
    path = scratch / "any-bytes.csv"
    path.write_bytes(b"id,text\n" + data)
    items = list(read([path]))
    assert all(isinstance(item, Article | Skip | ReadWarning) for item in items)
    assert all(article.text.strip() for article in _articles(items))
