"""Polite HTTP: robots.txt obeyed, one request per host per interval, conditional GET,
retries with back-off, and every response cut off past a size and a time limit.

httpx does the HTTP (redirects up to a limit, connection reuse); this module adds what a
crawler owes the sites it reads and what a reader owes the machine it runs on. A fetch
never raises for what a server does: every outcome is a `Fetched` with a status or an
`error` saying what went wrong, and whether trying again later could help.
"""

from __future__ import annotations

import email.utils
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from newsfuse.config import FetchSettings

__all__ = ["Fetched", "PoliteClient"]

# robots.txt is small; past this it is read as "no rules" (as Google does past 500 KiB).
_ROBOTS_MAX_BYTES = 500_000
_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True, slots=True)
class Fetched:
    """One URL's outcome. `content` is None unless the status is 200; `not_modified` is a
    304 to a conditional GET; `error` says why there is no content (and `retry` whether a
    later try could help)."""

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
            headers={"User-Agent": settings.user_agent},
            follow_redirects=True,
            max_redirects=settings.max_redirects,
            timeout=httpx.Timeout(settings.max_seconds),
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

    def get(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET `url` if robots.txt allows it, conditionally where validators are given,
        retrying passing failures."""
        if urlsplit(url).scheme not in {"http", "https"}:
            return Fetched(url, url, None, error=f"not an http(s) URL: {url[:200]}")
        if not self.allowed(url):
            return Fetched(url, url, None, error="disallowed by the site's robots.txt")
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        fetched = self._once(url, headers)
        attempt = 1
        while fetched.transient and attempt < self.settings.attempts:
            wait = max(self.settings.backoff * 2 ** (attempt - 1), fetched.retry_after or 0.0)
            self._sleep(min(wait, self.settings.max_backoff))
            attempt += 1
            fetched = self._once(url, headers)
        return replace(fetched, attempts=attempt)

    def allowed(self, url: str) -> bool:
        """Whether the host's robots.txt lets this user agent fetch `url` (no robots.txt, or
        one that cannot be read as rules, allows everything; one the server fails to serve,
        5xx or unreachable, allows nothing this round)."""
        rules = self._rules(url)
        return rules is not None and rules.can_fetch(self.settings.user_agent, url)

    def _rules(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            robots = self._once(origin + "/robots.txt", {}, max_bytes=_ROBOTS_MAX_BYTES)
            if robots.retry:  # the server failed: fetch nothing from it this round
                self._robots[origin] = None
                return None
            rules = urllib.robotparser.RobotFileParser()
            # No robots.txt (4xx), or one too large to be rules: everything allowed.
            text = robots.content.decode("utf-8", errors="replace") if robots.content else ""
            rules.parse(text.splitlines())
            self._robots[origin] = rules
        return self._robots[origin]

    def _once(
        self, url: str, headers: Mapping[str, str], *, max_bytes: int | None = None
    ) -> Fetched:
        limit = max_bytes or self.settings.max_bytes
        self._wait_turn(url)
        started = time.monotonic()
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                final = str(response.url)
                common = {
                    "content_type": response.headers.get("content-type", ""),
                    "etag": response.headers.get("etag"),
                    "last_modified": response.headers.get("last-modified"),
                }
                if response.status_code == 304:
                    return Fetched(url, final, 304, not_modified=True, **common)
                if response.status_code != 200:
                    passing = response.status_code in _RETRY_STATUSES
                    return Fetched(
                        url,
                        final,
                        response.status_code,
                        error=f"HTTP {response.status_code}",
                        retry=passing,
                        transient=passing,
                        retry_after=_retry_after(response.headers.get("retry-after")),
                    )
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > limit:
                    return Fetched(url, final, 200, error=f"{declared} bytes, past {limit}")
                body = bytearray()
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        return Fetched(url, final, 200, error=f"past {limit} bytes; cut off")
                    if time.monotonic() - started > self.settings.max_seconds:
                        return Fetched(
                            url,
                            final,
                            200,
                            retry=True,
                            error=f"past {self.settings.max_seconds:.0f} s; cut off",
                        )
                return Fetched(url, final, 200, bytes(body), **common)
        except httpx.TooManyRedirects:
            return Fetched(
                url, url, None, error=f"more than {self.settings.max_redirects} redirects"
            )
        except httpx.TimeoutException as exc:
            return Fetched(url, url, None, error=f"timed out ({type(exc).__name__})", retry=True)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}"[:300]
            return Fetched(url, url, None, error=error, retry=True, transient=True)
        finally:
            self._last_request[_host(url)] = time.monotonic()

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's interval since its last request has passed."""
        host = _host(url)
        interval = self.settings.per_host_interval
        rules = self._robots.get(f"{urlsplit(url).scheme}://{urlsplit(url).netloc}")
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
    return urlsplit(url).netloc.lower()
