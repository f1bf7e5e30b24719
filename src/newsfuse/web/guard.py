"""The app's outer layer: security headers on every response, a request size limit, HEAD
wherever GET is allowed, and no traceback ever sent to a client.

A plain ASGI middleware rather than Starlette's `BaseHTTPMiddleware`, so that it sees
each response's headers (error pages included) and counts a request body as it streams:
a client that sends no Content-Length, or lies about it, is still cut off at the limit.
"""

from __future__ import annotations

import json
import logging
import re
from urllib.parse import unquote

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["CONTENT_SECURITY_POLICY", "MAX_BODY_BYTES", "SECURITY_HEADERS", "GuardMiddleware"]

logger = logging.getLogger(__name__)

#: Pages need no script, no frame and no asset but the app's own stylesheet; forms submit
#: only to the app. `/docs` sends its own, wider policy (see `app.py`).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers without CSP level 2
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
#: Largest request body accepted: a batch of a few hundred long articles. The longest
#: article of the public sets is about 100 kB of text.
MAX_BODY_BYTES = 5 * 1024 * 1024


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class BodyTooLargeError(HTTPException):
    """Raised while the body streams in; FastAPI re-raises HTTPExceptions it meets while
    reading a body, so it reaches the app's handler and becomes a JSON 413."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit:,} bytes")


class GuardMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # HEAD is GET without the body (RFC 9110, 9.3.2). FastAPI routes answer only the
        # methods they declare, so a HEAD is answered as a GET with the body left out.
        head = scope.get("method") == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        if _CONTROL.search(scope.get("path", "")) or _CONTROL.search(
            unquote(scope.get("query_string", b"").decode("latin-1"))
        ):
            # No id, name or query holds a NUL or another control character (readers and
            # the API refuse them), and PostgreSQL cannot even compare one.
            await _send_error(send, 400, "control characters are not allowed in the URL", head=head)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            message = f"request body larger than {self.max_body_bytes:,} bytes"
            await _send_error(send, 413 if declared.isdigit() else 400, message, head=head)
            return
        started = False
        received = 0

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise BodyTooLargeError(self.max_body_bytes)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS:
                    headers.setdefault(name, value)  # a route may set its own CSP
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}  # Content-Length stays the GET's
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:  # the last line of defence: log it, tell the client nothing more
            logger.exception("error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_error(
                    send, 500, "internal error; the server log has the details", head=head
                )


async def _send_error(send: Send, status: int, message: str, *, head: bool = False) -> None:
    body = json.dumps({"error": {"status": status, "message": message}}).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
