"""The local runner on the seeds and on inputs that repeat ids."""

from __future__ import annotations

import json
from pathlib import Path

import newsfuse
from newsfuse.model import SkipReason
from newsfuse.render.markdown import escape_markdown, render_markdown
from newsfuse.runners.local import STAGES, run_pipeline, write_outputs
from tests.conftest import SEEDS

SEED_IDS = {path.stem for path in SEEDS.glob("*.txt")}


def test_the_five_seeds_are_one_story() -> None:
    result = run_pipeline([SEEDS])
    assert [set(story.article_ids) for story in result.stories] == [SEED_IDS]


def test_story_ids_are_stable_across_runs_and_input_order() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    first = run_pipeline(paths).stories
    again = run_pipeline(list(reversed(paths))).stories
    assert [s.story_id for s in first] == [s.story_id for s in again]


def test_brief_cites_only_articles_of_its_story() -> None:
    result = run_pipeline([SEEDS])
    for brief, story in zip(result.briefs, result.stories, strict=True):
        assert {source.id for source in brief.sources} == set(story.article_ids)
        texts = {a.id: a.clean_text for a in result.articles}
        for sentence in brief.summary:
            assert set(sentence.sources) <= set(story.article_ids)
            # Worded as one cited source words it; each cited source has its own passage.
            assert any(p.text.endswith(sentence.text[1:]) for p in sentence.passages)
            for passage in sentence.passages:
                assert passage.text in texts[passage.article_id]
            assert {p.article_id for p in sentence.passages} == set(sentence.sources)


def test_same_file_twice_is_one_article_and_one_recorded_skip() -> None:
    seed = SEEDS / "004_5719f1dc47fb68ca.txt"
    result = run_pipeline([seed, seed])
    assert len(result.articles) == 1
    assert [s.reason for s in result.report.skipped] == [SkipReason.DUPLICATE]


def test_clashing_ids_with_different_text_are_renamed_not_lost(tmp_path: Path) -> None:
    records = [
        {"id": "x", "text": "The bridge closed on Monday."},
        {"id": "x", "text": "A ferry opened."},
    ]
    path = tmp_path / "clash.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = run_pipeline([path])
    assert [a.id for a in result.articles] == ["x", "x~2"]
    assert [w.kind for w in result.report.warnings] == ["renamed_id"]


def test_report_counts_removals_by_reason() -> None:
    report = run_pipeline([SEEDS]).report
    counts = {reason.value: n for reason, n in report.removals}
    assert counts["repeated_paragraph"] == 10
    assert counts["link_list"] == 9
    assert report.inputs == 5
    assert report.articles == 5


def test_timings_name_every_stage_once_in_run_order() -> None:
    timings = run_pipeline([SEEDS]).timings
    assert tuple(timings) == STAGES
    assert all(seconds >= 0 for seconds in timings.values())


def test_markdown_escapes_hostile_text() -> None:
    assert escape_markdown("<script>alert(1)</script> [x](javascript:1)") == (
        "\\<script\\>alert(1)\\</script\\> \\[x\\](javascript:1)"
    )
    brief = run_pipeline([SEEDS]).briefs[0]
    assert "<" not in render_markdown(brief).replace("\\<", "")


def test_public_api_is_listed() -> None:
    exported = set(newsfuse.__all__)
    assert {"run", "read", "clean", "group_stories", "write_brief", "Article", "Brief"} <= exported
    assert all(hasattr(newsfuse, name) for name in exported)
    assert newsfuse.run([SEEDS])[0].headline


def test_outputs_carry_families(tmp_path: Path) -> None:
    result = run_pipeline([SEEDS])
    write_outputs(result, tmp_path)
    families = [json.loads(line) for line in (tmp_path / "families.jsonl").read_text().splitlines()]
    articles = [json.loads(line) for line in (tmp_path / "articles.jsonl").read_text().splitlines()]
    assert {tuple(f["members"]) for f in families} == {(seed,) for seed in SEED_IDS}
    assert {a["family"] for a in articles} == {f["family_id"] for f in families}
    assert json.loads((tmp_path / "report.json").read_text())["families"] == 5
