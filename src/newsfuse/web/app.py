"""The FastAPI app behind `newsfuse serve`: pages, JSON API, OpenAPI docs, error answers.

Errors: the API answers `{"error": {"status", "message"}}` with the status that fits
(404 unknown id, 400 bad query parameter, 422 malformed JSON or a missing field, 413 body
over the limit); pages answer the same message as an HTML page. Nothing else reaches a
client: `GuardMiddleware` turns any unexpected exception into a plain 500.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from newsfuse.cluster.embed import Embedder
from newsfuse.config import Settings
from newsfuse.extract import Extractor
from newsfuse.web import api, pages
from newsfuse.web.guard import MAX_BODY_BYTES, GuardMiddleware
from newsfuse.web.runtime import ArticleIntake, StorePool, StoryUpdater, WebContext, web_templates

__all__ = ["DOCS_CONTENT_SECURITY_POLICY", "create_app"]

logger = logging.getLogger(__name__)

# Swagger UI 5 (it reads OpenAPI 3.1, as FastAPI writes it), served from the files of the
# `swagger-ui-py` package (no CDN: the server may be offline). Only these, by fixed name.
_DOCS_ASSETS = {
    "swagger-ui-bundle.js": "application/javascript",
    "swagger-ui.css": "text/css",
    "favicon-32x32.png": "image/png",
}
#: /docs runs Swagger UI: its own script files plus the one inline start-up script (allowed
#: by hash, computed from the page), inline styles it sets on elements, and fetches of the
#: OpenAPI schema and of "try it out" calls. The page shows no stored data.
DOCS_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
# How FastAPI names the two shapes of the POST /api/articles body in a problem's location.
_POSTED_BRANCHES = {"ArticleIn", "list[ArticleIn]"}


def create_app(
    db: str,
    *,
    settings: Settings | None = None,
    extractor: Extractor | None = None,
    embedder: Embedder | None = None,
    max_body_bytes: int = MAX_BODY_BYTES,
    worker: bool = True,
) -> FastAPI:
    """The app serving the store at `db` (opened now: a bad URL fails here, not later).
    `worker=False`: posted articles only wait in the queue for a `newsfuse work` process."""
    settings = settings or Settings()
    web = WebContext(
        pool=StorePool(db),
        intake=ArticleIntake(),
        updater=StoryUpdater(db, settings=settings, extractor=extractor, embedder=embedder),
        templates=web_templates(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if worker:
            web.updater.start()
        try:
            yield
        finally:
            web.updater.stop()
            web.pool.close()

    app = FastAPI(
        title="newsfuse",
        summary="Stories fused from many news articles, with cited briefs.",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.context = web
    app.include_router(api.router)
    app.include_router(pages.router)
    _add_docs(app)
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_middleware(GuardMiddleware, max_body_bytes=max_body_bytes)
    return app


def _add_docs(app: FastAPI) -> None:
    import swagger_ui

    folder = Path(swagger_ui.__file__).parent / "static"

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="newsfuse API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )
        html = bytes(page.body).decode("utf-8")
        hashes = " ".join(_script_hash(s) for s in _INLINE_SCRIPT.findall(html))
        policy = DOCS_CONTENT_SECURITY_POLICY.format(hashes=hashes)
        return HTMLResponse(html, headers={"Content-Security-Policy": policy})

    @app.get("/docs/assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> Response:
        if name not in _DOCS_ASSETS:
            raise HTTPException(404, f"no such file {name!r}")
        return FileResponse(folder / name, media_type=_DOCS_ASSETS[name])


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


async def _http_error(request: Request, error: HTTPException) -> Response:
    message = str(error.detail)
    cause = error.__cause__
    if isinstance(cause, UnicodeDecodeError):  # FastAPI says only "error parsing the body"
        message = f"body is not UTF-8 text ({cause.reason} at byte {cause.start}); send UTF-8 JSON"
    return _error(request, error.status_code, message, headers=error.headers)


async def _validation_error(request: Request, error: RequestValidationError) -> Response:
    problems: Sequence[Any] = error.errors()
    # A bad query or path parameter is a bad request; a body that is not the JSON asked
    # for is unprocessable.
    in_url = all(problem.get("loc", ("",))[0] in {"query", "path"} for problem in problems)
    messages = _body_problems(error.body, problems) if not in_url else None
    if messages is None:
        messages = [_problem(problem["loc"], problem) for problem in problems]
    message = "; ".join(dict.fromkeys(messages[:10])) or "invalid request"
    return _error(request, 400 if in_url else 422, message)


def _body_problems(body: Any, problems: Sequence[Any]) -> list[str] | None:
    """The problems of a posted body (one article or a list of them), from the branch of
    the union the body took: a list is not told that it is no object."""
    if not any(_POSTED_BRANCHES & set(map(str, p.get("loc", ()))) for p in problems):
        return None
    if not isinstance(body, dict | list):
        return ["body: expected a JSON object (one article) or a list of them, as application/json"]
    branch = "list[ArticleIn]" if isinstance(body, list) else "ArticleIn"
    return [
        _problem(problem["loc"][2:], problem)
        for problem in problems
        if tuple(problem.get("loc", ()))[1:2] == (branch,)
    ]


def _problem(loc: Sequence[Any], problem: Any) -> str:
    if problem.get("type") == "json_invalid":
        reason = problem.get("ctx", {}).get("error", "")
        return f"body is not valid JSON: {reason} (at character {loc[-1]})"
    where = ".".join(str(part) for part in loc if part != "body")
    text = str(problem.get("msg", "invalid"))
    return f"{where}: {text}" if where else text


def _error(
    request: Request, status: int, message: str, *, headers: Mapping[str, str] | None = None
) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return JSONResponse(
            {"error": {"status": status, "message": message}}, status_code=status, headers=headers
        )
    web: WebContext = request.app.state.context
    html = web.render("error.html", status=status, message=message)
    return HTMLResponse(html, status_code=status, headers=headers)
