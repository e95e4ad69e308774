"""The versioned JSON API (/api/v1): bearer tokens, problem details, its own OpenAPI document."""

from __future__ import annotations

from fastapi import FastAPI

from playground.web.api import history, problems, profiles, saved, send
from playground.web.api.auth import RateLimiter, TokenBeforeBody
from playground.web.api.json_body import FormsAsJson
from playground.web.api.models import Problem
from playground.web.state import AppState
from playground.web.timing import MountedRoute

PREFIX = "/api/v1"
DESCRIPTION = (
    "Send signed onOffice requests through the playground with a personal access token "
    "(`Authorization: Bearer <token>`), without ever holding the API secret. Tokens are "
    "created on the account page or with `playground tokens create`. Errors are RFC 9457 "
    "problem details."
)
COMMON = {
    401: {"model": Problem, "description": "No live access token"},
    422: {"model": Problem, "description": "Invalid request"},
    429: {"model": Problem, "description": "Too many requests (see Retry-After)"},
}


def build(state: AppState) -> FastAPI:
    """The API application, to be mounted at /api/v1 of the playground."""
    api = FastAPI(
        title="onOffice API Playground",
        version="1",
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        servers=[{"url": PREFIX}],
        responses=COMMON,  # type: ignore[arg-type]
    )
    api.state.playground = state
    api.state.rate_limiter = RateLimiter(state.settings.api_requests_per_minute)
    problems.install(api)
    api.add_middleware(MountedRoute)  # innermost: the scope its router fills in
    api.add_middleware(FormsAsJson)
    api.add_middleware(TokenBeforeBody, state=state)
    for module in (send, history, saved, profiles):
        api.include_router(module.router)
    return api
