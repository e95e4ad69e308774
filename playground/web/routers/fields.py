"""The account's field catalogue for the editor and the fields browser, and the calls' facts."""

from __future__ import annotations

from contextlib import suppress
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from playground import i18n
from playground.i18n import gettext as _
from playground.onoffice.calls import calls_catalogue
from playground.services import profiles
from playground.services.errors import InvalidInput, NotFound
from playground.services.fields import Catalogue, FieldsUnavailable, catalogue
from playground.services.gate import Busy
from playground.store.db import in_session
from playground.store.models import User
from playground.web.deps import CsrfChecked, CurrentUser, StateDep
from playground.web.fieldviews import field_modules
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdForm, IdQuery, TextQuery
from playground.web.rendering import render
from playground.web.state import AppState

router = APIRouter()
Language = Literal["DEU", "ENG"]
LanguageQuery = Annotated[Language, Query()]
NOT_USABLE = "There is no such profile, or it is not yours."
CHOOSE = "Choose a profile (profile=<id>) whose account's fields to list."


async def _catalogue(
    state: AppState, user: User, profile_id: int, language: str, refresh: bool = False
) -> Catalogue:
    """The catalogue through the service; a busy upstream reads as "fetch failed"."""
    try:
        return await catalogue(
            state.fetcher, user=user, profile_id=profile_id, language=language, refresh=refresh
        )
    except Busy as exc:
        message = _("The field list could not be fetched now: %(reason)s") % {"reason": exc}
        raise FieldsUnavailable(message) from None


@router.get("/fields.json")
async def fields_json(
    state: StateDep, user: CurrentUser, profile: IdQuery = None, language: LanguageQuery = "ENG"
) -> Response:
    """The profile's fields per module, fetched once and then served from the cache."""
    if profile is None:
        return JSONResponse({"error": CHOOSE}, status_code=422)
    try:
        found = await _catalogue(state, user, profile, language)
    except NotFound:
        return JSONResponse({"error": NOT_USABLE}, status_code=404)
    except FieldsUnavailable as exc:
        return JSONResponse({"error": str(exc)}, status_code=502)
    # Encoded in a worker thread the first time, then served as the same bytes.
    body = await run_in_threadpool(lambda: found.json_bytes)
    return Response(body, media_type="application/json")


@router.get("/calls.json")
def calls_json(_user: CurrentUser) -> JSONResponse:
    """Every documented call's parameters, the filter operators and the listlimit bound."""
    return JSONResponse(calls_catalogue())


async def _browser(
    request: Request,
    state: AppState,
    user: User,
    *,
    profile: int | None,
    language: str,
    query: str,
    refresh: bool = False,
) -> Response:
    """The fields browser (page, or partial for htmx); 502 with the reason when fetching fails."""
    choices = await in_session(state.engine, lambda db: profiles.list_usable_views(db, user=user))
    profile = profile or (choices[0].id if choices else None)
    error, found, other, status = None, None, None, 200
    try:
        if profile is None:
            raise FieldsUnavailable(_("You have no profile yet: create one to list its fields."))
        found = await _catalogue(state, user, profile, language, refresh)
        if query.strip():  # search both languages' labels: fetch the other once, then cached
            other = await _catalogue(state, user, profile, "ENG" if language == "DEU" else "DEU")
    except FieldsUnavailable as exc:
        error, status = str(exc), 502
    shown = field_modules(found.modules, other.modules if other else None, query) if found else []
    context = {
        "active": "composer",
        "profiles": choices,
        "profile_id": profile,
        "language": language,
        "query": query,
        "error": error,
        "catalogue": found,
        "modules": shown,
    }
    return vary(
        await run_in_threadpool(
            render,
            request,
            "pages/fields.html",
            context,
            partial="partials/fields_browser.html",
            status_code=status,
        )
    )


@router.get("/fields")
async def fields_page(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    profile: IdQuery = None,
    language: Annotated[Language | None, Query()] = None,
    q: TextQuery = "",
    profile_id: IdQuery = None,
) -> Response:
    """The fields browser: every module's fields, searchable by name and label.

    `profile_id` is the composer's name for the profile, sent when the browser opens there.
    """
    chosen = profile or profile_id
    # Unless asked otherwise, the labels come in the language the page is in.
    language = language or ("DEU" if i18n.current() == "de" else "ENG")
    return await _browser(request, state, user, profile=chosen, language=language, query=q)


@router.post("/fields/refresh", dependencies=[CsrfChecked])
async def fields_refresh(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    profile: IdForm = None,
    language: Annotated[Language, Form()] = "ENG",
) -> Response:
    """Fetch the profile's fields again; htmx gets the browser, a plain form the composer."""
    if profile is None:
        raise InvalidInput({"profile": _("Choose the profile whose fields to fetch again.")})
    if is_htmx(request):
        return await _browser(
            request, state, user, profile=profile, language=language, query="", refresh=True
        )
    # The composer shows no fetch errors; the browser and fields.json say why.
    with suppress(FieldsUnavailable):
        await _catalogue(state, user, profile, language, refresh=True)
    return see_other(request, "/")
