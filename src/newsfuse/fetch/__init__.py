"""Fetching news from the web: `newsfuse watch` follows RSS/Atom feeds, sitemaps and URL
lists politely (`client`), reads what each lists (`sources`), and queues the pages' articles
into a store (`watch`)."""

from __future__ import annotations

from newsfuse.fetch.client import Fetched, PoliteClient
from newsfuse.fetch.sources import SourceLinks, read_source
from newsfuse.fetch.watch import WatchRound, source_urls, watch_round

__all__ = [
    "Fetched",
    "PoliteClient",
    "SourceLinks",
    "WatchRound",
    "read_source",
    "source_urls",
    "watch_round",
]
