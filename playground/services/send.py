"""The send use case: load profile, decrypt, sign, forward, record. Only here is a secret read."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Delivered, Failed, FailureKind, Outcome
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.onoffice.errors import explain
from playground.onoffice.response import parse_response
from playground.services import audit, profiles
from playground.services.endpoints import endpoint_label, endpoint_url, is_allowed
from playground.services.upstream import Upstream
from playground.settings import Settings
from playground.store import history
from playground.store.models import HistoryEntry, Profile, User
from playground.store.secretbox import SecretBox, SecretBoxError

# Verbs that write to the CRM; with a protected profile they need an explicit confirmation.
WRITE_VERBS = frozenset({Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.DO})


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


def protected_writes(profile: Profile, actions: Sequence[ActionRequest]) -> list[str]:
    """The writing actions ("modify estate 12") that a protected profile must confirm."""
    if not profile.protected:
        return []
    return [
        " ".join(str(part) for part in (a.verb.value, a.resourcetype, a.resourceid) if part)
        for a in actions
        if a.verb in WRITE_VERBS
    ]


async def _forward(
    profile: Profile,
    actions: Sequence[ActionRequest],
    *,
    box: SecretBox,
    upstream: Upstream,
    settings: Settings,
    clock: Callable[[], float],
) -> Outcome:
    """Sign with a fresh timestamp and post; refusals become failures, not exceptions."""
    client = upstream.client_for(profile.endpoint)
    if client is None or not is_allowed(profile.endpoint, settings):
        return Failed(FailureKind.NETWORK, "This profile's endpoint is not allowed any more.", 0.0)
    try:
        token = box.decrypt(profile.token_ciphertext)
        secret = box.decrypt(profile.secret_ciphertext)
    except SecretBoxError:
        message = "The stored credentials cannot be decrypted with the configured keys."
        return Failed(FailureKind.NETWORK, message, 0.0)
    version: HmacVersion = 1 if profile.hmac_version == 1 else 2
    envelope = build_envelope(
        actions, token=token, secret=secret, timestamp=int(clock()), hmac_version=version
    )
    return await client.post(endpoint_url(profile.endpoint), encode_body(envelope))


def _entry_for(
    user: User, profile: Profile, actions: Sequence[ActionRequest], outcome: Outcome, cap: int
) -> HistoryEntry:
    """Describe a send for history: the unsigned request and the (capped) answer."""
    assert user.id is not None
    entry = HistoryEntry(
        user_id=user.id,
        profile_id=profile.id,
        profile_name=profile.name,
        endpoint=profile.endpoint,
        duration_ms=round(outcome.duration_ms, 1),
        verbs=" " + " ".join(a.verb.value for a in actions) + " ",
        resourcetypes=" " + " ".join(a.resourcetype or "-" for a in actions) + " ",
        request_json=json.dumps([a.to_dict() for a in actions], ensure_ascii=False),
    )
    if isinstance(outcome, Failed):
        entry.failure_kind, entry.failure_message = outcome.kind.value, outcome.message
        entry.http_status = outcome.http_status
        entry.response_body = outcome.body_excerpt or None
        return entry
    parsed = parse_response(outcome.payload)
    text = outcome.body.decode("utf-8", errors="replace")
    # An answer with fewer results than actions is not a success, even at 200/0.
    entry.ok = parsed.ok and len(parsed.results) == len(actions)
    entry.http_status = outcome.http_status
    entry.status_code, entry.status_errorcode = parsed.status.code, parsed.status.errorcode
    entry.action_errorcodes = " " + " ".join(str(r.status.errorcode) for r in parsed.results) + " "
    entry.response_size, entry.response_truncated = outcome.size, len(text) > cap
    entry.response_body = text[:cap]
    return entry


def _audit_summary(
    profile: Profile, actions: Sequence[ActionRequest], entry: HistoryEntry, confirmed: bool
) -> str:
    """What a send did, for the audit log: calls and statuses, never parameters."""
    calls = ", ".join(f"{a.verb.value} {a.resourcetype or '-'}" for a in actions)
    if entry.failure_kind:
        status = f"failed ({entry.failure_kind})"
    else:
        codes = entry.action_errorcodes.strip() or "-"
        status = f"status {entry.status_code}/{entry.status_errorcode}, actions {codes}"
    note = "; writes to a protected profile confirmed" if confirmed else ""
    label = endpoint_label(profile.endpoint)
    return f'Profile "{profile.name}" ({label}): {calls}; {status}; history #{entry.id}{note}'


async def send(
    session: Session,
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
    unless `confirmed`.
    """
    profile = profiles.get_usable(session, user=user, profile_id=profile_id)
    writes = protected_writes(profile, actions)
    if writes and not confirmed:
        raise ConfirmationRequired(profile.name, writes)
    outcome = await _forward(
        profile, actions, box=box, upstream=upstream, settings=settings, clock=clock
    )
    entry = _entry_for(user, profile, actions, outcome, settings.history_body_cap)
    entry = history.add_entry(session, entry=entry, keep_per_user=settings.history_max_per_user)
    summary = _audit_summary(profile, actions, entry, bool(writes))
    audit.record(session, kind="send", actor=user, summary=summary, address=address)
    return Sent(entry=entry, payload=outcome.payload if isinstance(outcome, Delivered) else None)


@dataclass(frozen=True)
class ConnectionCheck:
    """The outcome of "test connection", in words."""

    ok: bool
    headline: str
    detail: str


def _judge(outcome: Outcome) -> ConnectionCheck:
    """Put a probe's outcome into words, with the error code's meaning when there is one."""
    if isinstance(outcome, Failed):
        return ConnectionCheck(False, "No usable answer", outcome.message)
    parsed = parse_response(outcome.payload)
    failed = [s for s in (parsed.status, *(r.status for r in parsed.results)) if not s.ok]
    if not failed:
        return ConnectionCheck(
            True, "Connected", f"Token and secret were accepted ({outcome.duration_ms:.0f} ms)."
        )
    status = failed[-1]
    info = explain(status.errorcode)
    return ConnectionCheck(
        False, f"Error {status.errorcode}: {status.message or info.message}", info.hint
    )


async def check_connection(
    session: Session,
    *,
    user: User,
    profile_id: int,
    settings: Settings,
    box: SecretBox,
    upstream: Upstream,
    clock: Callable[[], float] = time.time,
) -> ConnectionCheck:
    """Send one light, read-only call with a usable profile; not recorded in history."""
    profile = profiles.get_usable(session, user=user, profile_id=profile_id)
    probe = ActionRequest(
        verb=Verb.GET, resourcetype="actionkindtypes", identifier="connection-test"
    )
    outcome = await _forward(
        profile, [probe], box=box, upstream=upstream, settings=settings, clock=clock
    )
    return _judge(outcome)
