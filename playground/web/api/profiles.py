"""GET /api/v1/profiles and /api/v1/fields: what the token may send with, never credentials."""

from __future__ import annotations

from functools import partial
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from playground.services import gateway
from playground.services.fields import FieldsUnavailable, catalogue
from playground.services.gate import Busy
from playground.store.db import in_session
from playground.web.api.auth import GrantDep
from playground.web.api.models import FieldsOut, ProfileOut
from playground.web.deps import SessionDep, StateDep
from playground.web.params import as_id

router = APIRouter(tags=["profiles"])
ProfileRef = Annotated[str, Query(min_length=1, max_length=80, description="id or name")]


@router.get("/profiles", response_model=list[ProfileOut])
def profile_list(db: SessionDep, grant: GrantDep) -> list[ProfileOut]:
    """The profiles this token may send with: names and endpoints only."""
    return [
        ProfileOut(
            id=v.id,
            name=v.name,
            endpoint=v.endpoint_label,
            hmac_version=v.hmac_version,
            owner=v.owner_name or grant.user.username,
            mine=v.mine,
            shared=v.shared,
            protected=v.protected,
        )
        for v in gateway.usable_profiles(db, user=grant.user, token=grant.token)
    ]


@router.get("/fields", response_model=FieldsOut)
async def fields(
    state: StateDep,
    grant: GrantDep,
    profile: ProfileRef,
    language: Annotated[Literal["DEU", "ENG"], Query()] = "ENG",
) -> Response:
    """A profile's field catalogue (fetched with get fields once, then cached)."""
    # A number beyond any id is a name, which no profile has either: a 404, not a query error.
    ref: int | str = as_id(profile) or profile
    find = partial(gateway.profile_id, user=grant.user, token=grant.token, ref=ref)
    profile_id = await in_session(state.engine, find)
    try:
        found = await catalogue(
            state.fetcher, user=grant.user, profile_id=profile_id, language=language
        )
    except Busy as exc:
        raise FieldsUnavailable(f"The field list could not be fetched now: {exc}") from None
    # The same bytes as FieldsOut would give, encoded once per fetch and off the event
    # loop: a large account's catalogue is over a megabyte of JSON.
    body = await run_in_threadpool(lambda: found.json_bytes)
    return Response(body, media_type="application/json")
