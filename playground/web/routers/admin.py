"""Admin pages: user administration and the audit log. Members get 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

from playground.services import audit, sandbox_data, users
from playground.services.errors import Conflict, InvalidInput, NotFound
from playground.services.users import Actor, PasswordResult
from playground.store.models import User
from playground.web.actors import AdminActor
from playground.web.deps import CsrfChecked, SessionDep, StateDep
from playground.web.guards import MakingAdmin, RecentAuth
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdPath, IdQuery, TextQuery
from playground.web.rendering import render

router = APIRouter(prefix="/admin")
Short = Annotated[str, Form(max_length=200)]
Secret = Annotated[str, Form(max_length=4096)]
Text = TextQuery
USERS_URL = "/admin/users"


def _users_page(
    request: Request,
    db: SessionDep,
    actor: Actor,
    *,
    form: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    """The user list beside the create form; htmx gets the list only."""
    context: dict[str, Any] = {
        "active": "admin",
        "users": users.rows(db, actor=actor),
        "roles": users.ROLES,
        "form": form or {"username": "", "role": "member"},
        "errors": errors or {},
        "error": error,
        "sandbox_on": request.app.state.playground.settings.sandbox,
        "sandbox_reset_done": request.query_params.get("sandbox") == "reset",
    }
    return render(
        request,
        "pages/admin_users.html",
        context,
        partial="partials/admin_user_list.html",
        status_code=status_code,
    )


def _password_page(request: Request, result: PasswordResult, action: str) -> Response:
    """The one and only page that shows a generated password; never cached."""
    context = {
        "active": "admin",
        "target": result.user,
        "one_time_password": result.one_time_password,
        "action": action,
    }
    response = render(request, "pages/admin_user_password.html", context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _change(request: Request, db: SessionDep, actor: Actor, act: Callable[[], User]) -> Response:
    """Run one change; answer with the new list (htmx) or a 303, or the list with the refusal."""
    try:
        target = act()
    except (Conflict, InvalidInput) as exc:
        message = str(exc) if isinstance(exc, Conflict) else "; ".join(exc.errors.values())
        status = 409 if isinstance(exc, Conflict) else 422
        return _users_page(request, db, actor, error=message, status_code=status)
    me = actor.user
    if me is not None and target.id == me.id and not (target.is_admin and target.is_active):
        return see_other(request, "/")  # the admin demoted or disabled themselves
    if is_htmx(request):
        return _users_page(request, db, actor)
    return see_other(request, USERS_URL)


@router.get("/users")
def users_page(request: Request, db: SessionDep, actor: AdminActor) -> Response:
    """Every account with its role and state, and a form for a new one."""
    return _users_page(request, db, actor)


@router.post("/users", dependencies=[CsrfChecked, MakingAdmin])
def create_user(
    request: Request,
    db: SessionDep,
    actor: AdminActor,
    username: Short = "",
    role: Short = "member",
    password: Secret = "",
) -> Response:
    """Create an account; a generated password is shown on the answer, once."""
    try:
        result = users.create(db, actor=actor, username=username, password=password, role=role)
    except InvalidInput as exc:
        form = {"username": username, "role": role}
        return _users_page(request, db, actor, form=form, errors=exc.errors, status_code=422)
    if result.one_time_password:
        return _password_page(request, result, "created")
    return see_other(request, USERS_URL)


@router.post("/users/{user_id}/disable", dependencies=[CsrfChecked])
def disable(request: Request, db: SessionDep, actor: AdminActor, user_id: IdPath) -> Response:
    """Disable an account and end all its sessions."""
    return _change(
        request, db, actor, lambda: users.set_active(db, actor=actor, user_id=user_id, active=False)
    )


@router.post("/users/{user_id}/enable", dependencies=[CsrfChecked])
def enable(request: Request, db: SessionDep, actor: AdminActor, user_id: IdPath) -> Response:
    """Enable a disabled account again."""
    return _change(
        request, db, actor, lambda: users.set_active(db, actor=actor, user_id=user_id, active=True)
    )


@router.post("/users/{user_id}/role", dependencies=[CsrfChecked, MakingAdmin])
def set_role(
    request: Request, db: SessionDep, actor: AdminActor, user_id: IdPath, role: Short = ""
) -> Response:
    """Make an account an admin or a member."""
    return _change(
        request, db, actor, lambda: users.set_role(db, actor=actor, user_id=user_id, role=role)
    )


@router.post("/users/{user_id}/reset-password", dependencies=[CsrfChecked, RecentAuth])
def reset_password(
    request: Request, db: SessionDep, actor: AdminActor, user_id: IdPath, password: Secret = ""
) -> Response:
    """Set another user's password (given, or generated and shown once); ends their sessions."""
    try:
        result = users.reset_password(db, actor=actor, user_id=user_id, password=password)
    except InvalidInput as exc:
        error = "; ".join(exc.errors.values())
        return _users_page(request, db, actor, error=error, status_code=422)
    if result.one_time_password:
        return _password_page(request, result, "reset")
    return see_other(request, USERS_URL)


@router.post("/sandbox/reset", dependencies=[CsrfChecked])
def reset_sandbox(request: Request, state: StateDep, db: SessionDep, actor: AdminActor) -> Response:
    """Bring back the sandbox's seeded data, on every instance, with its next request."""
    if not state.settings.sandbox:
        raise NotFound
    sandbox_data.reset(db, actor=actor)
    if is_htmx(request):
        context = {"sandbox_reset_done": True}
        return vary(render(request, "partials/sandbox_reset.html", context))
    return see_other(request, USERS_URL + "?sandbox=reset")


@router.get("/audit")
def audit_page(
    request: Request,
    db: SessionDep,
    _actor: AdminActor,
    user: Text = "",
    kind: Text = "",
    from_: Annotated[str, Query(alias="from", max_length=20)] = "",
    to: Annotated[str, Query(max_length=20)] = "",
    before: IdQuery = None,
) -> Response:
    """The audit log, newest first, filtered by user name, kind and days; keyset-paged."""
    params = {"user": user, "kind": kind, "from": from_, "to": to}
    context: dict[str, Any] = {"active": "admin", "filters": params, "kinds": audit.kinds(db)}
    try:
        filters = audit.filters_from_form(username=user, kind=kind, since=from_, until=to)
    except InvalidInput as exc:
        context |= {"rows": [], "next_before": None, "errors": exc.errors, "paged": False}
        return render(
            request,
            "pages/admin_audit.html",
            context,
            partial="partials/admin_audit_list.html",
            status_code=422,
        )
    events, next_before = audit.page(db, filters=filters, before_id=before)
    context |= {"rows": events, "next_before": next_before, "errors": {}, "paged": bool(before)}
    return render(
        request, "pages/admin_audit.html", context, partial="partials/admin_audit_list.html"
    )
