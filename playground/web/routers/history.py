"""History: list with search and filters, detail, re-send, delete, JSON export."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import JSONResponse, Response
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from playground.i18n import gettext as _
from playground.services import compose, flows, history, profiles
from playground.services.errors import InvalidInput, NotFound
from playground.services.fields import Catalogue
from playground.services.send import ConfirmationRequired
from playground.store.db import in_session
from playground.store.history import HistoryFilter
from playground.store.models import HistoryEntry, User
from playground.web.asking import AskForm, asking_page
from playground.web.deps import CsrfChecked, CurrentUser, SessionDep, StateDep
from playground.web.flow_views import run_links
from playground.web.htmx import is_htmx, see_other, targets_row, vary
from playground.web.params import IdPath, IdQuery, TextQuery
from playground.web.rendering import render
from playground.web.routers import compare
from playground.web.sent import answer_sent, send_from
from playground.web.state import AppState
from playground.web.views import ConfirmView, history_row, request_pretty, response_view

router = APIRouter()
# Before /history/{entry_id}, so that /history/compare is not read as an entry id.
router.include_router(compare.router)
Text = TextQuery


def _filters(
    q: str, profile: int | None, resourcetype: str, verb: str, outcome: str
) -> HistoryFilter:
    """Read the filter form leniently: unknown values mean "any"."""
    return HistoryFilter(
        text=q.strip(),
        profile_id=profile,
        resourcetype=resourcetype.strip(),
        verb=verb if verb in compose.VERBS else "",
        outcome=outcome if outcome in ("ok", "error") else "",  # type: ignore[arg-type]
    )


@router.get("/history")
def history_page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    q: Text = "",
    profile: IdQuery = None,
    resourcetype: Text = "",
    verb: Text = "",
    outcome: Text = "",
    before: IdQuery = None,
) -> Response:
    """The history table; htmx gets only the rows when filtering or paging."""
    filters = _filters(q, profile, resourcetype, verb, outcome)
    page = history.list_page(db, user=user, filters=filters, before_id=before)
    params = {"q": q, "profile": "" if profile is None else str(profile)}
    params |= {"resourcetype": resourcetype, "verb": verb}
    params["outcome"] = outcome
    context: dict[str, Any] = {
        "active": "history",
        "rows": [history_row(e) for e in page.entries],
        "filters": params,
        "next_before": page.next_before_id,
        "profiles": profiles.list_usable_views(db, user=user),
        "resourcetypes": history.resourcetypes(db, user=user),
        "verbs": compose.VERBS,
        "paged": before is not None,
    }
    return render(request, "pages/history.html", context, partial="partials/history_list.html")


@router.get("/history/recent")
def recent(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    """The newest few entries, for the composer's side list."""
    page = history.list_page(db, user=user, filters=HistoryFilter(), limit=8)
    rows = [history_row(e) for e in page.entries]
    return vary(render(request, "partials/recent.html", {"rows": rows}))


@router.get("/history/{entry_id}")
def history_detail(
    request: Request, state: StateDep, db: SessionDep, user: CurrentUser, entry_id: IdPath
) -> Response:
    """One entry: the request as sent (unsigned) and the answer."""
    entry = history.get(db, user=user, entry_id=entry_id)
    cached = _field_list(state, db, user, entry)
    context = {
        "active": "history",
        "row": history_row(entry),
        "request_json": request_pretty(entry),
        "result": response_view(entry, known=cached.modules if cached else None),
    }
    if entry.flow_run_id is not None and entry.id is not None:
        run = flows.summary(db, user=user, run_id=entry.flow_run_id)
        links = run_links(run.calls, run.entries, entry.id) if run else []
        context |= {"flow_run": run, "flow_links": links, "row_step": entry.flow_step}
    return render(request, "pages/history_detail.html", context)


def _field_list(state: AppState, db: Session, user: User, entry: HistoryEntry) -> Catalogue | None:
    """The cached field list that turns an "Unknown field" answer into "did you mean": only
    while the user may still use the entry's profile and it still reaches the same account."""
    if entry.profile_id is None:
        return None
    try:
        profile = profiles.get_usable(db, user=user, profile_id=entry.profile_id)
    except NotFound:
        return None
    return state.fields.any_language(profile)


@router.post("/history/{entry_id}/resend", dependencies=[CsrfChecked])
async def resend(
    request: Request,
    state: StateDep,
    user: CurrentUser,
    entry_id: IdPath,
    confirm_protected: Annotated[str, Form(max_length=8)] = "",
    open_entry: Annotated[bool, Query(alias="open")] = False,
) -> Response:
    """Send an entry's request again, signed afresh with the same profile; with ?open=1
    (the entry's own page) the new entry opens, so its heading matches its answer."""
    entry = await in_session(state.engine, partial(history.get, user=user, entry_id=entry_id))
    if entry.profile_id is None:
        raise InvalidInput(
            {"profile": _("This entry's profile was deleted: open it in the composer instead.")}
        )
    try:
        sent = await send_from(
            request,
            user,
            profile_id=entry.profile_id,
            actions=history.actions_of(entry),
            confirmed=confirm_protected == "1",
        )
    except ConfirmationRequired as exc:
        return _confirm(request, entry_id, exc, open_entry=open_entry)
    if open_entry:
        return see_other(request, f"/history/{sent.entry.id}")
    return await run_in_threadpool(answer_sent, request, sent)


def _confirm(
    request: Request, entry_id: int, exc: ConfirmationRequired, *, open_entry: bool = False
) -> Response:
    """Nothing was sent: ask for confirmation of writes to a protected profile (409)."""
    confirm = ConfirmView(
        profile_name=exc.profile_name,
        writes=exc.writes,
        every_send=exc.every_send,
        retry_url=f"/history/{entry_id}/resend" + ("?open=1" if open_entry else ""),
        include="",
        mode="htmx" if is_htmx(request) else "form",
    )
    context = {"confirm": confirm, "back_url": f"/history/{entry_id}", "active": "history"}
    return render(
        request,
        "pages/confirm_protected.html",
        context,
        partial="partials/confirm_protected.html",
        status_code=409,
    )


@router.post("/history/{entry_id}/delete", dependencies=[CsrfChecked])
def delete_entry(
    request: Request, db: SessionDep, user: CurrentUser, entry_id: IdPath, ask: AskForm = ""
) -> Response:
    """Delete one entry (after asking, when the form wants it); htmx removes its row."""
    if ask == "1":
        calls = history_row(history.get(db, user=user, entry_id=entry_id)).calls
        question = _("Delete history entry #%(id)s (%(calls)s)?") % {"id": entry_id, "calls": calls}
        action, back = f"/history/{entry_id}/delete", f"/history/{entry_id}"
        return asking_page(request, question=question, action=action, back=back, active="history")
    history.delete(db, user=user, entry_id=entry_id)
    if targets_row(request, "history-row"):
        return vary(Response(content="", media_type="text/html"))
    return see_other(request, "/history")


@router.post("/history/delete-all", dependencies=[CsrfChecked])
def delete_all(request: Request, db: SessionDep, user: CurrentUser) -> Response:
    """Delete all of the user's entries."""
    history.delete_all(db, user=user)
    return see_other(request, "/history")


@router.get("/history/{entry_id}/response.json")
def download(db: SessionDep, user: CurrentUser, entry_id: IdPath) -> Response:
    """The stored answer as a file."""
    entry = history.get(db, user=user, entry_id=entry_id)
    return Response(
        content=entry.response_body or "",
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="response-{entry_id}.json"'},
    )


def _entry_json(entry: HistoryEntry, *, full: bool) -> dict[str, Any]:
    """An entry for the JSON API; the request is unsigned, so holds no credential."""
    row = history_row(entry)
    data: dict[str, Any] = {
        "id": row.id,
        "created_at": entry.created_at.isoformat(),
        "profile_name": row.profile_name,
        "calls": row.calls,
        "ok": row.ok,
        "status": row.status_label,
        "duration_ms": row.duration_ms,
    }
    if full:
        data["request"] = history.actions_as_dicts(entry)
        data["response_body"] = entry.response_body
        data["response_truncated"] = entry.response_truncated
    return data


@router.get("/api/history")
def history_json(db: SessionDep, user: CurrentUser, q: Text = "") -> JSONResponse:
    """The newest entries as JSON, for scripts and cross-checks."""
    page = history.list_page(db, user=user, filters=HistoryFilter(text=q.strip()))
    return JSONResponse({"entries": [_entry_json(e, full=False) for e in page.entries]})


@router.get("/api/history/{entry_id}")
def history_entry_json(db: SessionDep, user: CurrentUser, entry_id: IdPath) -> JSONResponse:
    """One entry as JSON, with its request and stored answer."""
    return JSONResponse(_entry_json(history.get(db, user=user, entry_id=entry_id), full=True))
