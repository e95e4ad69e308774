"""The send use case: load profile, decrypt, sign, forward, record. Only here is a secret read.

A send is three steps, and only the first and last touch the database, each in a short
transaction in a worker thread: nothing holds a connection while the upstream answers.
A write (create, modify, delete, do) is recorded *before* it leaves, as a pending
history entry and an audit event, and completed afterwards, so no write goes unaudited.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from playground import metrics
from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Delivered, Failed, FailureKind, Outcome
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.onoffice.exchange import Exchange, header_pairs
from playground.onoffice.reading import LargePass
from playground.onoffice.response import with_records_cut
from playground.services import audit, profiles, recording
from playground.services.endpoints import endpoint_name, endpoint_url, is_allowed
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store import history
from playground.store.db import in_session
from playground.store.models import HistoryEntry, Profile, User
from playground.store.secretbox import SecretBox, SecretBoxError

# Verbs that write to the CRM; with a protected profile they need an explicit confirmation.
WRITE_VERBS = frozenset({Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.DO})
PENDING = "pending"
DISPLAYED_RECORDS = 1000
log = logging.getLogger("playground.send")


@dataclass(frozen=True)
class Sent:
    """A recorded send and, when one came back, the full decoded answer."""

    entry: HistoryEntry
    payload: Any | None
    # The profile as the request went out with it (its cached field list gives hints).
    profile: Profile


class ConfirmationRequired(Exception):
    """Writes to a protected profile (or any send with a "confirm every send" one) came
    without confirmation; nothing was sent."""

    def __init__(self, profile_name: str, writes: list[str], *, every_send: bool = False) -> None:
        super().__init__(f"{len(writes)} action(s) need confirmation")
        self.profile_name = profile_name
        self.writes = writes
        self.every_send = every_send


class WriteNotRecorded(Exception):
    """A write went out, but its outcome could not be stored; the user must be told."""

    def __init__(self, target: str) -> None:
        message = _(
            "The request was sent to %(target)s and its writes may have been carried out, "
            "but the playground could not record the answer. Check the records in the CRM "
            "before sending again."
        )
        super().__init__(message % {"target": target})


def protected_writes(profile: Profile, actions: Sequence[ActionRequest]) -> list[str]:
    """The actions ("modify estate 12") the profile wants confirmed: every one when it asks
    before every send, else a protected profile's writes."""
    if profile.confirm_all:
        return [_call_name(a) for a in actions]
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
    via: str = ""  # how the send came in (recording.channel)


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
    via: str,
) -> _Prepared:
    """Load the profile, check confirmation, and stage a write's records before it leaves."""
    profile = profiles.get_usable(db, user=user, profile_id=profile_id)
    writes = protected_writes(profile, actions)
    if writes and not confirmed:
        raise ConfirmationRequired(profile.name, writes, every_send=profile.confirm_all)
    recording.name_profile(entry, profile)
    if not any(a.verb in WRITE_VERBS for a in actions):
        return _Prepared(profile, entry, bool(writes), via=via)
    entry.failure_kind = PENDING
    entry.failure_message = _("Sent; the answer was not recorded (the server stopped meanwhile).")
    entry = history.add_entry(db, entry=entry, keep_per_user=keep_per_user)
    # One commit for both: the audit event names the staged entry.
    pending = "sent, answer pending"
    summary = recording.audit_summary(
        profile, actions, entry, bool(writes), outcome=pending, via=via
    )
    audit_id = audit.record(db, kind="send", actor=user, summary=summary, address=address)
    return _Prepared(profile, entry, bool(writes), audit_id, via)


@dataclass(frozen=True)
class Sending:
    """What a send needs besides the request: the server's parts and who asks from where."""

    settings: Settings
    box: SecretBox
    upstream: Upstream
    address: str = ""
    token_id: int | None = None  # the access token of a script's send; None in the browser


async def forward_exchange(
    profile: Profile,
    actions: Sequence[ActionRequest],
    *,
    user_id: int,
    box: SecretBox,
    upstream: Upstream,
    settings: Settings,
    clock: Callable[[], float],
    large: LargePass | None = None,
) -> tuple[Outcome, Exchange | None]:
    """Sign with a fresh timestamp and post; refusals become failures, not exceptions.

    Also what went over the wire (None when nothing was sent).
    """
    client = upstream.client_for(profile.endpoint)
    if client is None or not is_allowed(profile.endpoint, settings):
        message = _("This profile's endpoint is not allowed any more; nothing was sent.")
        return Failed(FailureKind.NOT_ALLOWED, message, 0.0), None
    try:
        token = box.decrypt(profile.token_ciphertext)
        secret = box.decrypt(profile.secret_ciphertext)
    except SecretBoxError:
        message = _("The stored credentials cannot be decrypted with the configured keys.")
        return Failed(FailureKind.CREDENTIALS, message, 0.0), None
    version: HmacVersion = 1 if profile.hmac_version == 1 else 2
    timestamp, url = int(clock()), endpoint_url(profile.endpoint)
    envelope = build_envelope(
        actions, token=token, secret=secret, timestamp=timestamp, hmac_version=version
    )
    outcome = await client.post(url, encode_body(envelope), large=large)
    exchange = Exchange(url, version, timestamp).with_headers(
        header_pairs(outcome.request_headers), header_pairs(outcome.response_headers)
    )
    return outcome, exchange


def _record(
    db: Session,
    *,
    user: User,
    prepared: _Prepared,
    actions: Sequence[ActionRequest],
    outcome: Outcome,
    exchange: Exchange | None,
    settings: Settings,
    address: str,
) -> HistoryEntry:
    """Store the outcome: a new history entry and audit event, or complete the staged ones."""
    entry = recording.complete(prepared.entry, outcome, len(actions), settings.history_body_cap)
    entry.exchange_json = exchange.to_json() if exchange is not None else None
    if entry.profile_id is not None and not history.profile_kept(db, profile_id=entry.profile_id):
        # Deleted while the request was out: the entry keeps the profile's name, as those
        # of a deleted profile do (the reference itself would be refused).
        entry.profile_id = None
    if prepared.audit_id is None:
        entry = history.add_entry(db, entry=entry, keep_per_user=settings.history_max_per_user)
    else:
        entry = history.update_entry(db, entry=entry)
    summary = recording.audit_summary(
        prepared.profile, actions, entry, prepared.confirmed_writes, via=prepared.via
    )
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
    flow_step: tuple[int, int] | None = None,
    token_id: int | None = None,
) -> Sent:
    """Send actions with a profile the user may use; record it in history and the audit log.

    Writes to a protected profile raise ConfirmationRequired (nothing sent or stored)
    unless `confirmed`; a request that could not be recorded raises InvalidInput before
    anything is sent; more sends at once than the gate allows raise gate.Busy.
    `flow_step` (run id, step number) marks the send as a step of a flow run, and
    `token_id` names the access token of a script's send; the audit event says both.
    """
    assert user.id is not None
    entry = recording.request_entry(user, actions)
    if flow_step is not None:
        entry.flow_run_id, entry.flow_step = flow_step
    prepare = partial(
        _prepare, user=user, profile_id=profile_id, actions=actions, entry=entry,
        confirmed=confirmed, address=address, keep_per_user=settings.history_max_per_user,
        via=recording.channel(token_id=token_id, flow_step=flow_step),
    )  # fmt: skip
    async with AsyncExitStack() as held:
        async with upstream.sends.place(user.id):
            prepared = await in_session(engine, prepare)
            outcome, exchange = await forward_exchange(
                prepared.profile, actions, user_id=user.id, box=box, upstream=upstream,
                settings=settings, clock=clock, large=_held_pass(held, upstream, user.id),
            )  # fmt: skip
        record = partial(
            _record, user=user, prepared=prepared, actions=actions, outcome=outcome,
            exchange=exchange, settings=settings, address=address,
        )  # fmt: skip
        recorded = await _recorded(engine, record, prepared)
        metrics.observe_send(recorded)
        payload = _for_display(outcome, settings)
    return Sent(entry=recorded, payload=payload, profile=prepared.profile)


async def _recorded(
    engine: Engine, record: Callable[[Session], HistoryEntry], prepared: _Prepared
) -> HistoryEntry:
    """Record the outcome; if that fails after a write went out, say so plainly."""
    try:
        return await in_session(engine, record)
    except SQLAlchemyError as exc:
        if prepared.audit_id is None:
            raise
        log.error("Recording a sent write failed: %s", type(exc).__name__)
        raise WriteNotRecorded(endpoint_name(prepared.profile.endpoint)) from None


def _held_pass(held: AsyncExitStack, upstream: Upstream, user_id: int) -> LargePass:
    """A large-answer pass kept in `held`: until the answer is recorded and cut for display."""

    async def take() -> None:
        await held.enter_async_context(upstream.large.place(user_id))

    return take


def _for_display(outcome: Outcome, settings: Settings) -> Any | None:
    """The decoded answer to show; a large one with its record lists cut short."""
    if not isinstance(outcome, Delivered):
        return None
    if outcome.size <= settings.large_answer_bytes:
        return outcome.payload
    # The panel shows at most a thousand rows per action; one more tells it there are more.
    return with_records_cut(outcome.payload, DISPLAYED_RECORDS + 1)
