"""`newsfuse watch` against a local news site (tests/fetch/site.py), never the internet:
feeds, a sitemap index and pages followed into a store politely; an unchanged feed and
pages already read cost nothing the next round; hostile sources end in a recorded reason,
within the limits, never a traceback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsfuse.cli import main
from newsfuse.config import FetchSettings
from newsfuse.errors import InputError
from newsfuse.fetch import PoliteClient, source_urls, watch_round
from newsfuse.store import open_store
from tests.conftest import shared_data
from tests.fetch.site import PAGES, NewsSite

#: Fast but real limits: 1 MB, 2 s a response, two attempts.
FAST = FetchSettings(
    per_host_interval=0.0, max_bytes=1_000_000, max_seconds=2.0, attempts=2, backoff=0.05
)
FAST_TOML = """
[fetch]
per_host_interval = 0.0
max_bytes = 1000000
max_seconds = 2.0
attempts = 2
backoff = 0.05
"""


@pytest.fixture
def site() -> Iterator[NewsSite]:
    with NewsSite(shared_data("l3s-gn1-sample", "input")) as served:
        yield served


def test_watch_follows_feeds_and_sitemaps_into_stories(
    site: NewsSite, tmp_path: Path, settings_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'watch.db'}"
    config = tmp_path / "watch.toml"
    config.write_text(settings_file.read_text(encoding="utf-8") + FAST_TOML, encoding="utf-8")
    sources = [f"{site.url}/rss.xml", f"{site.url}/atom.xml", f"{site.url}/sitemap.xml"]
    command = ["watch", *sources, "--db", db, "--config", str(config), "--once"]

    assert main(command) == 0

    with open_store(db) as store:
        stored = {a.article.url: a for a in store.load_articles()}
        assert store.counts().queued == 0
        assert not store.counts().stale
    # Four public pages (kosovo listed twice: read once); the flaky one on its second try.
    public = {f"{site.url}{path}" for path in PAGES if path.startswith("/news/")}
    assert set(stored) == public | {f"{site.url}/news/flaky.html"}
    kosovo = stored[f"{site.url}/news/kosovo.html"].article
    assert kosovo.title is not None
    assert "Kosovo" in kosovo.title
    assert "Joachim Rücker told reporters" in kosovo.text
    assert kosovo.status == 200
    assert all(a.story_id is not None for a in stored.values())
    assert site.hits["/private/anelka.html"] == 0  # robots.txt disallows /private/
    assert site.hits["/news/kosovo.html"] == 1
    assert site.hits["/news/flaky.html"] == 2
    captured = capsys.readouterr()
    printed = " ".join((captured.out + captured.err).split())  # unwrapped
    assert "disallowed by the site's robots.txt" in printed
    assert "withdrawn.html: HTTP 404" in printed

    assert site.hits["/news/busy.html"] == 2  # 503 twice: this round's attempts are spent

    # The next round: the feeds answer 304, no page is fetched again but the one that
    # failed for a passing reason, which now serves.
    before = {path: n for path, n in site.hits.items() if path.startswith("/news/")}
    assert main(command) == 0
    after = {path: n for path, n in site.hits.items() if path.startswith("/news/")}
    assert {path for path in after if after[path] != before.get(path)} == {"/news/busy.html"}
    with open_store(db) as store:
        urls = {a.article.url for a in store.load_articles()}
        records = store.fetch_records([f"{site.url}/rss.xml", f"{site.url}/news/withdrawn.html"])
    assert urls == set(stored) | {f"{site.url}/news/busy.html"}
    assert records[f"{site.url}/rss.xml"].status == 304
    assert records[f"{site.url}/news/withdrawn.html"].error == "HTTP 404"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/big.xml", "past 1000000 bytes"),
        ("/bomb.xml", "past 1000000 bytes"),
        ("/loop", "more than 5 redirects"),
        ("/drip.xml", "past 2 s"),
        ("/gone.xml", "HTTP 404"),
        ("/bad.xml", "malformed feed"),
    ],
)
def test_hostile_sources_end_in_a_recorded_reason_within_the_limits(
    site: NewsSite, tmp_path: Path, path: str, reason: str
) -> None:
    started = time.monotonic()
    with open_store(str(tmp_path / "hostile.db")) as store, PoliteClient(FAST) as client:
        report = watch_round([site.url + path], store, client)
        record = store.fetch_records([site.url + path])[site.url + path]
    assert time.monotonic() - started < 15
    [(url, why)] = report.problems
    assert url == site.url + path
    assert reason in why
    assert reason in (record.error or "")
    assert report.queued == 0


def test_a_source_list_names_the_line_that_is_not_a_url(tmp_path: Path) -> None:
    listed = tmp_path / "feeds.txt"
    listed.write_text("# my feeds\nhttps://example.org/rss.xml\n\nfeeds.example.org/atom\n")
    with pytest.raises(InputError, match=r"feeds.txt:4: not an http\(s\) URL"):
        source_urls([str(listed)])
    listed.write_text("# my feeds\nhttps://example.org/rss.xml\n")
    assert source_urls([str(listed), "https://example.org/rss.xml"]) == [
        "https://example.org/rss.xml"
    ]
    with pytest.raises(InputError, match="neither an http"):
        source_urls([str(tmp_path / "absent.txt")])


def test_links_that_are_no_urls_and_redirects_into_disallowed_paths_are_passed_over(
    site: NewsSite, tmp_path: Path
) -> None:
    with open_store(str(tmp_path / "odd.db")) as store, PoliteClient(FAST) as client:
        report = watch_round([site.url + "/odd.xml"], store, client)
        queued = [item.article for item in store.queued_articles(limit=10)]
    assert report.queued == 1  # poland.html, the one real article link
    assert dict(report.problems) == {
        f"{site.url}/go-private": "disallowed by the site's robots.txt"
    }
    assert site.hits["/private/anelka.html"] == 0
    assert [a.url for a in queued if a is not None] == [f"{site.url}/news/poland.html"]


def test_a_host_whose_robots_txt_fails_is_left_alone_until_it_answers(tmp_path: Path) -> None:
    with (
        NewsSite(shared_data("l3s-gn1-sample", "input"), robots_status=503) as site,
        open_store(str(tmp_path / "robots.db")) as store,
        PoliteClient(FAST) as client,
    ):
        first = watch_round([site.url + "/rss.xml"], store, client)
        assert site.hits["/rss.xml"] == 0
        [(_, why)] = first.problems
        assert "robots.txt could not be read" in why
        site.robots_status = 200  # the next round asks robots.txt again
        second = watch_round([site.url + "/rss.xml"], store, client)
    assert site.hits["/rss.xml"] == 1
    assert second.fetched > 0
