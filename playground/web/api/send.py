"""POST /api/v1/send: sign and send actions with a profile the token may use."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial

from anyio import to_thread
from fastapi import APIRouter, Request
from fastapi.responses import Response

from playground.onoffice.actions import ActionRequest
from playground.services import compose, gateway, send, tokens
from playground.services.compose import ActionForm
from playground.services.tokens import Grant
from playground.store.db import in_session
from playground.web.api.answers import json_answer, send_json
from playground.web.api.auth import GrantDep
from playground.web.api.models import ActionIn, SendIn, SendOut
from playground.web.deps import StateDep
from playground.web.sent import send_from

router = APIRouter(tags=["send"])


def parse_actions(actions: Sequence[ActionIn]) -> list[ActionRequest]:
    """The actions, checked by the composer's own rules (InvalidInput names the field)."""
    forms = [
        ActionForm(
            verb=a.verb,
            resourcetype=a.resourcetype,
            resourceid="" if a.resourceid is None else str(a.resourceid),
            identifier=a.identifier or "",
            parameters=json.dumps(a.parameters, ensure_ascii=False),
        )
        for a in actions
    ]
    return compose.parse_forms(forms)


async def send_checked(
    request: Request,
    grant: Grant,
    *,
    profile_id: int,
    actions: Sequence[ActionRequest],
    confirm: bool,
) -> send.Sent:
    """Send within the token's scope, through the browser's own send pipeline."""
    tokens.check_actions(grant.token, actions)
    return await send_from(
        request,
        grant.user,
        profile_id=profile_id,
        actions=actions,
        confirmed=confirm and not grant.token.read_only,
        token_id=grant.token.id,
    )


@router.post("/send", response_model=SendOut)
async def send_actions(
    request: Request, state: StateDep, grant: GrantDep, body: SendIn
) -> Response:
    """Sign and send actions; the parsed answer and its history id (as SendOut)."""
    actions = parse_actions(body.actions)
    find = partial(gateway.profile_id, user=grant.user, token=grant.token, ref=body.profile)
    profile_id = await in_session(state.engine, find)
    sent = await send_checked(
        request, grant, profile_id=profile_id, actions=actions, confirm=body.confirm
    )
    # Written in a worker thread in short pieces: a large answer would hold the loop.
    return json_answer(await to_thread.run_sync(send_json, sent))
