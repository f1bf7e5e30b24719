"""`newsfuse watch`: follow feeds, sitemaps and URL lists into a store.

A round fetches each source (conditionally: an unchanged feed costs one 304), takes the
links it lists that the store has never fetched, fetches those pages, reads each with the
HTML reader into an article that keeps its URL and HTTP status, and queues the articles
as `POST /api/articles` does; the worker (`runners.intake`) then stores and groups them.
Every URL's outcome is recorded in the store, so a URL already seen costs nothing next
round, and a page that failed for a passing reason is tried again, a few times at most.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from newsfuse.config import FetchSettings
from newsfuse.errors import InputError
from newsfuse.fetch.client import Fetched, PoliteClient
from newsfuse.fetch.sources import SourceLinks, read_source
from newsfuse.ids import stable_id
from newsfuse.model import Article, Skip
from newsfuse.read.html import html_to_page
from newsfuse.store import Store
from newsfuse.store.fetched import FetchRecord

__all__ = ["WatchRound", "source_urls", "watch_round"]

logger = logging.getLogger(__name__)

# Pages fetched, then queued and recorded together: what a round holds in memory at most.
_PAGES_AT_ONCE = 20


@dataclass
class WatchRound:
    """What one round did: per source, and the pages it read."""

    sources: int = 0
    unchanged: int = 0
    links: int = 0
    already_seen: int = 0
    fetched: int = 0
    retried: int = 0
    queued: int = 0
    # (url, why) for every source or page that gave no article this round.
    problems: list[tuple[str, str]] = field(default_factory=list)
    # The pages fetched this round.
    tried: set[str] = field(default_factory=set)


def source_urls(arguments: Iterable[str]) -> list[str]:
    """The sources named on the command line: URLs, or files listing one URL a line
    (blank lines and `#` comments ignored)."""
    urls: list[str] = []
    for argument in arguments:
        if argument.startswith(("http://", "https://")):
            urls.append(argument)
            continue
        path = Path(argument)
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            why = f"neither an http(s) URL nor a readable list of URLs ({exc})"
            raise InputError(argument, why) from exc
        for number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not line.startswith(("http://", "https://")):
                raise InputError(f"{path}:{number}", f"not an http(s) URL: {line[:200]!r}")
            urls.append(line)
    if not urls:
        raise InputError("watch", "no sources to watch (the lists given hold no URL)")
    return list(dict.fromkeys(urls))


def watch_round(sources: Sequence[str], store: Store, client: PoliteClient) -> WatchRound:
    """Fetch every source once and queue the articles of the pages they list that the store
    has not fetched before; then try again the pages that failed for a passing reason."""
    report = WatchRound()
    client.new_round()
    for url in sources:
        report.sources += 1
        try:
            _watch_source(url, store, client, report)
        except Exception as exc:  # one source's surprise must not end the round
            logger.exception("watching %s failed", url)
            report.problems.append((url, f"failed: {type(exc).__name__}: {exc}"[:300]))
    again = [
        url
        for url in store.pages_to_retry(
            max_attempts=client.settings.page_attempts, limit=client.settings.max_links
        )
        if url not in report.tried  # failed this very round: its next try is next round
    ]
    report.retried = len(again)
    _fetch_pages(again, store, client, report, retrying=True)
    return report


def _watch_source(url: str, store: Store, client: PoliteClient, report: WatchRound) -> None:
    known = store.fetch_records([url]).get(url)
    fetched = client.get(
        url,
        etag=known.etag if known else None,
        last_modified=known.last_modified if known else None,
    )
    if fetched.not_modified:
        report.unchanged += 1
        store.record_fetches([_record(fetched, "source", known)])
        return
    if fetched.content is None:
        report.problems.append((url, fetched.error or "no content"))
        store.record_fetches([_record(fetched, "source", None)])
        return
    read = read_source(fetched.content, url=fetched.final_url, content_type=fetched.content_type)
    if read.kind == "page":  # the source is an article itself
        _queue_pages([fetched], store, report, {})
        return
    if read.problem:
        report.problems.append((url, read.problem))
    links = _links(read, client, client.settings, report)
    report.links += len(links)
    _fetch_pages(links, store, client, report)
    # The source's validators only once its pages are in: a round cut short fetches the
    # source in full next time, and pages already read are skipped then.
    store.record_fetches([_record(fetched, "source", None, error=read.problem)])


def _links(
    read: SourceLinks, client: PoliteClient, settings: FetchSettings, report: WatchRound
) -> list[str]:
    """The page links of a source, following a sitemap index's sitemaps (a few)."""
    links = list(read.links)
    for sitemap in read.sitemaps[: settings.max_sitemaps]:
        nested = client.get(sitemap)
        if nested.content is None:
            report.problems.append((sitemap, nested.error or "no content"))
            continue
        inner = read_source(nested.content, url=nested.final_url, content_type=nested.content_type)
        if inner.problem:
            report.problems.append((sitemap, inner.problem))
        links.extend(inner.links)
    return list(dict.fromkeys(links))[: settings.max_links]


def _fetch_pages(
    links: Sequence[str],
    store: Store,
    client: PoliteClient,
    report: WatchRound,
    *,
    retrying: bool = False,
) -> None:
    """Fetch the pages of `links` not read before (or, `retrying`, those given), queuing
    and recording them a few at a time, so a round holds few pages in memory."""
    known = store.fetch_records(links)
    attempts = client.settings.page_attempts
    todo = []
    for link in links:
        record = known.get(link)
        if (
            not retrying
            and record is not None
            and not (record.retry and record.attempts < attempts)
        ):
            report.already_seen += 1
            continue
        todo.append(link)
    report.tried.update(todo)
    for start in range(0, len(todo), _PAGES_AT_ONCE):
        pages = [client.get(link) for link in todo[start : start + _PAGES_AT_ONCE]]
        report.fetched += len(pages)
        _queue_pages(pages, store, report, known)


def _queue_pages(
    pages: Sequence[Fetched], store: Store, report: WatchRound, known: dict[str, FetchRecord]
) -> None:
    """Read each fetched page into an article (id from its URL), queue the articles, and
    record every page's outcome."""
    articles: list[Article] = []
    records: list[FetchRecord] = []
    for fetched in pages:
        previous = known.get(fetched.url)
        if fetched.content is None:
            report.problems.append((fetched.url, fetched.error or "no content"))
            records.append(_record(fetched, "page", previous))
            continue
        article_id = "url:" + stable_id(fetched.final_url)
        page = html_to_page(
            fetched.content,
            article_id=article_id,
            origin=fetched.final_url,
            url=fetched.final_url,
            status=fetched.status,
        )
        if isinstance(page, Skip):
            why = f"{page.reason.value}: {page.detail}"
            report.problems.append((fetched.url, why))
            records.append(_record(fetched, "page", previous, error=why))
            continue
        articles.append(page.article)
        records.append(_record(fetched, "page", previous, article_id=article_id))
    if articles:
        report.queued += len(store.enqueue_articles(articles).queued)
    store.record_fetches(records)


def _record(
    fetched: Fetched,
    kind: Literal["source", "page"],
    previous: FetchRecord | None,
    *,
    article_id: str | None = None,
    error: str | None = None,
) -> FetchRecord:
    """The store's record of `fetched`; a 304 keeps the validators it answered to."""
    attempts = (previous.attempts if previous else 0) + 1
    return FetchRecord(
        url=fetched.url,
        kind=kind,
        status=fetched.status,
        etag=fetched.etag or (previous.etag if previous else None),
        last_modified=fetched.last_modified or (previous.last_modified if previous else None),
        article_id=article_id,
        error=error or fetched.error,
        retry=fetched.retry,
        attempts=attempts,
    )
