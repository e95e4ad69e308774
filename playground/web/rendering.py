"""Jinja2 set-up and the render helper used by every router."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from playground.paths import templates_dir
from playground.web.htmx import is_htmx, vary

templates = Jinja2Templates(directory=str(templates_dir()))


def _datetime(value: datetime | None) -> str:
    """Times are stored in UTC; show them so, to the second."""
    return value.strftime("%Y-%m-%d %H:%M:%S UTC") if value else ""


templates.env.filters["dt"] = _datetime


def render(
    request: Request,
    page: str,
    context: dict[str, Any],
    *,
    partial: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render the page, or only its partial when htmx asked for a fragment."""
    login = getattr(request.state, "login", None)
    base = {
        "user": login.user if login else None,
        "csrf_token": login.csrf_token if login else "",
    }
    template = partial if partial and is_htmx(request) else page
    response = templates.TemplateResponse(
        request, template, base | context, status_code=status_code
    )
    return vary(response) if partial else response
