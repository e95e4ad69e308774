"""Starting a flow run: the profile checked, a protected profile's writes confirmed for the
whole run up front, and the run recorded with its steps as written (services/flows.py
then runs them)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.services import compose, profiles, saved, send
from playground.services.errors import InvalidInput, NotFound
from playground.services.flow_steps import FlowStep, runnable_json
from playground.services.send import ConfirmationRequired
from playground.store import flow_runs as store
from playground.store.db import Gone
from playground.store.models import FlowRun, User


def start(
    session: Session,
    *,
    user: User,
    profile_id: int | None,
    steps: Sequence[FlowStep],
    name: str = "",
    saved_id: int | None = None,
    confirmed: bool = False,
    keep_per_user: int,
) -> FlowRun:
    """Record a new run of the steps with a profile the user may use (and drop the user's
    oldest runs beyond `keep_per_user`).

    A protected profile's writes (or every call, with one that asks before every send) are
    confirmed for the whole run up front: ConfirmationRequired until `confirmed`.
    """
    assert user.id is not None
    if profile_id is None:
        raise InvalidInput({"profile": _("Choose a profile to send with.")})
    if not steps:
        raise InvalidInput({"steps": _("Add at least one step.")})
    profile = profiles.get_usable(session, user=user, profile_id=profile_id)
    writes = send.protected_writes(profile, [a for step in steps for a in _outline(step)])
    if writes and not confirmed:
        raise ConfirmationRequired(profile.name, writes, every_send=profile.confirm_all)
    run = FlowRun(
        user_id=user.id,
        profile_id=profile_id,
        saved_id=_seen_saved_id(session, user, saved_id),
        name=name[:120],
        steps_json=runnable_json(steps),
        step_count=len(steps),
        confirmed=confirmed,
    )
    return _add_run(session, user, run, keep_per_user)


def _add_run(session: Session, user: User, run: FlowRun, keep: int) -> FlowRun:
    """Store the run as if what was deleted since the checks had been gone before them.

    A profile deleted meanwhile is NotFound; a saved flow deleted meanwhile is no longer
    noted, and the run is stored without it (as _seen_saved_id does for one gone before).
    """
    try:
        return store.add_run(session, run=run, keep_per_user=keep)
    except Gone:
        pass  # rolled back: check again which of the two went
    assert run.profile_id is not None
    profiles.get_usable(session, user=user, profile_id=run.profile_id)
    run.saved_id = _seen_saved_id(session, user, run.saved_id)
    try:
        return store.add_run(session, run=run, keep_per_user=keep)
    except Gone:  # deleted again in between: give up rather than loop
        raise NotFound from None


def _seen_saved_id(session: Session, user: User, saved_id: int | None) -> int | None:
    """The saved flow a run came from, noted only while the user may see it (it may be gone)."""
    if saved_id is None:
        return None
    try:
        return saved.get_visible(session, user=user, saved_id=saved_id).id
    except NotFound:
        return None


def _outline(step: FlowStep) -> list[ActionRequest]:
    """The step's calls (verb, resourcetype, id; no parameters), to ask about writes first."""
    return [
        ActionRequest(Verb(f.verb), f.resourcetype, f.resourceid, f.identifier, {})
        for f in step.forms
        if f.verb in compose.VERBS
    ]
