"""Collections: folders of saved requests, filing a request, export and import of a folder."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import File, Form, Request, UploadFile
from fastapi.responses import Response
from fastapi.routing import APIRouter

from playground.i18n import gettext as _
from playground.services import collection_files, collection_reading, folders
from playground.services.errors import InvalidInput
from playground.store.models import User
from playground.web.asking import AskForm, asking_page
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep, client_address
from playground.web.htmx import is_htmx, see_other, vary
from playground.web.params import IdForm, IdPath
from playground.web.rendering import render

router = APIRouter()
Name = Annotated[str, Form(max_length=500)]
Visibility = Annotated[str, Form(max_length=16)]
TEAM_OF = {"team": True, "private": False}


def shelf_context(db: SessionDep, user: User, q: str = "") -> dict[str, Any]:
    """What the list of folders and saved requests needs."""
    shelf = folders.shelf(db, user=user, text=q)
    return {"shelf": shelf, "folder_choices": shelf.targets, "q": q}


def _answer(
    request: Request, db: SessionDep, user: User, error: InvalidInput | None = None
) -> Response:
    """After a change: the new list for htmx (422 with the reasons), else a 303 or the error."""
    if error is not None and not is_htmx(request):
        raise error
    if not is_htmx(request):
        return see_other(request, "/saved")
    context = shelf_context(db, user)
    if error is not None:
        context["shelf_error"] = " ".join(error.errors.values())
    status = 200 if error is None else 422
    return vary(render(request, "partials/saved_list.html", context, status_code=status))


@router.post("/saved/folders", dependencies=[CsrfChecked])
def create(
    request: Request, db: SessionDep, user: CurrentUser, name: Name = "", team: Visibility = ""
) -> Response:
    """A new folder, private or (team=1) for the team."""
    try:
        folders.create(db, user=user, name=name, team=team == "1")
    except InvalidInput as exc:
        return _answer(request, db, user, exc)
    return _answer(request, db, user)


@router.post("/saved/folders/{folder_id}/rename", dependencies=[CsrfChecked])
def rename(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    folder_id: IdPath,
    name: Name = "",
    visibility: Visibility = "",
) -> Response:
    """Rename a folder; its owner may also switch it between private and team."""
    team = TEAM_OF.get(visibility)
    try:
        folders.rename(db, user=user, folder_id=folder_id, name=name, team=team)
    except InvalidInput as exc:
        return _answer(request, db, user, exc)
    return _answer(request, db, user)


@router.post("/saved/folders/{folder_id}/delete", dependencies=[CsrfChecked])
def delete(
    request: Request, db: SessionDep, user: CurrentUser, folder_id: IdPath, ask: AskForm = ""
) -> Response:
    """Delete a folder (after asking, when the form wants it); its requests become unfiled."""
    if ask == "1":
        folder = folders.get_visible(db, user=user, folder_id=folder_id)
        question = _("Delete the folder “%(name)s”? Its requests are kept, unfiled.")
        action = f"/saved/folders/{folder_id}/delete"
        return asking_page(
            request, question=question % {"name": folder.name}, action=action, back="/saved",
            active="saved",
        )  # fmt: skip
    folders.delete(db, user=user, folder_id=folder_id)
    return _answer(request, db, user)


@router.post("/saved/{saved_id}/move", dependencies=[CsrfChecked])
def move(
    request: Request, db: SessionDep, user: CurrentUser, saved_id: IdPath, folder_id: IdForm = None
) -> Response:
    """File a saved request in a folder, or take it out (no folder chosen)."""
    try:
        folders.move(db, user=user, saved_id=saved_id, folder_id=folder_id)
    except InvalidInput as exc:
        return _answer(request, db, user, exc)
    return _answer(request, db, user)


@router.get("/saved/folders/{folder_id}/export")
def export(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser, folder_id: IdPath
) -> Response:
    """The folder as one JSON file to download: no profile, token or secret in it."""
    address = client_address(request)
    filename, body = collection_files.export(
        db, user=user, folder_id=folder_id, box=state.box, address=address
    )
    disposition = f"attachment; filename*=UTF-8''{quote(filename)}"
    return Response(
        body, media_type="application/json", headers={"Content-Disposition": disposition}
    )


@router.post("/saved/import", dependencies=[CsrfChecked])
def import_collection(
    request: Request,
    state: StateDep,
    db: SessionDep,
    user: CurrentUser,
    file: Annotated[UploadFile | None, File()] = None,
) -> Response:
    """A collection file as a new private folder; the answer says what was skipped."""
    context: dict[str, Any] = {
        "active": "saved",
        "limit_kb": collection_reading.MAX_IMPORT_BYTES // 1000,
    }
    try:
        if file is None:
            raise InvalidInput({"file": _("Choose a collection file to import.")})
        # One byte more than allowed tells a file that is too big without reading all of it.
        data = file.file.read(collection_reading.MAX_IMPORT_BYTES + 1)
        context["imported"] = collection_files.import_file(
            db, user=user, data=data, box=state.box, address=client_address(request)
        )
    except InvalidInput as exc:
        context["import_error"] = " ".join(exc.errors.values())
        return render(request, "pages/saved_import.html", context, status_code=400)
    return render(request, "pages/saved_import.html", context)
