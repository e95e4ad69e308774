"""Static files with versioned URLs: cached for a year, fetched again when they change.

Pages link to ``/static/app.js?v=<digest of its content>``. A request with the current
digest may be cached forever (``immutable``); any other (an old page after an upgrade, a
hand-typed URL) is answered with ``no-cache``, so it is revalidated by its ETag.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from playground.paths import static_dir

PREFIX = "/static/"
FOREVER = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


@lru_cache(maxsize=256)
def digest(name: str) -> str:
    """The first 12 hex digits of a static file's SHA-256 ("" when there is no such file)."""
    path = (static_dir() / name).resolve()
    if not path.is_relative_to(static_dir().resolve()) or not path.is_file():
        return ""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(name: str) -> str:
    """The versioned URL of a file under static/, for templates."""
    version = digest(name)
    return f"{PREFIX}{name}?v={version}" if version else PREFIX + name


class Assets(StaticFiles):
    """StaticFiles whose answers say how long they may be cached."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file, with Cache-Control by whether the URL names its current version."""
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
            current = digest(path)
            response.headers["Cache-Control"] = (
                FOREVER if current and asked == current else REVALIDATE
            )
        return response
