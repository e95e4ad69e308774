"""Signature X-ray: paste what your own code sent; the playground says what is wrong."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.onoffice.xray import Diagnosis, Fields
from playground.services import profiles, xray
from playground.services.errors import InvalidInput
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.params import IdForm
from playground.web.rendering import render

router = APIRouter()
MAX_BODY = 200_000
Body = Annotated[str, Form(max_length=MAX_BODY)]
Part = Annotated[str, Form(max_length=500)]


def _page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    *,
    form: dict[str, Any],
    diagnosis: Diagnosis | None = None,
    error: str = "",
    status_code: int = 200,
) -> Response:
    """The X-ray page; htmx gets only the diagnosis."""
    context: dict[str, Any] = {
        "active": "xray",
        "profiles": profiles.list_usable_views(db, user=user),
        "form": form,
        "diagnosis": diagnosis,
        "error": error,
        "per_minute": xray.PER_MINUTE,
    }
    return render(
        request, "pages/xray.html", context, partial="partials/xray_result.html",
        status_code=status_code,
    )  # fmt: skip


@router.get("/xray")
def xray_page(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    """The form: a profile, and the body or the fields of one action."""
    return _page(request, db, user, form={"profile_id": None, "mode": "body"})


@router.post("/xray", dependencies=[CsrfChecked])
def diagnose(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    profile_id: IdForm = None,
    body: Body = "",
    token: Part = "",
    timestamp: Part = "",
    resourcetype: Part = "",
    actionid: Part = "",
    hmac: Part = "",
    hmac_version: Part = "",
) -> Response:
    """Diagnose the pasted request with the chosen profile's key (never shown)."""
    parts = (token, timestamp, resourcetype, actionid, hmac)
    fields = Fields(*parts, hmac_version=hmac_version) if any(parts) else None
    # The form comes back without the body, token and HMAC: a page never repeats a
    # credential, not even one the user pasted (it may be on a shared screen).
    form = {"profile_id": profile_id, "timestamp": timestamp,
            "resourcetype": resourcetype, "actionid": actionid, "hmac_version": hmac_version,
            "mode": "fields" if fields and not body.strip() else "body"}  # fmt: skip
    try:
        if profile_id is None:
            raise InvalidInput({"profile": _("Choose a profile to compare with.")})
        question = xray.Question(body=body, fields=fields)
        result = xray.diagnose(
            db, user=user, profile_id=profile_id, question=question, box=state.box
        )
    except InvalidInput as exc:
        message = " ".join(exc.errors.values())
        return _page(request, db, user, form=form, error=message, status_code=422)
    except xray.TooManyDiagnoses as exc:
        values = {"limit": xray.PER_MINUTE, "seconds": exc.seconds}
        message = _("Too many diagnoses this minute (at most %(limit)d). Try again in "
                    "%(seconds)d seconds.") % values  # fmt: skip
        response = _page(request, db, user, form=form, error=message, status_code=429)
        response.headers["Retry-After"] = str(exc.seconds)
        return response
    return _page(request, db, user, form=form, diagnosis=result)
