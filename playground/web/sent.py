"""Sending from a request, and the answer to a send or re-send: the response panel for
htmx, the entry's page otherwise."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from fastapi import Request
from fastapi.responses import Response

from playground.onoffice.actions import ActionRequest
from playground.services import send, variables
from playground.services.send import Sending, Sent
from playground.store.db import in_session
from playground.store.models import User
from playground.web.deps import client_address
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.rendering import render
from playground.web.views import response_view


def sending(request: Request) -> Sending:
    """What a send from this request goes through: the server's settings, keys and upstream,
    and the caller's address for the audit log."""
    state = request.app.state.playground
    return Sending(state.settings, state.box, state.upstream, client_address(request))


async def send_from(
    request: Request,
    user: User,
    *,
    profile_id: int,
    actions: Sequence[ActionRequest],
    confirmed: bool = False,
    token_id: int | None = None,
) -> Sent:
    """Send through the service as `user`, from this request (see send.send)."""
    how = sending(request)
    return await send.send(
        request.app.state.playground.engine, user=user, profile_id=profile_id, actions=actions,
        settings=how.settings, box=how.box, upstream=how.upstream, confirmed=confirmed,
        address=how.address, token_id=token_id,
    )  # fmt: skip


async def filled(
    request: Request, user: User, *, profile_id: int, actions: Sequence[ActionRequest]
) -> tuple[list[ActionRequest], str | None]:
    """A saved request's actions with their `{{variables}}` filled in for the profile, and
    the request as written; InvalidInput names an unknown or unsafe variable."""
    state = request.app.state.playground
    fill = partial(variables.apply_to_actions, user=user, profile_id=profile_id, box=state.box)
    return await in_session(state.engine, partial(fill, actions=actions))


async def keep_written(request: Request, sent: Sent, written_json: str | None) -> None:
    """Keep the request as written beside its history entry, when it had placeholders."""
    if written_json is None or sent.entry.id is None:
        return
    keep = partial(variables.remember_written, written_json=written_json)
    await in_session(request.app.state.playground.engine, partial(keep, entry_id=sent.entry.id))


def answer_sent(request: Request, sent: Sent) -> Response:
    """Render the panel; a large answer makes this heavy, so callers run it in a thread."""
    if not is_htmx(request):
        return see_other(request, f"/history/{sent.entry.id}")
    cached = request.app.state.playground.fields.any_language(sent.profile)
    result = response_view(sent.entry, sent.payload, cached.modules if cached else None)
    response = render(request, "partials/response.html", {"result": result})
    response.headers["HX-Trigger"] = "history-changed"
    return vary(response)
