"""The HTML brief and index: escaping, citations that land, the charts, the sections."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest

from newsfuse.errors import StoreError
from newsfuse.model import Article, Brief, SourceRecord, TimelineEntry
from newsfuse.render.html import (
    render_brief_html,
    render_index_html,
    timeline_chart,
    write_html_outputs,
)
from newsfuse.runners.local import RunResult, write_outputs
from tests.render.conftest import A0, A1, A2, A3, A4, HOSTILE_ID
from tests.render.pages import SECTIONS, parse


@pytest.fixture
def hostile_html(hostile_brief: Brief, hostile_articles: dict[str, Article]) -> str:
    return render_brief_html(hostile_brief, hostile_articles)


@pytest.fixture(scope="session")
def seeds_html(full_brief: Brief, seed_articles: dict[str, Article]) -> str:
    return render_brief_html(full_brief, seed_articles)


# --- escaping --------------------------------------------------------------------------


def test_no_markup_from_article_data_survives(hostile_html: str) -> None:
    lowered = hostile_html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<b " not in lowered
    assert "<i>" not in lowered
    assert "&lt;script&gt;window.__x=1&lt;/script&gt;" in hostile_html  # shown, as text


def test_no_event_handler_attribute_is_injected(hostile_html: str) -> None:
    page = parse(hostile_html)
    names = {name for element in page.elements for name in element.attrs}
    assert not {name for name in names if name.startswith("on")}


def test_hostile_id_stays_inside_its_attribute(hostile_html: str) -> None:
    page = parse(hostile_html)
    assert f"s-{HOSTILE_ID}-0" in page.ids
    assert f"src-{HOSTILE_ID}" in page.ids


@pytest.mark.parametrize("url", ["javascript:window.__x=3", "data:text/html,<script>"])
def test_only_web_urls_become_links(hostile_html: str, url: str) -> None:
    page = parse(hostile_html)
    hrefs = [element.attrs["href"] for element in page.find("a")]
    assert not [href for href in hrefs if not href.startswith(("#", "https:", "../", "briefs/"))]
    assert any(url in element.text for element in page.find("dd"))


def test_web_url_is_linked_with_its_query_escaped(hostile_html: str) -> None:
    assert 'href="https://example.org/a?b=1&amp;c=&lt;2&gt;"' in hostile_html


def test_page_forbids_scripts_and_outside_assets(hostile_html: str) -> None:
    page = parse(hostile_html)
    (policy,) = page.find("meta", **{"http-equiv": "Content-Security-Policy"})
    assert "default-src 'none'" in policy.attrs["content"]
    assert "script-src" not in policy.attrs["content"]
    assert not page.find("link")
    assert not page.find("script")


# --- citations -------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["seeds", "hostile"])
def test_every_in_page_link_lands_on_an_anchor(
    which: str, seeds_html: str, hostile_html: str
) -> None:
    page = parse(seeds_html if which == "seeds" else hostile_html)
    missing = [target for target in page.fragment_links() if target not in page.ids]
    assert not missing


def test_citations_open_the_cited_sentence(seeds_html: str, full_brief: Brief) -> None:
    page = parse(seeds_html)
    targets = set(page.fragment_links())
    for fact in full_brief.facts:
        for passage in fact.passages:
            assert f"s-{passage.article_id}-{passage.sentence}" in targets


def test_cited_sentence_anchor_holds_its_words(
    seeds_html: str, full_brief: Brief, seed_articles: dict[str, Article]
) -> None:
    page = parse(seeds_html)
    passage = full_brief.facts[2].passages[0]  # "a total of 41 Russian warplanes were hit"
    (span,) = page.find(id=f"s-{passage.article_id}-{passage.sentence}")
    assert "a total of 41 Russian warplanes were hit" in span.text
    assert "cited" in span.attrs["class"].split()


def test_statement_without_passage_links_its_source(hostile_html: str) -> None:
    page = parse(hostile_html)
    single = [e for e in page.elements if e.tag == "section" and e.attrs.get("id")]
    assert single  # the page has sections
    assert "src-unsplit" in page.fragment_links()


def test_source_outside_the_brief_is_named_not_linked(hostile_html: str) -> None:
    page = parse(hostile_html)
    assert [e.text for e in page.find("span", class_="missing")] == ["not-in-brief"]


def test_quote_cites_the_sentence_its_source_quotes_it_in(seeds_html: str) -> None:
    # 001 and 003 quote Lavrov: "the results will be published in the very near future."
    links = parse(seeds_html).fragment_links()
    assert f"s-{A1}-9" in links
    assert f"s-{A3}-5" in links


def test_article_without_annotations_is_anchored_by_paragraph(hostile_html: str) -> None:
    assert "p-unsplit-0" in parse(hostile_html).ids


def test_sentences_keep_the_article_text_whole(
    seeds_html: str, seed_articles: dict[str, Article]
) -> None:
    page = parse(seeds_html)
    article = seed_articles[A0]
    spans = [
        e for e in page.find("span", class_="sentence") if e.attrs["id"].startswith(f"s-{A0}-")
    ]
    assert len(spans) == len(article.annotations.sentences)  # type: ignore[union-attr]
    assert "".join(span.text for span in spans).replace(" ", "") in article.clean_text.replace(
        "\n", ""
    ).replace(" ", "")


def test_pipeline_brief_of_the_seeds_cites_only_what_the_page_holds(
    seeds_run: RunResult,
) -> None:
    articles = {article.id: article for article in seeds_run.articles}
    (brief,) = seeds_run.briefs
    page = parse(render_brief_html(brief, articles))
    assert set(SECTIONS) <= page.ids
    assert {f"src-{source.id}" for source in brief.sources} <= page.ids
    missing = [target for target in page.fragment_links() if target not in page.ids]
    assert not missing
    # Each of the seeds' sentences is an anchor.
    sentences = sum(len(a.annotations.sentences) for a in articles.values() if a.annotations)
    assert len([i for i in page.ids if i.startswith("s-")]) == sentences


def test_write_outputs_writes_the_html_beside_the_json(
    tmp_path: Path, seeds_run: RunResult
) -> None:
    write_outputs(seeds_run, tmp_path)
    (brief,) = seeds_run.briefs
    assert (tmp_path / "briefs" / f"{brief.story_id}.html").is_file()
    assert f'href="briefs/{brief.story_id}.html"' in (tmp_path / "index.html").read_text(
        encoding="utf-8"
    )


# --- sections and charts ---------------------------------------------------------------


def test_page_has_every_section(seeds_html: str) -> None:
    ids = parse(seeds_html).ids
    assert set(SECTIONS) <= ids


def test_empty_brief_renders_every_section_as_empty() -> None:
    page = parse(render_brief_html(Brief("s1", "Nothing yet"), {}))
    sections = {e.attrs["id"]: e for e in page.find("section")}
    assert set(sections) == set(SECTIONS)
    assert all("none" in sections[name].attrs.get("class", "") for name in SECTIONS[:-1])


def test_coverage_cells_match_the_facts_sources(seeds_html: str, full_brief: Brief) -> None:
    page = parse(seeds_html)
    rows = {e.attrs["data-source"] for e in page.find("tr") if "data-source" in e.attrs}
    assert rows == {source.id for source in full_brief.sources}
    html = seeds_html
    for source in full_brief.sources:
        row = re.search(rf'<tr data-source="{re.escape(source.id)}">(.*?)</tr>', html)
        assert row is not None
        cells = re.findall(r'<td data-fact="(\d+)"( class="on")?', row.group(1))
        filled = {int(number) for number, on in cells if on}
        expected = {n for n, fact in enumerate(full_brief.facts, 1) if source.id in fact.sources}
        assert filled == expected, source.id
        assert len(cells) == len(full_brief.facts)


def test_coverage_by_hand_for_the_seeds(seeds_html: str) -> None:
    # Read from the hand-written facts: 004 carries facts 1, 2, 3; 000 only fact 2.
    rows = dict(re.findall(r'<tr data-source="([^"]+)">(.*?)</tr>', seeds_html))
    assert re.findall(r'data-fact="(\d)" class="on"', rows[A4]) == ["1", "2", "3"]
    assert re.findall(r'data-fact="(\d)" class="on"', rows[A0]) == ["2"]
    assert re.findall(r'data-fact="(\d)" class="on"', rows[A2]) == ["1", "2", "4"]


def test_conflict_is_boxed_with_each_claim_cited(seeds_html: str) -> None:
    page = parse(seeds_html)
    assert len(page.find("div", class_="conflict")) == 1
    claims = page.find("li", class_="claim")
    assert len(claims) == 2
    # 000's sentences from 0, "…, Caliber.Az reports, …" one of them.
    assert f"s-{A0}-7" in page.fragment_links()  # "On the night of May 31"
    assert f"s-{A0}-3" in page.fragment_links()  # "which occurred on June 1"


def test_timeline_chart_puts_days_in_order_and_stacks_one_day(full_brief: Brief) -> None:
    chart = timeline_chart(full_brief)
    assert chart is not None
    assert [tick.label for tick in chart.ticks] == ["16 May 2025", "31 May", "1 Jun", "2 Jun"]
    xs = [tick.x for tick in chart.ticks]
    assert xs == sorted(xs)
    assert (xs[0], xs[-1]) == (chart.left, chart.right)
    on_june_first = [p for p in chart.points if p.title.startswith("2025-06-01")]
    assert len(on_june_first) == 2
    assert on_june_first[0].x == on_june_first[1].x
    assert on_june_first[0].y != on_june_first[1].y


def test_a_long_gap_is_shortened_and_marked(full_brief: Brief) -> None:
    # 16 May is 15 days before the rest (31 May - 2 Jun): drawn as a week, with a break.
    chart = timeline_chart(full_brief)
    assert chart is not None
    may16, may31, june1, june2 = (tick.x for tick in chart.ticks)
    assert len(chart.breaks) == 1
    assert may16 < chart.breaks[0] < may31
    assert may31 - may16 == pytest.approx(7 * (june1 - may31), abs=1)
    assert june2 - june1 == pytest.approx(june1 - may31, abs=1)


def test_close_days_get_labels_on_different_rows() -> None:
    days = [dt.date(2025, 6, day) for day in range(1, 16)]
    chart = timeline_chart(Brief("s1", "Daily", timeline=tuple(_entry(day) for day in days)))
    assert chart is not None
    assert not chart.breaks
    for before, after in itertools.pairwise(chart.ticks):
        assert after.x - before.x < 64
        assert after.y != before.y


def test_a_busy_day_stacks_at_most_six_points() -> None:
    entries = tuple(_entry(dt.date(2025, 6, 1)) for _ in range(10))
    chart = timeline_chart(Brief("s1", "Busy", timeline=entries))
    assert chart is not None
    assert [point.label for point in chart.points] == ["1", "2", "3", "4", "5", "+5"]
    assert chart.points[-1].number == 6  # "+5" opens the sixth entry of the list


def test_single_day_timeline_is_centred() -> None:
    brief = Brief("s1", "One day", timeline=(_entry(dt.date(2025, 6, 1)),) * 2)
    chart = timeline_chart(brief)
    assert chart is not None
    assert {point.x for point in chart.points} == {(chart.left + chart.right) / 2}


def test_timeline_svg_points_link_to_the_list(seeds_html: str) -> None:
    page = parse(seeds_html)
    assert len(page.find("circle")) == 5
    assert {f"tl-{n}" for n in range(1, 6)} <= page.ids


def test_sources_show_status_family_voice_and_removals(seeds_html: str) -> None:
    assert '<span class="status-bad">403</span>' in seeds_html
    assert "a legal disclaimer" in seeds_html  # REMOVAL_REASON_TEXT, for 001's disclaimer
    assert "one voice with" in seeds_html  # 001 and 003 are one voice


def test_unique_facts_link_to_the_fact_by_id_or_text(seeds_html: str) -> None:
    page = parse(seeds_html)
    links = [e for e in page.find("a") if e.attrs.get("href") in {"#fact-3", "#fact-4"}]
    texts = {e.text for e in links}
    assert "A total of 41 Russian warplanes were hit." in texts
    assert "117 drones were used in the operation." in texts


def test_fact_shows_sources_and_independent_sources(seeds_html: str) -> None:
    assert "4 sources, 3 independent" in seeds_html


def test_quantity_shows_its_qualifier(seeds_html: str) -> None:
    assert "at least 7 people killed" in seeds_html


# --- index and files -------------------------------------------------------------------


def _entry(day: dt.date) -> TimelineEntry:
    return TimelineEntry(day, "x", ("a",))


def _brief(story_id: str, headline: str, *dates: dt.date | None) -> Brief:
    sources = tuple(
        SourceRecord(f"{story_id}-{n}", None, date, None, f"f{n}") for n, date in enumerate(dates)
    )
    return Brief(story_id, headline, sources=sources)


def test_index_lists_biggest_story_first_then_by_headline() -> None:
    briefs = [
        _brief("s1", "Small", dt.date(2025, 6, 1)),
        _brief("s2", "Zeta big", dt.date(2025, 6, 1), dt.date(2025, 6, 3), None),
        _brief("s3", "Alpha big", None, dt.date(2025, 6, 2), dt.date(2025, 6, 2)),
    ]
    page = parse(render_index_html(briefs))
    links = [e for e in page.find("a") if e.attrs["href"].startswith("briefs/")]
    assert [e.attrs["href"] for e in links] == [
        "briefs/s3.html",
        "briefs/s2.html",
        "briefs/s1.html",
    ]
    assert [e.text for e in links] == ["Alpha big", "Zeta big", "Small"]


def test_index_shows_source_count_and_date_range() -> None:
    html = render_index_html([_brief("s2", "Big", dt.date(2025, 6, 3), dt.date(2025, 6, 1), None)])
    assert '<td class="n">3</td>' in html
    assert "2025-06-01 – 2025-06-03" in html


def test_index_escapes_headlines() -> None:
    html = render_index_html([_brief("s1", "<script>alert(1)</script>")])
    assert "<script" not in html


def test_write_html_outputs_writes_briefs_and_index(
    tmp_path: Path, hostile_brief: Brief, hostile_articles: dict[str, Article]
) -> None:
    write_html_outputs([hostile_brief], hostile_articles, tmp_path)
    assert (
        (tmp_path / "briefs" / "s-hostile.html")
        .read_text(encoding="utf-8")
        .startswith("<!DOCTYPE html>")
    )
    assert 'href="briefs/s-hostile.html"' in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not list(tmp_path.rglob("*.tmp"))


@pytest.mark.parametrize("story_id", ["../evil", ".hidden", "a/b"])
def test_write_html_outputs_refuses_ids_that_leave_the_folder(
    tmp_path: Path, story_id: str
) -> None:
    with pytest.raises(StoreError, match="cannot name a file"):
        write_html_outputs([Brief(story_id, "x")], {}, tmp_path / "out")


def test_templates_ship_with_the_package() -> None:
    import newsfuse.render

    folder = Path(newsfuse.render.__file__).parent / "templates"
    assert {"base.html", "brief.html", "index.html", "macros.html"} <= {
        p.name for p in folder.iterdir()
    }
