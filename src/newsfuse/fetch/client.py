"""Polite HTTP: robots.txt obeyed, one request per host per interval, conditional GET,
retries with back-off, and every response cut off past a size and a time limit.

httpx does the HTTP (connections, chunked bodies); this module adds what a crawler owes
the sites it reads and what a reader owes the machine it runs on:
- redirects are followed here, hop by hop, so each hop is checked against its host's
  robots.txt and waits its host's turn;
- bodies are read raw and counted as they arrive (`identity` is asked for; a gzip or
  deflate body is inflated here, never past the size limit: no decompression bomb), and
  the time limit is checked on every chunk, so a server dripping bytes is cut off;
- robots.txt is read once a round (`new_round`): a host whose robots.txt fails (5xx,
  unreachable) is left alone for that round, and asked again the next.
A fetch never raises for what a server or a link does: every outcome is a `Fetched` with a
status or an `error`, and whether trying again could help.

Known limit: the time limit runs from the first byte of the response; before it, each read
(connect, headers) times out after `read_timeout` seconds of silence.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urljoin, urlsplit

import httpx

from newsfuse.config import FetchSettings

__all__ = ["Fetched", "PoliteClient"]

# robots.txt is small; past this it is read as "no rules" (as Google does past 500 KiB).
_ROBOTS_MAX_BYTES = 500_000
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# A body in one of these is inflated here, bounded; any other encoding is refused.
_INFLATE = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


@dataclass(frozen=True, slots=True)
class Fetched:
    """One URL's outcome. `content` is None unless the status is 200; `not_modified` is a
    304 to a conditional GET; `error` says why there is no content."""

    url: str
    final_url: str
    status: int | None
    content: bytes | None = None
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    error: str | None = None
    # A later round may do better (a time-out, a dropped connection, 429, 5xx) ...
    retry: bool = False
    # ... and so may a try in a moment, after `retry_after` seconds if the server said.
    transient: bool = False
    retry_after: float | None = None
    attempts: int = 1


class PoliteClient:
    """A crawler's HTTP client (use as a context manager, or call `close`)."""

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._http = httpx.Client(
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "identity"},
            follow_redirects=False,
            timeout=httpx.Timeout(settings.read_timeout),
            transport=transport,
        )
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> PoliteClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def new_round(self) -> None:
        """Forget the robots.txt read so far: each round reads them again."""
        self._robots.clear()

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url` where robots.txt allows it (and each redirect's target too),
        conditionally where validators are given, retrying passing failures."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched = self._follow(url, headers)
        attempt = 1
        while fetched.transient and attempt < self.settings.attempts:
            wait = max(self.settings.backoff * 2 ** (attempt - 1), fetched.retry_after or 0.0)
            if wait > self.settings.max_backoff:
                break  # the server asks for longer than a round waits: next round
            self._sleep(wait)
            attempt += 1
            fetched = self._follow(url, headers)
        return replace(fetched, attempts=attempt)

    def _follow(self, url: str, headers: Mapping[str, str]) -> Fetched:
        """One GET, following up to `max_redirects` redirects, each hop checked."""
        current = url
        for _ in range(self.settings.max_redirects + 1):
            refused = self._refused(url, current)
            if refused is not None:
                return refused
            fetched, location = self._once(current, headers)
            if location is None:
                return replace(fetched, url=url)
            try:
                current = urljoin(current, location)
            except ValueError:
                return Fetched(
                    url, current, fetched.status, error=f"bad redirect: {location!r}"[:300]
                )
        return Fetched(
            url, current, None, error=f"more than {self.settings.max_redirects} redirects"
        )

    def _refused(self, url: str, current: str) -> Fetched | None:
        """Why `current` (reached from `url`) may not be fetched, if it may not."""
        try:
            parts = urlsplit(current)
            parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
        except ValueError as exc:
            return Fetched(url, current, None, error=f"not a valid URL: {exc}"[:300])
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            return Fetched(url, current, None, error=f"not an http(s) URL: {current[:200]}")
        rules = self._rules(current)
        if rules is None:
            return Fetched(
                url, current, None, retry=True,
                error="the site's robots.txt could not be read; trying next round",
            )  # fmt: skip
        if not rules.can_fetch(self.settings.user_agent, current):
            return Fetched(url, current, None, error="disallowed by the site's robots.txt")
        return None

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        """The host's robots.txt rules (none: everything allowed), read once a round; None
        where the server failed to serve it (5xx, time-out, unreachable)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots, _ = self._once(origin + "/robots.txt", {}, max_bytes=_ROBOTS_MAX_BYTES)
            if robots.retry:
                self._robots[origin] = None
            else:
                rules = urllib.robotparser.RobotFileParser()
                # No robots.txt (4xx, or a redirect), or one too large: everything allowed.
                text = robots.content.decode("utf-8", errors="replace") if robots.content else ""
                rules.parse(text.splitlines())
                self._robots[origin] = rules
        return self._robots[origin]

    def _once(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None = None
    ) -> tuple[Fetched, str | None]:
        """One request, no redirect followed: its outcome, and the Location it redirects to."""
        limit = max_bytes or self.settings.max_bytes
        self._wait_turn(url)
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                return self._read(url, response, limit)
        except httpx.TimeoutException as exc:
            return Fetched(
                url, url, None, error=f"timed out ({type(exc).__name__})", retry=True
            ), None
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
            return Fetched(url, url, None, error=error, retry=True, transient=True), None
        except (httpx.InvalidURL, ValueError) as exc:
            return Fetched(url, url, None, error=f"not a valid URL: {exc}"[:300]), None
        finally:
            self._last_request[_host(url)] = time.monotonic()

    def _read(self, url: str, response: httpx.Response, limit: int) -> tuple[Fetched, str | None]:
        started = time.monotonic()
        status = response.status_code
        common = {
            "content_type": response.headers.get("content-type", ""),
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        if status in _REDIRECTS and response.headers.get("location"):
            return Fetched(url, url, status), response.headers["location"]
        if status == 304:
            return Fetched(url, url, 304, not_modified=True, **common), None
        if status != 200:
            passing = status in _RETRY_STATUSES
            return Fetched(
                url, url, status, error=f"HTTP {status}", retry=passing, transient=passing,
                retry_after=_retry_after(response.headers.get("retry-after")),
            ), None  # fmt: skip
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            return Fetched(url, url, 200, error=f"{declared} bytes, past {limit}"), None
        encoding = response.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in _INFLATE and encoding != "identity":
            return Fetched(url, url, 200, error=f"unsupported Content-Encoding {encoding!r}"), None
        inflate = zlib.decompressobj(_INFLATE[encoding]) if encoding in _INFLATE else None
        body = bytearray()
        try:
            for chunk in response.iter_raw():
                if time.monotonic() - started > self.settings.max_seconds:
                    error = f"past {self.settings.max_seconds:g} s; cut off"
                    return Fetched(url, url, 200, error=error, retry=True), None
                # Never inflate past the limit: at most one byte more than it allows.
                room = limit - len(body) + 1
                body.extend(inflate.decompress(chunk, room) if inflate else chunk)
                if len(body) > limit:
                    return Fetched(url, url, 200, error=f"past {limit} bytes; cut off"), None
            if inflate is not None:
                body.extend(inflate.flush(limit - len(body) + 1))
        except zlib.error as exc:
            return Fetched(url, url, 200, error=f"{encoding} body cannot be read: {exc}"), None
        if len(body) > limit:
            return Fetched(url, url, 200, error=f"past {limit} bytes; cut off"), None
        return Fetched(url, url, 200, bytes(body), **common), None

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's interval since its last request has passed (robots.txt's
        Crawl-delay, where longer, sets the interval)."""
        host = _host(url)
        interval = self.settings.per_host_interval
        parts = urlsplit(url)
        rules = self._robots.get(f"{parts.scheme}://{parts.netloc}")
        delay = rules.crawl_delay(self.settings.user_agent) if rules is not None else None
        if delay is not None:
            interval = max(interval, float(delay))
        last = self._last_request.get(host)
        if last is not None:
            wait = last + interval - time.monotonic()
            if wait > 0:
                self._sleep(wait)


def _retry_after(value: str | None) -> float | None:
    """Seconds a Retry-After header asks for (a number, or an HTTP date)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _host(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return url
