"""Language and time zone: a user's stored choice, and a visitor's language cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import Response

from playground import i18n
from playground.services import preferences
from playground.services.errors import InvalidInput
from playground.web.cookies import DAY_SECONDS
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep
from playground.web.htmx import local_path, see_other
from playground.web.locale import LANGUAGE_COOKIE

router = APIRouter()


@router.post("/account/preferences", dependencies=[CsrfChecked])
def save_preferences(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    language: Annotated[str, Form(max_length=16)] = "",
    time_zone: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    """Store the user's language and time zone; the account page shows them in use."""
    try:
        preferences.save(db, user=user, language=language, time_zone=time_zone)
    except InvalidInput as exc:
        raise HTTPException(status_code=422, detail=" ".join(exc.errors.values())) from exc
    return see_other(request, "/account?preferences=saved")


@router.get("/language")
async def choose_language(request: Request, lang: str = "", next: str = "/") -> Response:
    """A visitor's language switch: a cookie with the choice ("" follows the browser again)."""
    response = see_other(request, local_path(next))
    chosen = i18n.supported(lang)
    if chosen:
        response.set_cookie(
            LANGUAGE_COOKIE,
            chosen,
            max_age=365 * DAY_SECONDS,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    else:
        response.delete_cookie(LANGUAGE_COOKIE)
    return response
