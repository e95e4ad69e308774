"""How long each request took, by route template, for the metrics."""

from __future__ import annotations

import time

from starlette.routing import Mount
from starlette.types import ASGIApp, Receive, Scope, Send

from playground import metrics

# Any other method string a client sends is counted as "other" (labels stay few).
METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
# Where a mounted app's route is handed to the outer app (in the request's state).
MOUNTED_ROUTE = "playground.mounted_route"


def route_label(scope: Scope) -> str:
    """The template of the route that answered ("/history/{entry_id}"), never the path."""
    route = scope.get("route")
    if route is None:
        return str(scope.get("state", {}).get(MOUNTED_ROUTE, "unmatched"))
    if isinstance(route, Mount):  # static files, the sandbox: the mount point itself
        return str(route.path)
    # A route of a mounted app (the JSON API) is relative to where the app is mounted.
    return str(scope.get("root_path", "")) + str(getattr(route, "path", ""))


class RequestTimer:
    """Observes each HTTP request's duration once it has been answered (or has failed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Time the request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope.setdefault("state", {})  # a mounted app's copies of the scope share it
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            method = scope["method"] if scope["method"] in METHODS else "other"
            elapsed = time.perf_counter() - started
            metrics.REQUEST_SECONDS.labels(route_label(scope), method).observe(elapsed)


class MountedRoute:
    """ASGI middleware of a mounted app (the JSON API): names the route that answered for
    the metrics and the request log of the app around it.

    The mounted app's routing fills in copies of the request's scope that the outer app
    never sees; the request's state is one dict that every copy shares.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, then hand its route's template outwards."""
        try:
            await self.app(scope, receive, send)
        finally:
            state = scope.get("state")
            if scope["type"] == "http" and scope.get("route") and isinstance(state, dict):
                state[MOUNTED_ROUTE] = route_label(scope)
