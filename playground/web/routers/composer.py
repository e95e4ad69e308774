"""The composer (home page), the template picker and sending."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from playground.onoffice.catalogue import Template, find_template, search_templates
from playground.services import compose, history, profiles, send
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.rendering import render
from playground.web.views import ResponseView, response_view

router = APIRouter()
FieldList = Annotated[list[str], Form()]


def template_json(template: Template) -> str:
    """A template's parameters as the pretty JSON the composer's text area shows."""
    return json.dumps(dict(template.parameters), indent=2, ensure_ascii=False)


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
) -> Response:
    """Render the whole composer page."""
    profiles.ensure_sandbox_profile(
        db,
        user=user,
        settings=state.settings,
        box=state.box,
        token=state.sandbox_token,
        secret=state.sandbox_secret,
    )
    context = {
        "active": "composer",
        "profiles": profiles.list_views(db, user=user),
        "selected_profile_id": profile_id,
        "actions": actions,
        "verbs": compose.VERBS,
        "templates": search_templates(""),
        "template_json": template_json,
        "query": "",
        "result": result,
        "form_error": form_error,
    }
    return render(request, "pages/composer.html", context, status_code=status_code)


@router.get("/")
def composer_page(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    from_entry: Annotated[int | None, Query(alias="from")] = None,
    template: str = "",
) -> Response:
    """The composer, empty, from a template, or loaded from a history entry."""
    actions = [ActionForm(verb="read", resourcetype="estate", parameters="{}")]
    profile_id = None
    if from_entry is not None:
        entry = history.get(db, user=user, entry_id=from_entry)
        actions = [ActionForm.from_action(a) for a in history.actions_of(entry)]
        profile_id = entry.profile_id
    elif (chosen := find_template(template)) is not None:
        actions = [ActionForm.from_action(chosen.to_action())]
    return _page(request, state, db, user, actions=actions, profile_id=profile_id)


@router.get("/templates")
def templates_list(request: Request, _user: CurrentUser, q: str = "") -> Response:
    """The template picker's list, filtered by a search text."""
    context = {"templates": search_templates(q[:200]), "template_json": template_json, "query": q}
    return vary(render(request, "partials/templates.html", context))


@router.post("/send", dependencies=[CsrfChecked])
async def send_request(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    profile_id: Annotated[int | None, Form()] = None,
    verb: FieldList = [],  # noqa: B006  (FastAPI copies defaults per request)
    resourcetype: FieldList = [],  # noqa: B006
    resourceid: FieldList = [],  # noqa: B006
    identifier: FieldList = [],  # noqa: B006
    parameters: FieldList = [],  # noqa: B006
) -> Response:
    """Validate, sign, send and record; answer with the response panel."""
    forms = compose.forms_from_fields(verb, resourcetype, resourceid, identifier, parameters)
    try:
        if profile_id is None:
            raise InvalidInput({"profile": "Choose a profile to send with."})
        actions = compose.parse_forms(forms)
    except InvalidInput as exc:
        return _invalid(request, state, db, user, forms, profile_id, exc)
    sent = await send.send(
        db,
        user=user,
        profile_id=profile_id,
        actions=actions,
        settings=state.settings,
        box=state.box,
        upstream=state.upstream,
    )
    if not is_htmx(request):
        return see_other(request, f"/history/{sent.entry.id}")
    result = response_view(sent.entry, sent.payload)
    response = render(request, "partials/response.html", {"result": result})
    response.headers["HX-Trigger"] = "history-changed"
    return vary(response)


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
    message = "Nothing was sent. " + " ".join(sorted(set(exc.errors.values())))
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
