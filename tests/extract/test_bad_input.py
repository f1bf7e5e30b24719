"""Bad input gives a result or a recorded skip, never a crash."""

from __future__ import annotations

from newsfuse.extract import Extractor
from newsfuse.model import Article
from tests.extract.conftest import annotate


def test_empty_article_is_a_recorded_skip(extractor: Extractor) -> None:
    for text in ("", "   \n\n  ", "— … ***"):
        result = annotate(extractor, text)
        assert (result.skipped or "").startswith("empty")
        assert result.sentences == ()


def test_non_english_text_is_a_recorded_skip(extractor: Extractor) -> None:
    russian = (
        "Министр иностранных дел России Сергей Лавров провёл телефонный разговор "
        "с госсекретарём США."
    )
    german = (
        "Der russische Außenminister hat am Sonntag mit dem amerikanischen Außenminister "
        "über die Gespräche in Istanbul gesprochen, teilte das Ministerium mit."
    )
    for text in (russian, german):
        result = annotate(extractor, text)
        assert (result.skipped or "").startswith("not English")


def test_text_with_no_sentence_ends_is_annotated(extractor: Extractor) -> None:
    text = " ".join(["officials in Kyiv said seven people were killed"] * 400)
    result = annotate(extractor, text)
    assert result.skipped is None
    assert result.sentences
    assert all(len(s.text) <= 5_000 for s in result.sentences)
    assert any(m.text == "Kyiv" for m in result.entities)


def test_a_5_mb_article_is_annotated_up_to_the_limit(extractor: Extractor) -> None:
    # A smaller limit than the default keeps the test fast; the 5 MB input is real.
    limited = Extractor(nlp=extractor.nlp, max_chars=20_000)
    paragraph = "Officials in Kyiv said on Sunday that at least seven people were killed.\n\n"
    text = paragraph * (5_000_000 // len(paragraph))
    result = limited(Article(id="big", text=text, origin="test"))
    assert 10_000 < (result.limited_to or 0) <= 20_000
    assert result.sentences[-1].end <= result.limited_to
    assert len(result.quantities) == len(result.sentences) > 200


def test_unbalanced_quote_marks_do_not_break_quotes(extractor: Extractor) -> None:
    result = annotate(extractor, 'He said "this is unfinished. And “so is this, she added.')
    assert result.skipped is None
