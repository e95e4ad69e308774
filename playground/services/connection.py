""" "Test connection": one light, read-only call with a profile, put into words."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from sqlalchemy.engine import Engine

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Failed, Outcome
from playground.onoffice.errors import explain
from playground.onoffice.response import parse_response
from playground.services import profiles
from playground.services.send import forward_exchange
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store.db import in_session
from playground.store.models import User
from playground.store.secretbox import SecretBox


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of "test connection", in words."""

    ok: bool
    headline: str
    detail: str


def _judge(outcome: Outcome) -> ConnectionCheck:
    """Put a probe's outcome into words, with the error code's meaning when there is one."""
    if isinstance(outcome, Failed):
        return ConnectionCheck(False, _("No usable answer"), outcome.message)
    parsed = parse_response(outcome.payload)
    failed = [s for s in (parsed.status, *(r.status for r in parsed.results)) if not s.ok]
    if not failed:
        took = {"ms": f"{outcome.duration_ms:.0f}"}
        accepted = _("Token and secret were accepted (%(ms)s ms).") % took
        return ConnectionCheck(True, _("Connected"), accepted)
    status = failed[-1]
    info = explain(status.errorcode)
    headline = _("Error %(code)s: %(message)s") % {
        "code": status.errorcode,
        "message": status.message or info.message,
    }
    return ConnectionCheck(False, headline, _(info.hint))


async def check_connection(
    engine: Engine,
    *,
    user: User,
    profile_id: int,
    settings: Settings,
    box: SecretBox,
    upstream: Upstream,
    clock: Callable[[], float] = time.time,
) -> ConnectionCheck:
    """Send one light, read-only call with a usable profile; not recorded in history."""
    assert user.id is not None
    load = partial(profiles.get_usable, user=user, profile_id=profile_id)
    probe = ActionRequest(
        verb=Verb.GET, resourcetype="actionkindtypes", identifier="connection-test"
    )
    async with upstream.sends.place(user.id):
        profile = await in_session(engine, load)
        outcome, _ = await forward_exchange(
            profile, [probe], user_id=user.id, box=box, upstream=upstream,
            settings=settings, clock=clock,
        )  # fmt: skip
    return _judge(outcome)
