"""`newsfuse serve`: the web UI and JSON API over a store.

app.py      the FastAPI app: routers, error answers, /docs
pages.py    pages people read (story list, story, article, search)
api.py      the JSON API (/api/...), including POST /api/articles
views.py    view records and links for the templates
guard.py    security headers, body size limit, no traceback to clients
runtime.py  store pool, posted-article intake, background story updates
"""

from __future__ import annotations

from newsfuse.web.app import create_app

__all__ = ["create_app"]
