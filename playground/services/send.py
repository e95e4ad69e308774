"""The send use case: load profile, decrypt, sign, forward, record. Only here is a secret read.

A send is three steps, and only the first and last touch the database, each in a short
transaction in a worker thread: nothing holds a connection while the upstream answers.
A write (create, modify, delete, do) is recorded *before* it leaves, as a pending
history entry and an audit event, and completed afterwards, so no write goes unaudited.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Delivered, Failed, FailureKind, Outcome
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.onoffice.response import parse_response
from playground.services import audit, profiles
from playground.services.endpoints import endpoint_label, endpoint_name, endpoint_url, is_allowed
from playground.services.errors import InvalidInput
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store import history
from playground.store.db import in_session
from playground.store.models import HistoryEntry, Profile, User
from playground.store.secretbox import SecretBox, SecretBoxError

# Verbs that write to the CRM; with a protected profile they need an explicit confirmation.
WRITE_VERBS = frozenset({Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.DO})
PENDING = "pending"
log = logging.getLogger("playground.send")


@dataclass(frozen=True)
class Sent:
    """A recorded send and, when one came back, the full decoded answer."""

    entry: HistoryEntry
    payload: Any | None


class ConfirmationRequired(Exception):
    """Writes to a protected profile were sent without confirmation; nothing was sent."""

    def __init__(self, profile_name: str, writes: list[str]) -> None:
        super().__init__(f"{len(writes)} write action(s) need confirmation")
        self.profile_name = profile_name
        self.writes = writes


class WriteNotRecorded(Exception):
    """A write went out, but its outcome could not be stored; the user must be told."""

    def __init__(self, target: str) -> None:
        super().__init__(
            f"The request was sent to {target} and its writes may have been carried out, "
            "but the playground could not record the answer. Check the records in the CRM "
            "before sending again."
        )


def protected_writes(profile: Profile, actions: Sequence[ActionRequest]) -> list[str]:
    """The writing actions ("modify estate 12") that a protected profile must confirm."""
    if not profile.protected:
        return []
    return [_call_name(a) for a in actions if a.verb in WRITE_VERBS]


def _call_name(action: ActionRequest) -> str:
    """ "modify estate 12": verb, resourcetype and id of an action."""
    parts = (action.verb.value, action.resourcetype, action.resourceid)
    return " ".join(str(part) for part in parts if part)


@dataclass(frozen=True)
class _Prepared:
    """What the send needs once the database is let go, and what it staged for a write."""

    profile: Profile
    entry: HistoryEntry
    confirmed_writes: bool
    audit_id: int | None = None


def _request_entry(user: User, actions: Sequence[ActionRequest]) -> HistoryEntry:
    """The request half of a history entry, checked to be storable before anything is sent."""
    assert user.id is not None
    entry = HistoryEntry(
        user_id=user.id,
        profile_name="",
        endpoint="",
        verbs=" " + " ".join(a.verb.value for a in actions) + " ",
        resourcetypes=" " + " ".join(a.resourcetype or "-" for a in actions) + " ",
        request_json=json.dumps([a.to_dict() for a in actions], ensure_ascii=False),
    )
    problem = history.storable_problem(entry)
    if problem is not None:
        raise InvalidInput({"parameters": f"This request cannot be recorded: {problem}."})
    return entry


def _name(entry: HistoryEntry, profile: Profile) -> None:
    """Note in the entry which profile (and endpoint) the request goes out with."""
    entry.profile_id, entry.profile_name, entry.endpoint = (
        profile.id,
        profile.name,
        profile.endpoint,
    )


def _prepare(
    db: Session,
    *,
    user: User,
    profile_id: int,
    actions: Sequence[ActionRequest],
    entry: HistoryEntry,
    confirmed: bool,
    address: str,
    keep_per_user: int,
) -> _Prepared:
    """Load the profile, check confirmation, and stage a write's records before it leaves."""
    profile = profiles.get_usable(db, user=user, profile_id=profile_id)
    writes = protected_writes(profile, actions)
    if writes and not confirmed:
        raise ConfirmationRequired(profile.name, writes)
    entry.profile_id, entry.profile_name, entry.endpoint = (
        profile.id,
        profile.name,
        profile.endpoint,
    )
    if not any(a.verb in WRITE_VERBS for a in actions):
        return _Prepared(profile, entry, bool(writes))
    entry.failure_kind = PENDING
    entry.failure_message = "Sent; the answer was not recorded (the server stopped meanwhile)."
    entry = history.add_entry(db, entry=entry, keep_per_user=keep_per_user)
    # One commit for both: the audit event names the staged entry.
    summary = _audit_summary(profile, actions, entry, bool(writes), outcome="sent, answer pending")
    audit_id = audit.record(db, kind="send", actor=user, summary=summary, address=address)
    return _Prepared(profile, entry, bool(writes), audit_id)


async def forward(
    profile: Profile,
    actions: Sequence[ActionRequest],
    *,
    user_id: int,
    box: SecretBox,
    upstream: Upstream,
    settings: Settings,
    clock: Callable[[], float],
) -> Outcome:
    """Sign with a fresh timestamp and post; refusals become failures, not exceptions."""
    client = upstream.client_for(profile.endpoint)
    if client is None or not is_allowed(profile.endpoint, settings):
        message = "This profile's endpoint is not allowed any more; nothing was sent."
        return Failed(FailureKind.NOT_ALLOWED, message, 0.0)
    try:
        token = box.decrypt(profile.token_ciphertext)
        secret = box.decrypt(profile.secret_ciphertext)
    except SecretBoxError:
        message = "The stored credentials cannot be decrypted with the configured keys."
        return Failed(FailureKind.CREDENTIALS, message, 0.0)
    version: HmacVersion = 1 if profile.hmac_version == 1 else 2
    envelope = build_envelope(
        actions, token=token, secret=secret, timestamp=int(clock()), hmac_version=version
    )
    body = encode_body(envelope)
    return await client.post(
        endpoint_url(profile.endpoint), body, large=partial(upstream.large.place, user_id)
    )


def _complete(entry: HistoryEntry, outcome: Outcome, count: int, cap: int) -> HistoryEntry:
    """Fill in the answer half of a history entry (the answer capped at `cap` characters)."""
    entry.duration_ms = round(outcome.duration_ms, 1)
    entry.http_status = outcome.http_status
    if isinstance(outcome, Failed):
        entry.failure_kind, entry.failure_message = outcome.kind.value, outcome.message
        entry.response_body = outcome.body_excerpt.replace("\x00", "\ufffd") or None
        return entry
    entry.failure_kind = entry.failure_message = None
    parsed = parse_response(outcome.payload)
    text = outcome.body.decode("utf-8", errors="replace")
    # An answer with fewer results than actions is not a success, even at 200/0.
    entry.ok = parsed.ok and len(parsed.results) == count
    entry.status_code, entry.status_errorcode = parsed.status.code, parsed.status.errorcode
    entry.action_errorcodes = " " + " ".join(str(r.status.errorcode) for r in parsed.results) + " "
    entry.response_size, entry.response_truncated = outcome.size, len(text) > cap
    entry.response_body = text[:cap]
    return entry


def history_entry(
    user: User, profile: Profile, actions: Sequence[ActionRequest], outcome: Outcome, cap: int
) -> HistoryEntry:
    """The history entry a send with this outcome stores (benchmarks build rows with it)."""
    entry = _request_entry(user, actions)
    _name(entry, profile)
    return _complete(entry, outcome, len(actions), cap)


def _audit_summary(
    profile: Profile,
    actions: Sequence[ActionRequest],
    entry: HistoryEntry,
    confirmed: bool,
    *,
    outcome: str = "",
) -> str:
    """What a send did, for the audit log: calls and statuses, never parameters."""
    calls = ", ".join(f"{a.verb.value} {a.resourcetype or '-'}" for a in actions)
    if not outcome and entry.failure_kind:
        outcome = f"failed ({entry.failure_kind})"
    elif not outcome:
        codes = entry.action_errorcodes.strip() or "-"
        outcome = f"status {entry.status_code}/{entry.status_errorcode}, actions {codes}"
    note = "; writes to a protected profile confirmed" if confirmed else ""
    label = endpoint_label(profile.endpoint)
    return f'Profile "{profile.name}" ({label}): {calls}; {outcome}; history #{entry.id}{note}'


def _record(
    db: Session,
    *,
    user: User,
    prepared: _Prepared,
    actions: Sequence[ActionRequest],
    outcome: Outcome,
    settings: Settings,
    address: str,
) -> HistoryEntry:
    """Store the outcome: a new history entry and audit event, or complete the staged ones."""
    entry = _complete(prepared.entry, outcome, len(actions), settings.history_body_cap)
    if prepared.audit_id is None:
        entry = history.add_entry(db, entry=entry, keep_per_user=settings.history_max_per_user)
    else:
        entry = history.update_entry(db, entry=entry)
    summary = _audit_summary(prepared.profile, actions, entry, prepared.confirmed_writes)
    if prepared.audit_id is None:
        audit.record(db, kind="send", actor=user, summary=summary, address=address)
    else:
        audit.complete(db, event_id=prepared.audit_id, summary=summary)
    return entry


async def send(
    engine: Engine,
    *,
    user: User,
    profile_id: int,
    actions: Sequence[ActionRequest],
    settings: Settings,
    box: SecretBox,
    upstream: Upstream,
    clock: Callable[[], float] = time.time,
    confirmed: bool = False,
    address: str = "",
) -> Sent:
    """Send actions with a profile the user may use; record it in history and the audit log.

    Writes to a protected profile raise ConfirmationRequired (nothing sent or stored)
    unless `confirmed`; a request that could not be recorded raises InvalidInput before
    anything is sent; more sends at once than the gate allows raise gate.Busy.
    """
    assert user.id is not None
    entry = _request_entry(user, actions)
    prepare = partial(
        _prepare, user=user, profile_id=profile_id, actions=actions, entry=entry,
        confirmed=confirmed, address=address, keep_per_user=settings.history_max_per_user,
    )  # fmt: skip
    async with upstream.sends.place(user.id):
        prepared = await in_session(engine, prepare)
        outcome = await forward(
            prepared.profile, actions, user_id=user.id, box=box, upstream=upstream,
            settings=settings, clock=clock,
        )  # fmt: skip
    record = partial(
        _record, user=user, prepared=prepared, actions=actions, outcome=outcome,
        settings=settings, address=address,
    )  # fmt: skip
    try:
        recorded = await in_session(engine, record)
    except SQLAlchemyError as exc:
        if prepared.audit_id is None:
            raise
        log.error("Recording a sent write failed: %s", type(exc).__name__)
        raise WriteNotRecorded(endpoint_name(prepared.profile.endpoint)) from None
    return Sent(entry=recorded, payload=outcome.payload if isinstance(outcome, Delivered) else None)
