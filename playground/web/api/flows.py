"""Running a saved flow through the JSON API: every step, in order, and each one's outcome."""

from __future__ import annotations

from dataclasses import replace

from fastapi import Request
from fastapi.responses import Response

from playground.services import flows, tokens
from playground.services.gateway import Runnable
from playground.services.tokens import Grant
from playground.web.api.runs import RunDone, run_answer
from playground.web.sent import sending
from playground.web.state import AppState


async def run_flow(
    request: Request, state: AppState, grant: Grant, job: Runnable, *, confirm: bool
) -> Response:
    """Run every step of a saved flow within the token's scope (checked before any send).

    The expectations are checked against the last step that was sent; the answer is RunOut.
    """
    assert job.steps is not None
    tokens.check_actions(grant.token, job.actions)
    how = replace(sending(request), token_id=grant.token.id)  # checked again at each step
    run_id, outcomes = await flows.run_whole(
        state.engine, user=grant.user, profile_id=job.profile_id, steps=job.steps, how=how,
        name=job.name, saved_id=job.saved_id, confirmed=confirm and not grant.token.read_only,
    )  # fmt: skip
    sent = [o.sent for o in outcomes if o.sent is not None]
    ok = all(o.state == "ok" for o in outcomes)
    done = RunDone(job, sent[-1] if sent else None, ok, steps=outcomes, flow_run_id=run_id)
    return await run_answer(done)
