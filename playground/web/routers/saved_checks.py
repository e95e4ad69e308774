"""Expectations of saved requests, and checking them now: the runner's checks in the browser."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.onoffice.response import parse_response
from playground.services import expectations, folders, saved, send
from playground.services.errors import InvalidInput
from playground.services.expectations import Expectations
from playground.services.send import ConfirmationRequired
from playground.store.db import in_session
from playground.store.models import User
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep, client_address
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdPath
from playground.web.rendering import render

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


def _job(
    db: Session, *, user: User, saved_id: int
) -> tuple[int | None, list[ActionRequest], Expectations]:
    """A visible saved request's profile (None when the user may not use it), its actions
    and expectations."""
    view = saved.get_view(db, user=user, saved_id=saved_id)
    stored = saved.get_visible(db, user=user, saved_id=saved_id)
    return view.profile_id, saved.recipe(stored), expectations.of(stored)


@router.post("/saved/{saved_id}/check", dependencies=[CsrfChecked])
async def check_now(
    request: Request, state: StateDep, user: CurrentUser, saved_id: IdPath
) -> Response:
    """Send a saved request now and check its expectations, as `playground run` does."""
    profile_id, actions, expected = await in_session(
        state.engine, partial(_job, user=user, saved_id=saved_id)
    )
    context: dict[str, Any] = {"saved_id": saved_id}
    if profile_id is None:  # a verdict, not a refusal: the request is the team's to check
        context["no_profile"] = True
        return vary(await run_in_threadpool(render, request, "partials/saved_check.html", context))
    try:
        sent = await send.send(
            state.engine, user=user, profile_id=profile_id, actions=actions,
            settings=state.settings, box=state.box, upstream=state.upstream,
            address=client_address(request),
        )  # fmt: skip
    except ConfirmationRequired as exc:
        context["confirm_needed"] = exc.profile_name
        return vary(render(request, "partials/saved_check.html", context, status_code=409))
    assert sent.entry.id is not None
    if not is_htmx(request):
        return see_other(request, f"/history/{sent.entry.id}")
    parsed = None if sent.payload is None else parse_response(sent.payload)
    checks = expectations.check(expected, parsed, ok=sent.entry.ok)
    context |= {"entry": sent.entry, "checks": checks}
    context["passed"] = sent.entry.ok and all(c.met for c in checks)
    return vary(await run_in_threadpool(render, request, "partials/saved_check.html", context))
