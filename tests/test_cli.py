"""The `newsfuse` command through `main([...])`: outputs written, and exit codes scripts trust."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from newsfuse.cli import main
from tests.conftest import without_root_override

SEEDS = Path(__file__).resolve().parents[1] / "examples" / "seeds"
SEED_IDS = {path.stem for path in SEEDS.glob("*.txt")}

ARTICLE_KEYS = {"id", "source", "published", "status", "title", "text", "removals"}
STORY_KEYS = {"story_id", "headline", "articles", "evidence"}
# The brief's keys in the contract of ../shared/DESIGN.md (extend freely, never drop).
BRIEF_KEYS = {
    "story_id",
    "headline",
    "summary",
    "timeline",
    "facts",
    "quantities",
    "entities",
    "quotes",
    "conflicts",
    "single_source",
    "sources",
}


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _report(out: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The outputs of one `run` on the seeds (asserted to exit 0)."""
    out = tmp_path_factory.mktemp("run") / "out"
    assert main(["run", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    return out


def test_run_on_seeds_writes_one_article_line_per_seed(seeds_out: Path) -> None:
    articles = _lines(seeds_out / "articles.jsonl")
    assert {article["id"] for article in articles} == SEED_IDS
    assert len(articles) == 5
    for article in articles:
        assert set(article) >= ARTICLE_KEYS


def test_run_on_seeds_puts_every_seed_in_exactly_one_story(seeds_out: Path) -> None:
    stories = _lines(seeds_out / "stories.jsonl")
    assert stories
    assert all(set(story) == STORY_KEYS for story in stories)
    members = [article_id for story in stories for article_id in story["articles"]]
    assert sorted(members) == sorted(SEED_IDS)


def test_run_on_seeds_links_its_one_story_into_one_dated_storyline(seeds_out: Path) -> None:
    (story,) = _lines(seeds_out / "stories.jsonl")
    (storyline,) = _lines(seeds_out / "storylines.jsonl")
    assert set(storyline) == {"storyline_id", "title", "stories", "first", "last"}
    assert storyline["stories"] == [story["story_id"]]
    assert storyline["title"] == story["headline"]
    # The seeds were published on June 1 and June 2, 2025.
    assert (storyline["first"], storyline["last"]) == ("2025-06-01", "2025-06-02")


def test_run_on_seeds_writes_a_brief_per_story(seeds_out: Path) -> None:
    for story in _lines(seeds_out / "stories.jsonl"):
        brief = json.loads(
            (seeds_out / "briefs" / f"{story['story_id']}.json").read_text(encoding="utf-8")
        )
        assert set(brief) >= BRIEF_KEYS
        assert brief["story_id"] == story["story_id"]
        assert (seeds_out / "briefs" / f"{story['story_id']}.md").is_file()


def test_run_on_seeds_reports_what_it_read(seeds_out: Path) -> None:
    report = _report(seeds_out)
    assert (report["inputs"], report["articles"]) == (5, 5)


def test_run_with_no_readable_input_exits_1_and_still_reports(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "junk.txt").write_bytes(b"\x00\x01\x02\x03" * 64)
    out = tmp_path / "out"
    assert main(["run", str(inputs), "--out", str(out), "--quiet"]) == 1
    skipped = {skip["input"]: skip["reason"] for skip in _report(out)["skips"]}
    assert skipped == {str(inputs / "empty.txt"): "empty", str(inputs / "junk.txt"): "binary"}


def test_run_with_a_missing_input_goes_on_and_reports_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    out = tmp_path / "out"
    assert main(["run", str(SEEDS), str(missing), "--out", str(out), "--quiet"]) == 0
    report = _report(out)
    assert report["articles"] == 5
    assert [(skip["input"], skip["reason"]) for skip in report["skips"]] == [
        (str(missing), "not_found")
    ]


def test_unknown_config_key_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "newsfuse.toml"
    config.write_text("[read]\nno_such_setting = 1\n", encoding="utf-8")
    code = main(["run", str(SEEDS), "--out", str(tmp_path / "out"), "--config", str(config)])
    assert code == 2
    stderr = capsys.readouterr().err
    assert "newsfuse:" in stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(
    ("setting", "complaint"),
    [
        ("max_story_members = 0", "max_story_members must be at least 1, got 0"),
        ("cohesion_ratio = 1.5", "cohesion_ratio must be between 0 and 1, got 1.5"),
        ("lsh_bits = 70", "lsh_bits must be at most 62, got 70"),
        ("max_story_members = true", "max_story_members must be int, got True"),
        (
            'embedding_model = "bert"',
            "embedding_model must be one of minilm, minilm-float32, static, got 'bert'",
        ),
    ],
)
def test_a_group_setting_out_of_range_exits_2_naming_file_and_setting(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str, complaint: str
) -> None:
    config = tmp_path / "newsfuse.toml"
    config.write_text(f"[group]\n{setting}\n", encoding="utf-8")
    code = main(["run", str(SEEDS), "--out", str(tmp_path / "out"), "--config", str(config)])
    assert code == 2
    stderr = capsys.readouterr().err
    assert f"{config} [group]: {complaint}" in stderr
    assert "Traceback" not in stderr


def test_out_on_an_existing_file_exits_3_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "taken"
    out.write_text("not a folder", encoding="utf-8")
    assert main(["run", str(SEEDS), "--out", str(out), "--quiet"]) == 3
    stderr = capsys.readouterr().err
    assert "newsfuse:" in stderr
    assert "Traceback" not in stderr
    assert out.read_text(encoding="utf-8") == "not a folder"


def test_report_counts_repairs_by_kind_beside_each_warning(tmp_path: Path) -> None:
    records = [
        {"id": "x", "text": "The bridge over the river closed on Monday after the storm."},
        {"id": "x", "text": "A ferry opened on Tuesday to carry people across the river."},
    ]
    path = tmp_path / "clash.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--quiet"]) == 0
    report = _report(out)
    assert report["warnings"] == 1
    assert report["warnings_by_kind"] == {"renamed_id": 1}
    assert [w["kind"] for w in report["warning_list"]] == ["renamed_id"]


def test_a_read_only_out_folder_exits_3_naming_it(tmp_path: Path, settings_file: Path) -> None:
    out = tmp_path / "read-only"
    out.mkdir(mode=0o555)
    command = [
        str(Path(sys.executable).with_name("newsfuse")),
        "run",
        str(SEEDS),
        "--out",
        str(out),
        "--quiet",
        "--config",
        str(settings_file),
    ]
    done = subprocess.run(
        without_root_override(command), capture_output=True, text=True, check=False
    )
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith(f"newsfuse: cannot write outputs to {out}")
    assert "Traceback" not in done.stderr
    assert list(out.iterdir()) == []


def test_run_with_no_workers_exits_2_naming_the_flag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", str(SEEDS), "--out", str(tmp_path / "out"), "--workers", "0"])
    assert code == 2
    stderr = capsys.readouterr().err
    assert "--workers must be at least 1, got 0" in stderr
    assert "Traceback" not in stderr


def test_timeline_on_seeds_writes_cited_days_in_order(
    tmp_path: Path, settings_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "timeline.json"
    code = main(["timeline", str(SEEDS), "--out", str(out), "--config", str(settings_file)])
    assert code == 0
    days = json.loads(out.read_text(encoding="utf-8"))
    dates = [day["date"] for day in days]
    assert dates == sorted(dates)
    assert "2025-06-01" in dates  # the Lavrov-Rubio call, Sunday June 1 in four seeds
    for day in days:
        for sentence in day["sentences"]:
            assert sentence["text"]
            assert set(sentence["sources"]) <= SEED_IDS
            assert sentence["sources"]
    assert f"{len(days)} days" in capsys.readouterr().out


def test_timeline_bad_counts_and_unreadable_input_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "timeline.json"
    assert main(["timeline", str(SEEDS), "--out", str(out), "--dates", "0"]) == 2
    assert "--dates must be at least 1" in capsys.readouterr().err
    empty = tmp_path / "in"
    empty.mkdir()
    (empty / "empty.txt").write_bytes(b"")
    assert main(["timeline", str(empty), "--out", str(out), "--quiet"]) == 1
    assert "no readable article" in capsys.readouterr().err
    assert not out.exists()


def test_eval_timeline_names_a_collection_no_input_holds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = tmp_path / "gold.jsonl"
    entry = {"date": "2025-06-01", "sentences": ["Lavrov and Rubio spoke by phone."]}
    gold.write_text(json.dumps({"collection": "calls", "timeline": "t", "entries": [entry]}))
    articles = tmp_path / "articles.jsonl"
    articles.write_text(json.dumps({"id": "a", "text": "x", "collection": "other"}) + "\n")
    assert main(["eval", "timeline", str(gold), str(articles)]) == 1
    assert "calls" in capsys.readouterr().err
    articles.write_text(json.dumps({"id": "a", "text": "x"}) + "\n")
    assert main(["eval", "timeline", str(gold), str(articles)]) == 1
    assert "articles.jsonl:1" in capsys.readouterr().err


def test_timeline_of_a_stored_storyline_is_the_timeline_of_its_briefs(
    tmp_path: Path, settings_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsfuse.store import open_store

    db, config = str(tmp_path / "store.db"), ["--config", str(settings_file)]
    out = tmp_path / "run"
    assert main(["run", str(SEEDS), "--out", str(out), "--db", db, "--quiet", *config]) == 0
    with open_store(db) as store:
        (line,) = store.list_storylines()
    stored, direct = tmp_path / "stored.json", tmp_path / "direct.json"
    args = ["--db", db, "--storyline", line.storyline_id, "--out", str(stored), *config]
    assert main(["timeline", *args]) == 0
    assert f"storyline {line.storyline_id}" in capsys.readouterr().out
    assert main(["timeline", str(SEEDS), "--out", str(direct), "--quiet", *config]) == 0
    assert json.loads(stored.read_text()) == json.loads(direct.read_text())
    missing = ["timeline", "--db", db, "--storyline", "lnope", "--out", str(stored)]
    assert main(missing) == 1
    assert "no storyline 'lnope'" in capsys.readouterr().err
    assert main(["timeline", "--db", db, "--out", str(stored)]) == 2
