"""GET /api/v1/saved and POST /api/v1/saved/{saved_id}/run: saved requests as smoke tests."""

from __future__ import annotations

from functools import partial

from fastapi import APIRouter, Body, Request

from playground.services import expectations, folders, gateway, saved, tokens
from playground.store.db import in_session
from playground.web.api.answers import parsed_of, send_out
from playground.web.api.auth import GrantDep
from playground.web.api.flows import run_flow
from playground.web.api.models import ExpectationOut, FolderRef, RunIn, RunOut, SavedItem
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
) -> RunOut:
    """Send a saved request with its profile and check its expectations."""
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
    checked = expectations.check(job.expected, parsed_of(sent), ok=sent.entry.ok)
    return RunOut(
        saved_id=job.saved_id,
        name=job.name,
        passed=sent.entry.ok and all(c.met for c in checked),
        answer=send_out(sent),
        expectations=[
            ExpectationOut(expectation=c.expectation, met=c.met, detail=c.detail) for c in checked
        ],
    )
