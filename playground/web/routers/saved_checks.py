"""Expectations of saved requests, and checking them now: the runner's checks in the browser."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.onoffice.response import parse_response
from playground.services import expectations, flow_steps, flows, folders, saved
from playground.services.errors import InvalidInput
from playground.services.expectations import Expectations
from playground.services.flow_steps import FlowStep
from playground.services.send import ConfirmationRequired, Sent
from playground.store.db import in_session
from playground.store.models import User
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdPath
from playground.web.rendering import render
from playground.web.sent import filled, keep_written, send_from, sending
from playground.web.state import AppState

router = APIRouter()
Short = Annotated[str, Form(max_length=200)]


def _expected(ok: str, min_records: str, field: str) -> Expectations:
    """The expectations form as values; InvalidInput for a count that is no number."""
    count = min_records.strip()
    if count and not (count.isdecimal() and len(count) <= 7):
        message = _("Give the least number of records as digits.")
        raise InvalidInput({"expect_min_records": message})
    return Expectations(ok=ok == "1", min_records=int(count) if count else None, field=field)


@router.post("/saved/{saved_id}/expectations", dependencies=[CsrfChecked])
def set_expectations(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    saved_id: IdPath,
    expect_ok: Short = "",
    expect_min_records: Short = "",
    expect_field: Short = "",
) -> Response:
    """Store what a check expects of the answer; htmx gets the new row."""
    context: dict[str, Any] = {}
    try:
        expected = _expected(expect_ok, expect_min_records, expect_field)
        view = saved.set_expectations(db, user=user, saved_id=saved_id, expected=expected)
    except InvalidInput as exc:
        if not is_htmx(request):
            raise
        view = saved.get_view(db, user=user, saved_id=saved_id)
        context["row_error"] = " ".join(exc.errors.values())
    if not is_htmx(request):
        return see_other(request, "/saved")
    status = 422 if context else 200
    context["s"] = view
    context["folder_choices"] = folders.targets(db, user=user)  # the row's "Move to"
    return vary(render(request, "partials/saved_row.html", context, status_code=status))


@dataclass(frozen=True)
class _Job:
    """A visible saved request: its profile (None when the user may not use it), actions,
    expectations and, for a flow, its steps."""

    saved_id: int
    name: str
    profile_id: int | None
    actions: list[ActionRequest]
    expected: Expectations
    steps: list[FlowStep] | None


def _job(db: Session, *, user: User, saved_id: int) -> _Job:
    """What checking a saved request needs."""
    view = saved.get_view(db, user=user, saved_id=saved_id)
    stored = saved.get_visible(db, user=user, saved_id=saved_id)
    steps = flow_steps.saved_steps(stored.request_json)
    expected = expectations.of(stored)
    return _Job(saved_id, view.name, view.profile_id, saved.recipe(stored), expected, steps)


async def _sent(
    request: Request, state: AppState, user: User, profile_id: int, job: _Job
) -> tuple[Sent | None, str]:
    """Send the saved request, or run every step of a saved flow: the last answer, and
    what failed ("" when nothing did; no answer when it failed before anything was sent)."""
    if job.steps is None:
        try:
            actions, written = await filled(
                request, user, profile_id=profile_id, actions=job.actions
            )
        except InvalidInput as exc:  # an unknown or unsafe variable: nothing was sent
            return None, " ".join(exc.errors.values())
        sent = await send_from(request, user, profile_id=profile_id, actions=actions)
        await keep_written(request, sent, written)
        return sent, ""
    how = sending(request)
    _run, outcomes = await flows.run_whole(
        state.engine, user=user, profile_id=profile_id, steps=job.steps, how=how,
        name=job.name, saved_id=job.saved_id,
    )  # fmt: skip
    failed = [o for o in outcomes if o.state != "ok"]
    problem = failed[0].problem if failed else ""
    if failed and not problem:
        problem = _("Step %(number)d failed.") % {"number": failed[0].number}
    last = [o.sent for o in outcomes if o.sent is not None]
    return (last[-1] if last else None), problem


@router.post("/saved/{saved_id}/check", dependencies=[CsrfChecked])
async def check_now(
    request: Request, state: StateDep, user: CurrentUser, saved_id: IdPath
) -> Response:
    """Send a saved request now and check its expectations, as `playground run` does."""
    job = await in_session(state.engine, partial(_job, user=user, saved_id=saved_id))
    profile_id, expected = job.profile_id, job.expected
    context: dict[str, Any] = {"saved_id": saved_id}
    if profile_id is None:  # a verdict, not a refusal: the request is the team's to check
        context["no_profile"] = True
        return vary(await run_in_threadpool(render, request, "partials/saved_check.html", context))
    try:
        sent, problem = await _sent(request, state, user, profile_id, job)
    except ConfirmationRequired as exc:
        context["confirm_needed"] = exc.profile_name
        return vary(render(request, "partials/saved_check.html", context, status_code=409))
    if sent is None:  # nothing was sent: a variable, or a flow's first step, failed
        context["problem"] = problem
        return vary(await run_in_threadpool(render, request, "partials/saved_check.html", context))
    assert sent.entry.id is not None
    if not is_htmx(request):
        return see_other(request, f"/history/{sent.entry.id}")
    parsed = None if sent.payload is None else parse_response(sent.payload)
    checks = expectations.check(expected, parsed, ok=sent.entry.ok)
    context |= {"entry": sent.entry, "checks": checks, "problem": problem}
    context["passed"] = sent.entry.ok and not problem and all(c.met for c in checks)
    return vary(await run_in_threadpool(render, request, "partials/saved_check.html", context))
