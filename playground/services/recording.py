"""What a send leaves behind: its history entry and its audit summary.

A history entry is built in two halves: the request before anything is sent (checked to
be storable, so a write never goes out unrecorded), the answer once it came back.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.onoffice.client import Failed, Outcome
from playground.onoffice.response import parse_response
from playground.services import audit
from playground.services.endpoints import endpoint_label
from playground.services.errors import InvalidInput
from playground.services.verdict import verdict
from playground.store import history
from playground.store.models import HistoryEntry, Profile, User


def request_entry(user: User, actions: Sequence[ActionRequest]) -> HistoryEntry:
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
        raise InvalidInput({"parameters": _unstorable(problem)})
    return entry


def _unstorable(found: history.Unstorable) -> str:
    """Why a request cannot be recorded, in the reader's language."""
    values = {"column": found.column, "length": found.length}
    if found.problem == "surrogate":
        why = _("%(column)s contains text that is not valid Unicode (a lone surrogate)")
    elif found.problem == "nul":
        why = _("%(column)s contains a NUL character")
    else:
        why = _("%(column)s is longer than %(length)d characters")
    return _("This request cannot be recorded: %(problem)s.") % {"problem": why % values}


def name_profile(entry: HistoryEntry, profile: Profile) -> None:
    """Note in the entry which profile (and endpoint) the request goes out with."""
    entry.profile_id, entry.profile_name = profile.id, profile.name
    entry.endpoint = profile.endpoint


# What the answer's columns hold: 32-bit integers (PostgreSQL's INTEGER) and a bounded list.
_INT_RANGE = range(-(2**31), 2**31)
_CODES_LENGTH = 500


def _no_nul(text: str | None) -> str | None:
    """Text as PostgreSQL stores it: a NUL (which it refuses) becomes U+FFFD.

    (A lone surrogate never gets here: the client replaces it when it parses the answer.)
    """
    return text.replace("\x00", "\ufffd") if text is not None else None


def _int_column(number: int | None) -> int | None:
    """A number the upstream sent, or None when no INTEGER column holds it."""
    return number if number is not None and number in _INT_RANGE else None


def _codes(parsed_codes: Sequence[int | None]) -> str:
    """The actions' error codes, " 0 12 ", as many whole ones as the column holds."""
    kept = " "
    for code in parsed_codes:
        if len(kept) + len(str(code)) + 1 > _CODES_LENGTH:
            break
        kept += f"{code} "
    return kept


def complete(entry: HistoryEntry, outcome: Outcome, count: int, cap: int) -> HistoryEntry:
    """Fill in the answer half of a history entry (the answer capped at `cap` characters).

    Whatever the upstream answered is stored: a number or text no column can hold is left
    out or made storable, so a sent write never loses its record to its answer.
    """
    entry.duration_ms = round(outcome.duration_ms, 1)
    entry.http_status = outcome.http_status
    if isinstance(outcome, Failed):
        entry.failure_kind, entry.failure_message = outcome.kind.value, _no_nul(outcome.message)
        entry.response_body = _no_nul(outcome.body_excerpt) or None
        return entry
    entry.failure_kind = None
    parsed = parse_response(outcome.payload)
    text = outcome.body.decode("utf-8", errors="replace")
    # An answer with fewer results than actions is not a success, even at 200/0. The
    # verdict goes where history search looks, so the actions' own error texts are found.
    entry.failure_message = _no_nul(verdict(parsed, count))
    entry.ok = entry.failure_message is None
    entry.status_code = _int_column(parsed.status.code)
    entry.status_errorcode = _int_column(parsed.status.errorcode)
    entry.action_errorcodes = _codes([r.status.errorcode for r in parsed.results])
    entry.response_size, entry.response_truncated = outcome.size, len(text) > cap
    entry.response_body = _no_nul(text[:cap])
    return entry


def history_entry(
    user: User, profile: Profile, actions: Sequence[ActionRequest], outcome: Outcome, cap: int
) -> HistoryEntry:
    """The history entry a send with this outcome stores (benchmarks build rows with it)."""
    entry = request_entry(user, actions)
    name_profile(entry, profile)
    return complete(entry, outcome, len(actions), cap)


def audit_summary(
    profile: Profile,
    actions: Sequence[ActionRequest],
    entry: HistoryEntry,
    confirmed: bool,
    *,
    outcome: str = "",
    via: str = "",
) -> str:
    """What a send did, for the audit log: calls and statuses, never parameters; `via`
    (see `channel`) says how it came in.

    Many calls are listed as far as they fit: the outcome and the history entry always do
    (the endpoint and the error codes are cut short enough to leave room).
    """
    if not outcome and entry.failure_kind:
        outcome = f"failed ({entry.failure_kind})"
    elif not outcome:
        codes = _cut(entry.action_errorcodes.strip() or "-", 200)
        outcome = f"status {entry.status_code}/{entry.status_errorcode}, actions {codes}"
    if not confirmed:
        note = ""
    elif profile.confirm_all:
        note = "; confirmed (the profile asks before every send)"
    else:
        note = "; writes to a protected profile confirmed"
    head = f'Profile "{profile.name}" ({_cut(endpoint_label(profile.endpoint), 120)}): '
    tail = f"; {outcome}; history #{entry.id}{note}{via}"
    calls = [f"{a.verb.value} {a.resourcetype or '-'}" for a in actions]
    return head + _as_far_as_fits(calls, audit.SUMMARY_LENGTH - len(head) - len(tail)) + tail


def channel(*, token_id: int | None, flow_step: tuple[int, int] | None) -> str:
    """How a send came in, for its audit event: the flow run and step, the access token;
    empty for a send from the browser. Ids only: a token's name is its owner's text."""
    parts = [f"; flow run #{flow_step[0]} step {flow_step[1]}"] if flow_step else []
    if token_id is not None:
        parts.append(f"; access token #{token_id}")
    return "".join(parts)


def _cut(text: str, most: int) -> str:
    """The text, or its start and "…" when it is longer than `most` characters."""
    return text if len(text) <= most else text[: most - 1] + "…"


def _as_far_as_fits(calls: list[str], room: int) -> str:
    """The calls, comma-separated; as many as fit in `room` with a count of the rest."""
    listed = ", ".join(calls)
    for kept in range(len(calls) - 1, -1, -1):
        if len(listed) <= room:
            break
        listed = ", ".join([*calls[:kept], f"… {len(calls) - kept} more"])
    return listed
