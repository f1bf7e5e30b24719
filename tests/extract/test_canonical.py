"""Canonical entities across a story, on small hand-built annotations."""

from __future__ import annotations

import pytest

from newsfuse.extract.canonical import canonicalise, name_key, surname_key
from newsfuse.model import ArticleAnnotations, EntityMention


def _annotations(*mentions: tuple[str, str]) -> list[ArticleAnnotations]:
    """One article per mention, each (text, spaCy label)."""
    return [
        ArticleAnnotations(f"a{i}", entities=(EntityMention(text, label, 0, 0, len(text)),))
        for i, (text, label) in enumerate(mentions)
    ]


@pytest.mark.parametrize(
    "spellings",
    [
        ("Zelenskyy", "Zelensky", "Zelenskiy", "Zelenskii"),
        ("Sergey", "Sergei", "Sergej"),
        ("Khodorkovsky", "Hodorkovsky"),
        ("Medinsky", "Medinskiy"),
        ("Gaddafi", "Gadafi"),
    ],
)
def test_transliteration_variants_share_a_surname_key(spellings: tuple[str, ...]) -> None:
    assert len({surname_key(s) for s in spellings}) == 1


@pytest.mark.parametrize(("first", "second"), [("Lavrov", "Lavrova"), ("Ivanov", "Ivanova")])
def test_different_surnames_keep_different_keys(first: str, second: str) -> None:
    assert surname_key(first) != surname_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kiev", "Kyiv"),
        ("Turkey", "Türkiye"),
        ("U.S.", "the United States"),
        ("US Department of State", "U.S. State Department"),
        ("Russia's Defence Ministry", "Russian Defense Ministry"),
        ("the Amur Region", "Amur"),
        ("St. Louis", "Saint Louis"),
        ("Ft. Worth", "Fort Worth"),
        ("Mt. Vernon", "Mount Vernon"),
    ],
)
def test_place_and_organisation_variants_share_a_key(first: str, second: str) -> None:
    assert name_key(first) == name_key(second)


def test_name_variants_and_a_mistyped_surname_are_one_person() -> None:
    entities = canonicalise(
        _annotations(
            ("Volodymyr Zelenskyy", "PERSON"),
            ("Volodymyr Zelensky", "PERSON"),
            ("Zelenskiy", "ORG"),
            ("V. Zelensky", "ORG"),
        )
    )
    assert [(e.name, e.type, len(e.mentions)) for e in entities] == [
        ("Volodymyr Zelenskyy", "PERSON", 4)
    ]


def test_two_people_sharing_a_surname_stay_apart_and_a_lone_surname_joins_neither() -> None:
    entities = canonicalise(
        _annotations(("Donald Trump", "PERSON"), ("Melania Trump", "PERSON"), ("Trump", "PERSON"))
    )
    assert sorted(e.name for e in entities) == ["Donald Trump", "Melania Trump", "Trump"]


def test_type_is_voted_so_a_known_place_is_a_place() -> None:
    entities = canonicalise(_annotations(("Kiev", "PERSON"), ("Kyiv", "GPE")))
    assert [(e.name, e.type, set(e.aliases)) for e in entities] == [("Kyiv", "GPE", {"Kiev"})]


def test_nationality_words_make_no_entity() -> None:
    assert canonicalise(_annotations(("Russian", "NORP"))) == ()
