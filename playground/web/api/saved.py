"""GET /api/v1/saved and POST /api/v1/saved/{saved_id}/run: saved requests as smoke tests."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Body, Request
from fastapi.responses import Response

from playground.services import folders, gateway, saved, tokens
from playground.store.db import in_session
from playground.web.api.auth import GrantDep
from playground.web.api.flows import run_flow
from playground.web.api.models import FolderRef, RunIn, RunOut, SavedItem
from playground.web.api.runs import RunDone, run_answer
from playground.web.api.send import send_checked
from playground.web.deps import SessionDep, StateDep
from playground.web.params import IdPath
from playground.web.sent import filled, keep_written

router = APIRouter(tags=["saved"])


@router.get("/saved", response_model=list[SavedItem])
def saved_list(db: SessionDep, grant: GrantDep) -> list[SavedItem]:
    """The owner's and the team's saved requests, each with its folder (within the token's
    profiles)."""
    names = {f.id: f.name for f in folders.list_views(db, user=grant.user)}
    return [
        SavedItem(
            id=v.id,
            name=v.name,
            owner=v.owner_name,
            team=v.team,
            profile_id=v.profile_id,
            profile_name=v.profile_label,
            calls=v.calls,
            expectations=list(v.expectations),
            description=v.description,
            folder=(
                FolderRef(id=v.folder_id, name=names[v.folder_id])
                if v.folder_id in names and v.folder_id is not None
                else None
            ),
        )
        for v in saved.list_views(db, user=grant.user)
        if tokens.lists(grant.token, v.profile_id)
    ]


@router.post("/saved/{saved_id}/run", response_model=RunOut)
async def run_saved(
    request: Request,
    state: StateDep,
    grant: GrantDep,
    saved_id: IdPath,
    body: RunIn | None = Body(default=None),  # noqa: B008 (FastAPI's way to declare it)
) -> Response:
    """Send a saved request with its profile and check its expectations (as RunOut)."""
    find = partial(gateway.runnable, user=grant.user, token=grant.token, saved_id=saved_id)
    job = await in_session(state.engine, find)
    confirm = body.confirm if body else False
    if job.steps is not None:  # a flow: every step in order
        return await run_flow(request, state, grant, job, confirm=confirm)
    # Its `{{variables}}` are filled in as the composer fills them when it is opened there;
    # first the token's scope, so a refused request learns nothing of the variables.
    tokens.check_actions(grant.token, job.actions)
    actions, written = await filled(
        request, grant.user, profile_id=job.profile_id, actions=job.actions
    )
    sent = await send_checked(
        request, grant, profile_id=job.profile_id, actions=actions, confirm=confirm
    )
    await keep_written(request, sent, written)
    return await run_answer(RunDone(job, sent, sent.entry.ok))
