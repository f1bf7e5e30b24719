"""A local news site for the watch tests, served on loopback by a real HTTP server: real
pages (L3S-GN1 crawls), an RSS 2.0 feed and an Atom feed listing them, a sitemap index,
robots.txt, and hostile sources (a 50 MB feed, a gzip bomb, a redirect loop, a redirect
into a disallowed path, a slow drip, a 404 feed, malformed XML, links that are no URL, pages
that fail once or twice). It counts every request by path."""

from __future__ import annotations

import gzip
import hashlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

#: The L3S-GN1 pages the site publishes, by path, with their titles (as the pages give them).
PAGES = {
    "/news/kosovo.html": "01ccc7c5-a1d1-46e1-a5f7-43310df16575.html",
    "/news/typhoon.html": "01f31bbb-9c7d-4703-af51-1ddc7f4b1e38.html",
    "/news/hopman-cup.html": "02841370-c748-4afe-93c7-1c40436f37b6.html",
    "/news/poland.html": "0303ceca-5737-418e-b3ea-94f75f39ea11.html",
    "/private/anelka.html": "022b482d-88d7-4951-a3c8-d7248db02989.html",
}
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
BIG_BYTES = 50_000_000


class NewsSite:
    """`with NewsSite(l3s_folder) as site:` serves at `site.url`; `site.hits` counts GETs."""

    def __init__(self, pages: Path, *, robots_status: int = 200) -> None:
        self.hits: Counter[str] = Counter()
        self.robots_status = robots_status
        self.files = {path: (pages / name).read_bytes() for path, name in PAGES.items()}
        self._failed_once: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                site.hits[self.path] += 1
                site.answer(self)

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> NewsSite:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def rss(self) -> bytes:
        items = [
            (
                "No agreement reached on Kosovo's future status",
                "/news/kosovo.html",
                "Wed, 19 Dec 2007 18:00:00 GMT",
            ),
            (
                "Philippine president orders evacuations",
                "/news/typhoon.html",
                "Thu, 20 Dec 2007 09:00:00 GMT",
            ),
            (
                "Chelsea hoping to sign Anelka",
                "/private/anelka.html",
                "Thu, 20 Dec 2007 10:00:00 GMT",
            ),
            ("A story the site took down", "/news/withdrawn.html", "Thu, 20 Dec 2007 11:00:00 GMT"),
            ("Hopman Cup, the day after", "/news/busy.html", "Fri, 21 Dec 2007 11:00:00 GMT"),
        ]
        body = "".join(
            f"<item><title>{escape(title)}</title><link>{self.url}{path}</link>"
            f"<pubDate>{day}</pubDate></item>"
            for title, path, day in items
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Test wire</title><link>{self.url}/</link><description>news</description>"
            f"{body}</channel></rss>"
        ).encode()

    def atom(self) -> bytes:
        return (
            '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Sport</title><id>{self.url}/atom.xml</id><updated>2007-12-20T00:00:00Z</updated>"
            f'<link rel="self" href="{self.url}/atom.xml"/>'
            "<entry><title>Aussies need doubles win at Hopman Cup</title>"
            f'<link rel="alternate" href="/news/hopman-cup.html"/><id>tag:hopman</id>'
            "<updated>2007-12-20T08:00:00Z</updated></entry>"
            "<entry><title>No agreement on Kosovo</title>"
            f'<link href="{self.url}/news/kosovo.html"/><id>tag:kosovo</id>'
            "<updated>2007-12-19T18:00:00Z</updated></entry></feed>"
        ).encode()

    def sitemaps(self, path: str) -> bytes:
        ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        if path == "/sitemap.xml":
            return (
                f'<?xml version="1.0" encoding="UTF-8"?><sitemapindex {ns}><sitemap>'
                f"<loc>{self.url}/sitemap-news.xml</loc></sitemap></sitemapindex>"
            ).encode()
        return (
            f'<?xml version="1.0" encoding="UTF-8"?><urlset {ns}>'
            f"<url><loc>{self.url}/news/poland.html</loc><lastmod>2007-12-20</lastmod></url>"
            f"<url><loc>{self.url}/news/flaky.html</loc><lastmod>2007-12-19</lastmod></url>"
            "</urlset>"
        ).encode()

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        if path == "/robots.txt":
            return _send(handler, self.robots_status, ROBOTS, "text/plain")
        if path in {"/rss.xml", "/atom.xml"}:
            body = self.rss() if path == "/rss.xml" else self.atom()
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            if handler.headers.get("If-None-Match") == etag:
                return _send(handler, 304, b"", "application/rss+xml", etag=etag)
            return _send(handler, 200, body, "application/xml", etag=etag)
        if path in {"/sitemap.xml", "/sitemap-news.xml"}:
            return _send(handler, 200, self.sitemaps(path), "application/xml")
        if path in self.files:
            return _send(handler, 200, self.files[path], "text/html; charset=utf-8")
        if path == "/news/busy.html":  # 503 to its first two requests: one round's attempts
            if self.hits[path] <= 2:
                return _send(handler, 503, b"busy", "text/plain")
            return _send(handler, 200, self.files["/news/hopman-cup.html"], "text/html")
        if path == "/odd.xml":  # links a feed may hold that are no URL, beside a good one
            items = "".join(
                f"<item><title>x</title><link>{link}</link></item>"
                for link in ("http://[x/a", "http://127.0.0.1:abc/x", "javascript:alert(1)",
                             f"{self.url}/go-private", f"{self.url}/news/poland.html")
            )  # fmt: skip
            body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
            return _send(handler, 200, body.encode(), "application/rss+xml")
        if path == "/go-private":  # a redirect into what robots.txt disallows
            handler.send_response(302)
            handler.send_header("Location", "/private/anelka.html")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if path == "/bomb.xml":  # 50 MB of zeros, gzipped to ~50 KB, despite "identity"
            body = gzip.compress(b"\0" * BIG_BYTES, compresslevel=9)
            handler.send_response(200)
            handler.send_header("Content-Type", "application/rss+xml")
            handler.send_header("Content-Encoding", "gzip")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return None
        if path == "/news/flaky.html":  # fails once (503, come back in a moment), then serves
            if path not in self._failed_once:
                self._failed_once.add(path)
                return _send(handler, 503, b"busy", "text/plain", retry_after="0")
            return _send(handler, 200, self.files["/news/typhoon.html"], "text/html")
        if path == "/big.xml":  # 50 MB, chunked: no length to refuse it by
            return _stream(handler, b"<rss><channel>" + b" " * 65_536, BIG_BYTES)
        if path in {"/loop", "/loop2"}:
            handler.send_response(302)
            handler.send_header("Location", "/loop2" if path == "/loop" else "/loop")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return None
        if path == "/drip.xml":  # a byte every 0.2 s, for a minute
            return _drip(handler)
        if path == "/bad.xml":
            body = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Half</ti'
            return _send(handler, 200, body, "application/rss+xml")
        return _send(handler, 404, b"not found", "text/plain")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a reader hanging up on a hostile response is the point, not an error


def _send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    kind: str,
    *,
    etag: str | None = None,
    retry_after: str | None = None,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    if etag:
        handler.send_header("ETag", etag)
    if retry_after is not None:
        handler.send_header("Retry-After", retry_after)
    handler.end_headers()
    if body:
        handler.wfile.write(body)


def _stream(handler: BaseHTTPRequestHandler, chunk: bytes, total: int) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    sent = 0
    try:
        while sent < total:
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            sent += len(chunk)
        handler.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the reader hung up: what it should do


def _drip(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    try:
        for byte in _drip_bytes():
            handler.wfile.write(b"1\r\n%s\r\n" % byte)
            handler.wfile.flush()
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _drip_bytes() -> Iterator[bytes]:
    for _ in range(300):
        yield b" "
