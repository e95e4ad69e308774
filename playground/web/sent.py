"""The answer to a send or re-send: the response panel for htmx, the entry's page otherwise."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from playground.services.send import Sent
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.rendering import render
from playground.web.views import response_view


def answer_sent(request: Request, sent: Sent) -> Response:
    """Render the panel; a large answer makes this heavy, so callers run it in a thread."""
    if not is_htmx(request):
        return see_other(request, f"/history/{sent.entry.id}")
    profile_id = sent.entry.profile_id
    cached = request.app.state.playground.fields.any_language(profile_id) if profile_id else None
    result = response_view(sent.entry, sent.payload, cached.modules if cached else None)
    response = render(request, "partials/response.html", {"result": result})
    response.headers["HX-Trigger"] = "history-changed"
    return vary(response)
