"""GET /api/v1/history and /api/v1/history/{entry_id}: the token owner's sends."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from playground.services import history, tokens
from playground.services.errors import NotFound
from playground.store.history import HistoryFilter
from playground.web.api.answers import history_detail, history_item
from playground.web.api.auth import GrantDep
from playground.web.api.models import HistoryDetail, HistoryPage
from playground.web.deps import SessionDep
from playground.web.params import MAX_ID, IdPath

router = APIRouter(tags=["history"])
Before = Annotated[int | None, Query(ge=1, le=MAX_ID, description="`next_before` of a page")]
Limit = Annotated[int, Query(ge=1, le=200)]
Text = Annotated[str, Query(max_length=200)]


@router.get("/history", response_model=HistoryPage)
def history_list(
    db: SessionDep, grant: GrantDep, before: Before = None, limit: Limit = 50, q: Text = ""
) -> HistoryPage:
    """A page of sends, newest first, of the profiles this token may use."""
    # The token's profiles narrow the query itself: the page's next_before and what the
    # search finds then know nothing of other profiles' entries.
    scope = HistoryFilter(text=q.strip(), profile_ids=tokens.profile_scope(grant.token))
    page = history.list_page(db, user=grant.user, filters=scope, before_id=before, limit=limit)
    entries = [e for e in page.entries if tokens.allows_profile(grant.token, e.profile_id)]
    return HistoryPage(entries=[history_item(e) for e in entries], next_before=page.next_before_id)


@router.get("/history/{entry_id}", response_model=HistoryDetail)
def history_entry(db: SessionDep, grant: GrantDep, entry_id: IdPath) -> HistoryDetail:
    """One send with its unsigned request and stored answer."""
    entry = history.get(db, user=grant.user, entry_id=entry_id)
    if not tokens.allows_profile(grant.token, entry.profile_id):
        raise NotFound
    return history_detail(entry)
