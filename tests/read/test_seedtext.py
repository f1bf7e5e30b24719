"""The seed crawl-text format: the five bundled seeds, then header and encoding edge cases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from newsfuse.config import ReadSettings
from newsfuse.model import Article, ReadWarning, Skip, SkipReason
from newsfuse.read.seedtext import parse_seed_text, read_seed_text

SEED_IDS = [
    "000_9ee0e851c20fb600",
    "001_54a851cabf0a182d",
    "002_ace0c298591e6b4a",
    "003_65c9c312e4fe8b9d",
    "004_5719f1dc47fb68ca",
]

# id, published, status, how the text starts (read from the seed files by hand).
SEED_CASES = [
    ("000_9ee0e851c20fb600", None, None, "Russian, US top diplomats discuss Ukraine crisis"),
    ("001_54a851cabf0a182d", dt.date(2025, 6, 2), 403, "Sorry!!\n"),
    (
        "002_ace0c298591e6b4a",
        dt.date(2025, 6, 2),
        None,
        "United States Secretary of State Marco Rubio spoke",
    ),
    ("003_65c9c312e4fe8b9d", dt.date(2025, 6, 2), 403, "Lavrov, Rubio Hold Phone Talks"),
    (
        "004_5719f1dc47fb68ca",
        dt.date(2025, 6, 1),
        None,
        "Russian Foreign Minister Sergey Lavrov and US Secretary",
    ),
]


def _parse(text: str) -> list[Article | Skip | ReadWarning]:
    return list(parse_seed_text(text, article_id="doc", origin="doc.txt"))


def _read(path: Path) -> list[Article | Skip | ReadWarning]:
    return list(read_seed_text(path, settings=ReadSettings()))


def _only_article(items: list[Article | Skip | ReadWarning]) -> Article:
    articles = [item for item in items if isinstance(item, Article)]
    assert len(articles) == 1, items
    return articles[0]


# --- the five seeds ---------------------------------------------------------------------


def test_every_seed_is_an_article_named_by_its_file(seed_articles: dict[str, Article]) -> None:
    assert sorted(seed_articles) == SEED_IDS


@pytest.mark.parametrize(("seed_id", "published", "status", "start"), SEED_CASES)
def test_seed_header(
    seed_articles: dict[str, Article],
    seed_id: str,
    published: dt.date | None,
    status: int | None,
    start: str,
) -> None:
    article = seed_articles[seed_id]
    assert article.published == published
    assert article.status == status
    assert article.text.startswith(start)


@pytest.mark.parametrize("seed_id", SEED_IDS)
def test_seed_text_keeps_no_header(seed_articles: dict[str, Article], seed_id: str) -> None:
    assert not seed_articles[seed_id].text.lstrip().startswith("date ")


# --- header edge cases ------------------------------------------------------------------

# text, published, status, body
HEADER_CASES = [
    pytest.param(
        " date 2025-06-02 300 people were evacuated.\nMore text.",
        dt.date(2025, 6, 2),
        None,
        "300 people were evacuated.\nMore text.",
        id="body-starts-with-number",
    ),
    pytest.param(
        " date 2025-06-02 404\nGone.", dt.date(2025, 6, 2), 404, "Gone.", id="status-ends-line"
    ),
    pytest.param(
        " date 2025-06-02\nBody on the next line.",
        dt.date(2025, 6, 2),
        None,
        "Body on the next line.",
        id="date-only",
    ),
    pytest.param(
        "Headline\nBody, no header.", None, None, "Headline\nBody, no header.", id="no-header"
    ),
    pytest.param(
        "The date 2025-06-02 is when it happened.",
        None,
        None,
        "The date 2025-06-02 is when it happened.",
        id="date-word-inside-sentence",
    ),
]


@pytest.mark.parametrize(("text", "published", "status", "body"), HEADER_CASES)
def test_header_variants(
    text: str, published: dt.date | None, status: int | None, body: str
) -> None:
    article = _only_article(_parse(text))
    assert (article.published, article.status, article.text) == (published, status, body)


def test_invalid_header_date_is_kept_as_none_with_a_warning() -> None:
    items = _parse(" date 2025-13-45 403\nBody text.")
    article = _only_article(items)
    assert article.published is None
    assert article.text == "Body text."
    warnings = [item for item in items if isinstance(item, ReadWarning)]
    assert [warning.kind for warning in warnings] == ["unparsed_date"]
    assert warnings[0].input == "doc.txt"


@pytest.mark.parametrize(
    "text", [" date 2025-06-02 403", " date 2025-06-02 403\n", " date 2025-06-02 403\n\n  \n"]
)
def test_header_only_is_skipped_as_no_text(text: str) -> None:
    items = _parse(text)
    assert [type(item) for item in items] == [Skip]
    assert items[0].reason is SkipReason.NO_TEXT
    assert items[0].input == "doc.txt"


# --- files: line endings and encodings --------------------------------------------------


def test_crlf_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    path.write_bytes(b" date 2025-06-02 403\r\nSorry!!\r\nSecond line.\r\n")
    article = _only_article(_read(path))
    assert (article.published, article.status) == (dt.date(2025, 6, 2), 403)
    assert article.text.splitlines()[:2] == ["Sorry!!", "Second line."]


def test_utf8_bom_does_not_hide_the_header(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf date 2025-06-01 Body on the header line.\n")
    items = _read(path)
    article = _only_article(items)
    assert (article.published, article.status) == (dt.date(2025, 6, 1), None)
    assert article.text == "Body on the header line."
    assert not [item for item in items if isinstance(item, ReadWarning)]


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes("Café in Zürich — déjà vu".encode("cp1252"))
    items = _read(path)
    assert _only_article(items).text == "Café in Zürich — déjà vu"
    warnings = [item for item in items if isinstance(item, ReadWarning)]
    assert [warning.kind for warning in warnings] == ["decoded_fallback"]
    assert warnings[0].input == str(path)


def test_file_id_is_the_name_without_extension(tmp_path: Path) -> None:
    path = tmp_path / "123_abc.txt"
    path.write_text("Headline\nBody.", encoding="utf-8")
    assert _only_article(_read(path)).id == "123_abc"
