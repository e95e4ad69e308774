"""Code export: a history entry, saved request or the composer's actions as runnable code.

Plain GETs (and the composer's POST) answer with the code as text; htmx gets the code
panel with the language tabs, copy and download. The code holds no credential.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from fastapi import Request
from fastapi.responses import Response
from fastapi.routing import APIRouter

from playground.i18n import gettext as _
from playground.onoffice.codegen import CodeRequest, Language, language, languages
from playground.services import code_export, compose, variables
from playground.services.errors import InvalidInput, NotFound
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.forms import ComposerForms
from playground.web.htmx import is_htmx, vary
from playground.web.params import CodePath, IdForm, IdPath
from playground.web.rendering import render

router = APIRouter()


@dataclass(frozen=True)
class CodeView:
    """The code panel: the chosen language, its code, the other languages, where to get them."""

    lang: Language
    code: str
    languages: list[Language]
    # "/history/5/code" or "/saved/3/code" (GET); "/code" for the composer (POST its form).
    base: str
    post: bool
    error: str = ""

    @property
    def dom_id(self) -> str:
        """An element id unique on the page: one panel per history entry or saved request."""
        return "code" + self.base.removesuffix("/code").replace("/", "-")


def _language(key: str) -> Language:
    """The export language named in the URL, or NotFound."""
    found = language(key)
    if found is None:
        raise NotFound
    return found


def _answer(
    request: Request, lang: Language, code: CodeRequest, *, base: str, download: bool
) -> Response:
    """The code panel for htmx, otherwise the code as a text file (attached on download)."""
    text = lang.generate(code)
    if is_htmx(request):
        view = CodeView(lang, text, languages(), base, post=base == "/code")
        return vary(render(request, "partials/code_export.html", {"view": view}))
    disposition = "attachment" if download else "inline"
    headers = {"Content-Disposition": f'{disposition}; filename="{lang.filename}"'}
    return vary(Response(text, media_type="text/plain; charset=utf-8", headers=headers))


@router.get("/history/{entry_id}/code/{lang}")
def history_code(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    entry_id: IdPath,
    lang: CodePath,
    download: bool = False,
) -> Response:
    """A history entry's request as code that signs when it runs."""
    chosen = _language(lang)
    base_url = str(request.base_url)
    code = code_export.for_history(db, user=user, entry_id=entry_id, base_url=base_url)
    return _answer(request, chosen, code, base=f"/history/{entry_id}/code", download=download)


@router.get("/saved/{saved_id}/code/{lang}")
def saved_code(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    saved_id: IdPath,
    lang: CodePath,
    download: bool = False,
) -> Response:
    """A saved request as code that signs when it runs."""
    chosen = _language(lang)
    base_url = str(request.base_url)
    code = code_export.for_saved(db, user=user, saved_id=saved_id, base_url=base_url)
    return _answer(request, chosen, code, base=f"/saved/{saved_id}/code", download=download)


@router.post("/code/{lang}", dependencies=[CsrfChecked])
def composer_code(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    lang: CodePath,
    forms: ComposerForms,
    profile_id: IdForm = None,
    download: bool = False,
) -> Response:
    """The composer's current actions as code (nothing is sent or stored).

    Its {{variables}} are filled in as a send with the chosen profile would: the code
    sends what Send sends (a variable never holds a credential).
    """
    chosen = _language(lang)
    try:
        if profile_id is not None:
            fill = partial(variables.apply, user=user, profile_id=profile_id, box=state.box)
            forms = fill(db, forms=forms).forms
        actions = compose.parse_forms(forms)
    except InvalidInput as exc:
        if not is_htmx(request):
            raise
        message = _("No code: ") + " ".join(sorted(set(exc.errors.values())))
        view = CodeView(chosen, "", languages(), "/code", post=True, error=message)
        return vary(render(request, "partials/code_export.html", {"view": view}, status_code=422))
    code = code_export.for_actions(
        db, user=user, profile_id=profile_id, actions=actions, base_url=str(request.base_url)
    )
    return _answer(request, chosen, code, base="/code", download=download)
