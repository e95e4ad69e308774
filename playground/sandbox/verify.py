"""Checks on one action: structure, timestamp window, HMAC; then its verb.

Order: structure (16-21, as DOC:/onoffice-api-request/request-elemente/action/ marks the
attributes), then the timestamp (136, "+- 120 seconds", DOC:/allgemeine-hinweise/), then
the HMAC (137), and only then whether the actionid is one of the six verbs (23). Because
the HMAC covers actionid and resourcetype, a tampered value in either is reported as 137
rather than as an unknown action or resource.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.onoffice.actions import verb_from_action_id
from playground.onoffice.signing import hmac_v1, hmac_v2, verify
from playground.sandbox.calls import Call
from playground.sandbox.outcome import ApiError

TIMESTAMP_WINDOW = 120


@dataclass(frozen=True)
class Echo:
    """The request attributes a result repeats back."""

    actionid: object = ""
    resourceid: object = ""
    resourcetype: object = ""
    identifier: object = ""


def echo_of(raw: object) -> Echo:
    """The attributes to echo; absent ones (or a non-object action) echo as ""."""
    if not isinstance(raw, dict):
        return Echo()
    return Echo(
        raw.get("actionid", ""),
        raw.get("resourceid", ""),
        raw.get("resourcetype", ""),
        raw.get("identifier", ""),
    )


def verify_action(raw: object, *, token: str, secret: str, now: float) -> Call:
    """Check one wire action and return it as a Call, or raise ApiError."""
    if not isinstance(raw, dict):
        raise ApiError(247)
    actionid = raw.get("actionid")
    if not isinstance(actionid, str):
        raise ApiError(16)
    if not actionid:
        raise ApiError(17)
    resourceid = raw.get("resourceid")
    if "resourceid" not in raw or not _is_resourceid(resourceid):
        raise ApiError(18)
    resourcetype = raw.get("resourcetype")
    if not isinstance(resourcetype, str):
        raise ApiError(19)
    parameters = _parameters(raw.get("parameters"))
    timestamp = _timestamp(raw.get("timestamp"), now)
    _check_hmac(raw, token, secret, timestamp, parameters)
    verb = verb_from_action_id(actionid)
    if verb is None:
        raise ApiError(23, actionid)
    return Call(verb, resourcetype, resourceid, parameters)


def _is_resourceid(value: object) -> bool:
    """A resourceid may be a string, an integer or null ("MANDATORY. CAN BE EMPTY")."""
    return value is None or isinstance(value, str) or type(value) is int


def _parameters(value: object) -> dict[str, Any]:
    """The parameters object; PHP clients send an empty one as []."""
    if value == []:
        return {}
    if not isinstance(value, dict):
        raise ApiError(20)
    if "" in value:
        raise ApiError(21)
    return value


def _timestamp(value: object, now: float) -> int:
    """The action's Unix timestamp, which must lie within 120 s of the sandbox clock."""
    stamp: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        stamp = value
    elif isinstance(value, str) and value.isdigit() and str(int(value)) == value:
        # Only the canonical spelling: the HMAC covers the text, which must equal str(stamp).
        stamp = int(value)
    if stamp is None or abs(now - stamp) > TIMESTAMP_WINDOW:
        raise ApiError(136)
    return stamp


def _check_hmac(
    raw: dict[str, Any], token: str, secret: str, timestamp: int, parameters: dict[str, Any]
) -> None:
    """Recompute the action's HMAC and compare it with the one sent; 137 on mismatch."""
    try:
        valid = verify(_expected_hmac(raw, token, secret, timestamp, parameters), raw.get("hmac"))
    except UnicodeEncodeError:  # lone surrogates from \ud800-style escapes
        valid = False
    if not valid:
        raise ApiError(137)


def _expected_hmac(
    raw: dict[str, Any], token: str, secret: str, timestamp: int, parameters: dict[str, Any]
) -> str:
    """v2 when hmac_version is 2 or "2" (SDK sends the int, the docs the string), else v1."""
    actionid, resourcetype = raw["actionid"], raw["resourcetype"]
    if raw.get("hmac_version") in (2, "2"):
        return hmac_v2(
            secret=secret,
            token=token,
            timestamp=timestamp,
            resourcetype=resourcetype,
            actionid=actionid,
        )
    identifier = raw.get("identifier")
    return hmac_v1(
        secret=secret,
        token=token,
        timestamp=timestamp,
        resourcetype=resourcetype,
        actionid=actionid,
        resourceid=raw.get("resourceid"),
        identifier=identifier if identifier is None else str(identifier),
        parameters=parameters,
    )
