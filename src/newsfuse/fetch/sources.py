"""What a fetched source is and the article links it lists: an RSS or Atom feed (read by
feedparser), a sitemap or sitemap index (its `<loc>` elements, read by lxml), a plain list of
URLs, or else a page that is itself an article."""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import feedparser
from lxml import etree

__all__ = ["SourceLinks", "read_source"]

_SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The root element's name, past a byte-order mark, the XML declaration, comments and a
# DOCTYPE (RSS 0.91 has one).
_XML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^>]*>)\s*)*"
    rb"<([A-Za-z_:][\w:.-]*)",
    re.S | re.I,
)
_URL_LINE = re.compile(r"^https?://\S+$")


@dataclass(frozen=True, slots=True)
class SourceLinks:
    """A source read: its kind, the page links it lists (newest first where it says when),
    the sitemaps a sitemap index lists, and the problem if it could not be read."""

    kind: Literal["feed", "sitemap", "url_list", "page"]
    links: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    problem: str | None = None


def read_source(content: bytes, *, url: str, content_type: str = "") -> SourceLinks:
    """The kind of `content` (fetched from `url`) and the links it lists."""
    root = _xml_root(content)
    if root in {"urlset", "sitemapindex"}:
        return _sitemap(content, url)
    if root in {"rss", "feed", "rdf:RDF", "RDF"} or "rss" in content_type or "atom" in content_type:
        return _feed(content, url)
    if content_type.startswith("text/plain"):
        lines = content.decode("utf-8", errors="replace").splitlines()
        links = [line.strip() for line in lines if _URL_LINE.match(line.strip())]
        return SourceLinks("url_list", tuple(dict.fromkeys(links)))
    if root is not None and root.lower() != "html" and "html" not in content_type:
        return SourceLinks(
            "feed", problem=f"XML with a <{root}> root is neither a feed nor a sitemap"
        )
    return SourceLinks("page")


def _xml_root(content: bytes) -> str | None:
    match = _XML_START.match(content[:4096])
    return match[1].decode("ascii", errors="replace") if match else None


def _feed(content: bytes, url: str) -> SourceLinks:
    parsed: Any = feedparser.parse(content, response_headers={"content-location": url})
    dated = []
    for position, entry in enumerate(parsed.entries):
        link = entry.get("link") or _alternate(entry)
        if not link:
            continue
        link = _absolute(url, link)
        if link is None:
            continue
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        stamp = time.mktime(when) if when else None
        dated.append((stamp, position, link))
    if parsed.bozo and not dated:  # what a lenient parse salvaged held no link
        return SourceLinks("feed", problem=f"malformed feed: {parsed.bozo_exception}"[:300])
    # Newest first where entries are dated; the feed's own order otherwise.
    dated.sort(key=lambda item: (item[0] is None, -(item[0] or 0), item[1]))
    return SourceLinks("feed", tuple(dict.fromkeys(link for _, _, link in dated)))


def _alternate(entry: Any) -> str | None:
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def _sitemap(content: bytes, url: str) -> SourceLinks:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    try:
        root = etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        return SourceLinks("sitemap", problem=f"malformed sitemap: {exc}"[:300])
    if root is None:
        return SourceLinks("sitemap", problem="malformed sitemap: no XML root")
    nested = etree.QName(root).localname == "sitemapindex"
    entries: list[tuple[str, str]] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        loc = element.find(f"{_SITEMAP_NS}loc")
        if loc is None:
            loc = element.find("loc")
        if loc is None or not (loc.text or "").strip():
            continue
        modified = element.find(f"{_SITEMAP_NS}lastmod")
        stamp = (modified.text or "") if modified is not None else ""
        link = _absolute(url, loc.text or "")
        if link is not None:
            entries.append((link, stamp))
    entries.sort(key=lambda item: _lastmod(item[1]), reverse=True)
    links = tuple(dict.fromkeys(link for link, _ in entries))
    if nested:
        return SourceLinks("sitemap", sitemaps=links)
    return SourceLinks("sitemap", links)


def _lastmod(text: str) -> str:
    """Sortable: W3C datetimes sort as text; undated entries last."""
    try:
        return dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00")).isoformat()
    except ValueError:
        return ""


def _absolute(base: str, link: str) -> str | None:
    """`link` made absolute against `base`, if it is a well-formed http(s) URL (a feed may
    list anything: "http://[x/a", "http://host:abc/", "javascript:...")."""
    try:
        absolute = urljoin(base, link.strip())
        parts = urlsplit(absolute)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    return absolute
