"""Running a saved flow through the JSON API: every step, in order, and each one's outcome."""

from __future__ import annotations

from dataclasses import replace

from fastapi import Request

from playground.services import expectations, flows, tokens
from playground.services.flows import StepOutcome
from playground.services.gateway import Runnable
from playground.services.tokens import Grant
from playground.web.api.answers import parsed_of, send_out
from playground.web.api.models import ExpectationOut, FlowStepOut, RunOut
from playground.web.sent import sending
from playground.web.state import AppState


def _step_out(outcome: StepOutcome) -> FlowStepOut:
    """One step's outcome as the API answers it."""
    return FlowStepOut(
        number=outcome.number,
        state=outcome.state,
        calls=outcome.calls,
        problem=outcome.problem,
        stopped=outcome.stopped,
        answer=send_out(outcome.sent) if outcome.sent is not None else None,
    )


async def run_flow(
    request: Request, state: AppState, grant: Grant, job: Runnable, *, confirm: bool
) -> RunOut:
    """Run every step of a saved flow within the token's scope (checked before any send).

    The expectations are checked against the last step that was sent.
    """
    assert job.steps is not None
    tokens.check_actions(grant.token, job.actions)
    how = replace(sending(request), token_id=grant.token.id)  # checked again at each step
    run_id, outcomes = await flows.run_whole(
        state.engine, user=grant.user, profile_id=job.profile_id, steps=job.steps, how=how,
        name=job.name, saved_id=job.saved_id, confirmed=confirm and not grant.token.read_only,
    )  # fmt: skip
    sent = [o.sent for o in outcomes if o.sent is not None]
    last = sent[-1] if sent else None
    checked = []
    if last is not None:
        checked = expectations.check(job.expected, parsed_of(last), ok=last.entry.ok)
    return RunOut(
        saved_id=job.saved_id,
        name=job.name,
        passed=all(o.state == "ok" for o in outcomes) and all(c.met for c in checked),
        answer=send_out(last) if last is not None else None,
        expectations=[
            ExpectationOut(expectation=c.expectation, met=c.met, detail=c.detail) for c in checked
        ],
        steps=[_step_out(o) for o in outcomes],
        flow_run_id=run_id,
    )
