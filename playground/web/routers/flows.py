"""Flows in the composer: build the steps, save them, and run them one step per request.

The steps travel with the page as hidden fields (the flow panel), so building a flow
stores nothing; running it records a run, then each step's answer replaces its
placeholder in the run list, which asks for the next step until the run has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.routing import APIRouter
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.services import compose, flow_start, flow_steps, flows, saved
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.services.flow_steps import FlowStep
from playground.services.flows import StepOutcome
from playground.services.send import ConfirmationRequired
from playground.store.db import in_session
from playground.store.models import FlowRun
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.flow_views import panel_steps, step_view
from playground.web.forms import ComposerForms, FieldList
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdForm
from playground.web.rendering import render
from playground.web.sent import sending
from playground.web.views import ConfirmView

router = APIRouter()
Op = Annotated[str, Form(max_length=16)]
Index = Annotated[int, Form(ge=0, le=flow_steps.MAX_STEPS)]


@dataclass(frozen=True)
class FlowFields:
    """What the flow panel posts: its steps, the profile, its name and where it was opened."""

    steps: list[FlowStep]
    profile_id: int | None
    name: str
    saved_id: int | None


async def flow_fields(
    flow_step: FieldList = [],  # noqa: B006  (FastAPI copies defaults per request)
    flow_stop: FieldList = [],  # noqa: B006
    profile_id: IdForm = None,
    flow_name: Annotated[str, Form(max_length=500)] = "",
    flow_saved_id: IdForm = None,
) -> FlowFields:
    """The flow panel's fields, the steps in order."""
    steps = flow_steps.steps_from_fields(flow_step, flow_stop)
    return FlowFields(steps, profile_id, flow_name.strip(), flow_saved_id)


Posted = Annotated[FlowFields, Depends(flow_fields)]


def panel(
    request: Request,
    steps: list[FlowStep],
    *,
    saved_id: int | None = None,
    name: str = "",
    message: str = "",
    error: str = "",
    load: list[ActionForm] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """The flow panel; with `load`, the composer's actions are replaced too (out of band)."""
    context: dict[str, Any] = {
        "flow_steps": panel_steps(steps),
        "flow_saved_id": saved_id,
        "flow_name": name,
        "flow_message": message,
        "flow_error": error,
        "oob_actions": load,
        "actions": load or [],
        "verbs": compose.VERBS,
    }
    return vary(render(request, "partials/flow_panel.html", context, status_code=status_code))


def _edited(steps: list[FlowStep], forms: list[ActionForm], op: str, index: int) -> list[FlowStep]:
    """The steps after one change: add the composer's request, replace, remove or move one.

    "show" changes nothing: the composer's draft asks for its panel again after a reload.
    """
    if op == "show":
        return steps
    if op == "add":
        return [*steps, FlowStep(forms)]
    if index >= len(steps):
        raise InvalidInput({"steps": _("That step is not in the flow any more.")})
    if op == "replace":
        return [*steps[:index], FlowStep(forms, steps[index].stop_on_failure), *steps[index + 1 :]]
    if op == "remove":
        return steps[:index] + steps[index + 1 :]
    if op == "up" and index > 0:
        return [*steps[: index - 1], steps[index], steps[index - 1], *steps[index + 1 :]]
    return steps


@router.post("/flows/steps", dependencies=[CsrfChecked])
def edit_steps(
    request: Request, forms: ComposerForms, flow: Posted, op: Op = "add", index: Index = 0
) -> Response:
    """Change the flow's steps; "load" puts a step's actions back into the composer."""
    steps, saved_id, name = flow.steps, flow.saved_id, flow.name
    if op == "load" and index < len(steps):
        return panel(request, steps, saved_id=saved_id, name=name, load=steps[index].forms)
    if op == "add" and not forms:
        raise InvalidInput({"actions": _("Add at least one action.")})
    if op == "add" and len(steps) >= flow_steps.MAX_STEPS:
        message = _("A flow has at most %(max)d steps.") % {"max": flow_steps.MAX_STEPS}
        raise InvalidInput({"steps": message})
    return panel(request, _edited(steps, forms, op, index), saved_id=saved_id, name=name)


@router.post("/flows/save", dependencies=[CsrfChecked])
def save_flow(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    flow: Posted,
    flow_team: Annotated[str, Form(max_length=8)] = "",
    update: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Save the steps as a saved flow, or overwrite the saved flow they were opened from."""
    try:
        encoded = flow_steps.saved_json(flow.steps)
        if update == "1" and flow.saved_id is not None:
            view = saved.update(
                db, user=user, saved_id=flow.saved_id, profile_id=flow.profile_id, actions=[],
                flow_json=encoded,
            )  # fmt: skip
        else:
            view = saved.create(
                db, user=user, name=flow.name, team=flow_team == "1",
                profile_id=flow.profile_id, actions=[], flow_json=encoded,
            )  # fmt: skip
    except InvalidInput as exc:
        if not is_htmx(request):
            raise
        reasons = " ".join(sorted(set(exc.errors.values())))
        error = _("Nothing was saved.") + " " + reasons
        return panel(request, flow.steps, saved_id=flow.saved_id, name=flow.name, error=error,
                     status_code=422)  # fmt: skip
    if not is_htmx(request):
        return see_other(request, f"/?saved={view.id}")
    message = _("Saved the flow as “%(name)s”.") % {"name": view.name}
    return panel(request, flow.steps, saved_id=view.id, name=view.name, message=message)


def _sent_fragment(request: Request, template: str, context: dict[str, Any]) -> Response:
    """A fragment after a send: the page's recent sends refresh themselves."""
    response = render(request, template, context)
    response.headers["HX-Trigger"] = "history-changed"
    return vary(response)


def _run_list(request: Request, run: FlowRun) -> Response:
    """The run list: the first step asks for itself as soon as it is shown."""
    return _sent_fragment(request, "partials/flow_run.html", {"run": run})


@router.post("/flows/run", dependencies=[CsrfChecked])
async def run_flow(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    flow: Posted,
    confirm_protected: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Record a run of the steps; htmx gets the run list, a plain form runs every step."""
    chosen: dict[str, Any] = {
        "user": user, "profile_id": flow.profile_id, "steps": flow.steps, "name": flow.name,
        "saved_id": flow.saved_id, "confirmed": confirm_protected == "1",
    }  # fmt: skip
    try:
        if not is_htmx(request):  # a plain form: every step now, then the last entry
            how = sending(request)
            _run_id, outcomes = await flows.run_whole(state.engine, how=how, **chosen)
            sent = [o.sent.entry.id for o in outcomes if o.sent is not None]
            return see_other(request, f"/history/{sent[-1]}" if sent else "/history")
        keep = state.settings.history_max_per_user
        start = partial(flow_start.start, keep_per_user=keep, **chosen)
        run = await in_session(state.engine, start)
    except ConfirmationRequired as exc:
        return await run_in_threadpool(_confirm, request, exc)
    return await run_in_threadpool(_run_list, request, run)


def _confirm(request: Request, exc: ConfirmationRequired) -> Response:
    """Nothing was run: ask to confirm the run's writes to a guarded profile (409)."""
    confirm = ConfirmView(
        profile_name=exc.profile_name, writes=exc.writes, every_send=exc.every_send,
        retry_url="/flows/run", include="#composer, #flow", mode="htmx",
    )  # fmt: skip
    context = {"confirm": confirm}
    return vary(render(request, "partials/confirm_protected.html", context, status_code=409))


def _step_items(request: Request, outcome: StepOutcome | None, run: FlowRun) -> Response:
    """A step's answer, then the next step's placeholder or the steps that did not run."""
    context = {
        "step": step_view(outcome) if outcome else None,
        "run": run,
        "later": [step_view(o) for o in flows.not_run(run)],
    }
    return _sent_fragment(request, "partials/flow_step.html", context)


@router.post("/flows/next", dependencies=[CsrfChecked])
async def next_step(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    run_id: Annotated[int, Form(ge=1, le=2**31 - 1)],
) -> Response:
    """Run the next step of one of the user's runs (404 for anyone else's)."""
    await in_session(state.engine, partial(flows.get_run, user=user, run_id=run_id))
    outcome = await flows.run_next(state.engine, user=user, run_id=run_id, how=sending(request))
    run = await in_session(state.engine, partial(flows.get_run, user=user, run_id=run_id))
    return await run_in_threadpool(_step_items, request, outcome, run)
