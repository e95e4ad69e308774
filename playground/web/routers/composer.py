"""The composer (home page), the template picker and sending."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.onoffice.catalogue import find_template, search_templates
from playground.onoffice.languages import LANGUAGES
from playground.services import (
    compose,
    flow_steps,
    history,
    profiles,
    saved,
    shares,
    variables,
)
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.services.flow_steps import FlowStep
from playground.services.saved import SavedView
from playground.services.send import ConfirmationRequired
from playground.store.db import in_session
from playground.web import template_list
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.flow_views import panel_steps
from playground.web.forms import ComposerForms
from playground.web.htmx import is_htmx, vary
from playground.web.params import CodeQuery, IdForm, IdQuery
from playground.web.rendering import render
from playground.web.sent import answer_sent, keep_written, send_from
from playground.web.state import ensure_sandbox_profile
from playground.web.views import ConfirmView, ResponseView

router = APIRouter()
DEFAULT_TEMPLATE = "read-estate"


def _page(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    *,
    actions: list[ActionForm],
    profile_id: int | None = None,
    result: ResponseView | None = None,
    form_error: str | None = None,
    status_code: int = 200,
    saved_view: SavedView | None = None,
    loaded_from: str | None = None,
    confirm: ConfirmView | None = None,
    flow: list[FlowStep] | None = None,
) -> Response:
    """Render the whole composer page (with a flow's steps when one was opened)."""
    ensure_sandbox_profile(state, db, user)
    usable = profiles.list_usable_views(db, user=user)
    if profile_id is None:
        last_used = history.last_profile_id(db, user=user)
        profile_id = profiles.default_choice(usable, last_used=last_used)
    context = {
        "active": "composer",
        "profiles": usable,
        "selected_profile_id": profile_id,
        "actions": actions,
        "verbs": compose.VERBS,
        "templates": search_templates(""),
        "template_list": template_list.full_list(),
        "compare_languages": LANGUAGES,
        "result": result,
        "form_error": form_error,
        "saved": saved_view,
        "loaded_from": loaded_from,
        "confirm": confirm,
        "flow_steps": panel_steps(flow or []),
        "flow_saved_id": saved_view.id if flow and saved_view else None,
        "flow_name": saved_view.name if flow and saved_view else "",
    }
    return render(request, "pages/composer.html", context, status_code=status_code)


@dataclass
class _Start:
    """What the composer opens with."""

    actions: list[ActionForm]
    profile_id: int | None = None
    saved_view: SavedView | None = None
    loaded_from: str | None = None
    flow: list[FlowStep] | None = None


def _start(
    db: SessionDep,
    user: CurrentUser,
    *,
    from_entry: int | None,
    saved_id: int | None,
    share: str,
    template: str,
) -> _Start:
    """Load the actions (and profile) from a history entry, saved request, link or template."""
    if from_entry is not None:
        entry = history.get(db, user=user, entry_id=from_entry)
        forms = [ActionForm.from_action(a) for a in history.actions_of(entry)]
        return _Start(forms, entry.profile_id)
    if saved_id is not None:
        view = saved.get_view(db, user=user, saved_id=saved_id)
        target = saved.get_visible(db, user=user, saved_id=saved_id)
        steps = flow_steps.saved_steps(target.request_json)
        if steps:  # a flow: its steps in the flow panel, the first one in the composer
            note = _("Opened the saved flow “%(name)s”.") % {"name": view.name}
            return _Start(list(steps[0].forms), view.profile_id, view, note, steps)
        forms = [ActionForm.from_action(a) for a in saved.recipe(target)]
        note = _("Opened from the saved request “%(name)s”.") % {"name": view.name}
        return _Start(forms, view.profile_id, view, note)
    if share:
        recipe = shares.open_link(db, user=user, code=share)
        forms = [ActionForm.from_action(a) for a in recipe.actions]
        shared = {"name": recipe.created_by_name, "title": recipe.title}
        note = _("Opened from a link shared by %(name)s: %(title)s.") % shared
        if recipe.steps:  # a shared flow: its steps in the flow panel, as for a saved one
            return _Start(list(recipe.steps[0].forms), loaded_from=note, flow=recipe.steps)
        return _Start(forms, loaded_from=note)
    # With no template named, start from "Read estates" so a first send shows records.
    chosen = find_template(template) or find_template(DEFAULT_TEMPLATE)
    assert chosen is not None
    return _Start([ActionForm.from_action(chosen.to_action())])


@router.get("/")
def composer_page(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    from_entry: Annotated[IdQuery, Query(alias="from")] = None,
    template: str = "",
    saved_id: Annotated[IdQuery, Query(alias="saved")] = None,
    share: CodeQuery = "",
) -> Response:
    """The composer: empty, from a template, a history entry, a saved request or a share link."""
    start = _start(
        db, user, from_entry=from_entry, saved_id=saved_id, share=share, template=template
    )
    return _page(
        request,
        state,
        db,
        user,
        actions=start.actions,
        profile_id=start.profile_id,
        saved_view=start.saved_view,
        loaded_from=start.loaded_from,
        flow=start.flow,
    )


@router.get("/templates")
def templates_list(request: Request, _user: CurrentUser, q: str = "") -> Response:
    """The template picker's list, filtered by a search text."""
    return vary(render(request, template_list.PARTIAL, template_list.context(q[:200])))


@router.post("/send", dependencies=[CsrfChecked])
async def send_request(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    forms: ComposerForms,
    profile_id: IdForm = None,
    confirm_protected: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    """Validate, sign, send and record; answer with the response panel."""
    # `db` serves only the pages for refusals; the send itself borrows connections briefly.
    try:
        if profile_id is None:
            raise InvalidInput({"profile": _("Choose a profile to send with.")})
        use = partial(variables.apply, user=user, profile_id=profile_id, forms=forms)
        applied = await in_session(state.engine, partial(use, box=state.box))
        actions = compose.parse_forms(applied.forms)
        sent = await send_from(
            request,
            user,
            profile_id=profile_id,
            actions=actions,
            confirmed=confirm_protected == "1",
        )
    except InvalidInput as exc:
        return await run_in_threadpool(_invalid, request, state, db, user, forms, profile_id, exc)
    except ConfirmationRequired as exc:
        return await run_in_threadpool(_confirm, request, state, db, user, forms, profile_id, exc)
    await keep_written(request, sent, applied.written_json)
    return await run_in_threadpool(answer_sent, request, sent)


def _confirm(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    forms: list[ActionForm],
    profile_id: int | None,
    exc: ConfirmationRequired,
) -> Response:
    """Nothing was sent: ask for confirmation of writes to a protected profile (409)."""
    htmx = is_htmx(request)
    confirm = ConfirmView(
        profile_name=exc.profile_name,
        writes=exc.writes,
        every_send=exc.every_send,
        retry_url="/send",
        include="#composer",
        mode="htmx" if htmx else "in_form",
    )
    if htmx:
        context = {"confirm": confirm}
        return vary(render(request, "partials/confirm_protected.html", context, status_code=409))
    return _page(
        request,
        state,
        db,
        user,
        actions=forms,
        profile_id=profile_id,
        confirm=confirm,
        status_code=409,
    )


def _invalid(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    forms: list[ActionForm],
    profile_id: int | None,
    exc: InvalidInput,
) -> Response:
    """Nothing was sent: show the messages at the fields (422)."""
    message = _("Nothing was sent.") + " " + " ".join(sorted(set(exc.errors.values())))
    if not is_htmx(request):
        return _page(
            request,
            state,
            db,
            user,
            actions=forms or [ActionForm()],
            profile_id=profile_id,
            form_error=message,
            status_code=422,
        )
    context = {"actions": forms or [ActionForm()], "verbs": compose.VERBS, "form_error": message}
    return vary(render(request, "partials/send_invalid.html", context, status_code=422))
