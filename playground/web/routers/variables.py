"""Variables: the list and its form, the composer's check, and an entry's request as written."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.services import history, profiles, variables
from playground.services.errors import InvalidInput
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.forms import ComposerForms
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdForm, IdPath
from playground.web.rendering import render

router = APIRouter()
ScopeForm = Annotated[str, Form(max_length=8)]
NameForm = Annotated[str, Form(max_length=64)]
ValueForm = Annotated[str, Form(max_length=variables.MAX_VALUE)]


def _page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    *,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    """The variables page, or its list alone for htmx."""
    context: dict[str, Any] = {
        "active": "variables",
        "variables": variables.list_views(db, user=user),
        "own_profiles": profiles.list_views(db, user=user),
        "errors": errors or {},
    }
    return render(
        request,
        "pages/variables.html",
        context,
        partial="partials/variable_list.html",
        status_code=status_code,
    )


@router.get("/variables")
def variables_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    """Your variables, the team's and your profiles', with a form to add or change one."""
    return _page(request, db, user)


@router.post("/variables", dependencies=[CsrfChecked])
def save_variable(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    name: NameForm,
    value: ValueForm,
    scope: ScopeForm = "user",
    profile_id: IdForm = None,
) -> Response:
    """Create or change a variable (the same name in the same place is changed)."""
    if scope not in ("user", "team", "profile"):
        scope = "user"
    if scope == "team" and not user.is_admin:
        raise HTTPException(status_code=403, detail=_("Only administrators may do this."))
    try:
        variables.save(
            db,
            user=user,
            scope=scope,  # type: ignore[arg-type]
            profile_id=profile_id,
            name=name.strip(),
            value=value,
            box=state.box,
        )
    except InvalidInput as exc:
        return _page(request, db, user, errors=exc.errors, status_code=422)
    return _page(request, db, user) if is_htmx(request) else see_other(request, "/variables")


@router.post("/variables/{variable_id}/delete", dependencies=[CsrfChecked])
def delete_variable(
    request: Request, db: SessionDep, user: CurrentUser, variable_id: IdPath
) -> Response:
    """Delete a variable you manage."""
    variables.delete(db, user=user, variable_id=variable_id)
    return _page(request, db, user) if is_htmx(request) else see_other(request, "/variables")


@router.post("/variables/check", dependencies=[CsrfChecked])
def check_variables(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    forms: ComposerForms,
    profile_id: IdForm = None,
) -> Response:
    """For the composer: each `{{name}}` in use, the value it takes and where from."""
    used = variables.usage(db, user=user, profile_id=profile_id, forms=forms)
    return vary(render(request, "partials/variable_usage.html", {"used": used}))


@router.get("/history/{entry_id}/written")
def written(request: Request, db: SessionDep, user: CurrentUser, entry_id: IdPath) -> Response:
    """An entry's request as written, with its `{{name}}`s (empty when it had none)."""
    history.get(db, user=user, entry_id=entry_id)
    actions = variables.written(db, entry_id=entry_id)
    return vary(render(request, "partials/written_request.html", {"written": actions}))
