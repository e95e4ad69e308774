"""Comparing two history entries: the chooser, and the answers' differences.

Included by the history router ahead of its `/history/{entry_id}` routes, so that
"compare" is never read as an entry id.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from playground.i18n import gettext as _
from playground.onoffice.diff import shown
from playground.services import answer_compare
from playground.web.deps import CurrentUser, SessionDep
from playground.web.params import IdQuery
from playground.web.rendering import render
from playground.web.views import history_row

router = APIRouter()
PreviousQuery = Annotated[str, Query(max_length=1)]


@router.get("/history/compare")
def compare_page(
    request: Request,
    db: SessionDep,
    user: CurrentUser,
    a: IdQuery = None,
    b: IdQuery = None,
    previous: PreviousQuery = "",
) -> Response:
    """Pick two entries; with both (or B and "previous"), their answers' differences."""
    notice = ""
    if b is not None and a is None and previous == "1":
        a = answer_compare.previous_send(db, user=user, entry_id=b)
        if a is None:
            notice = _("Entry #%(id)s is the first send of its request: pick another entry.") % {
                "id": b
            }
    comparison = None
    if a is not None and b is not None:
        comparison = answer_compare.compare(db, user=user, a_id=a, b_id=b)
    kept = tuple(i for i in (a, b) if i is not None)
    context: dict[str, Any] = {
        "active": "history",
        "choices": [history_row(e) for e in answer_compare.choices(db, user=user, keep=kept)],
        "picked_a": a,
        "picked_b": b,
        "notice": notice,
        "comparison": comparison,
        "row_a": history_row(comparison.a) if comparison else None,
        "row_b": history_row(comparison.b) if comparison else None,
        "shown": shown,
    }
    return render(request, "pages/history_compare.html", context)
