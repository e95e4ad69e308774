"""Build the signed request envelope exactly as the official SDK puts it on the wire."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from playground.onoffice.actions import ActionRequest
from playground.onoffice.signing import hmac_v1, hmac_v2, php_json_encode

HmacVersion = Literal[1, 2]


def sign_action(
    action: ActionRequest, *, token: str, secret: str, timestamp: int, hmac_version: HmacVersion
) -> dict[str, Any]:
    """Return one wire action; keys in the SDK's order, parameters sorted at the top level."""
    parameters = dict(sorted(action.parameters.items()))
    wire: dict[str, Any] = {
        "actionid": action.verb.action_id,
        "identifier": action.identifier,
        "parameters": parameters,
        "resourceid": action.resourceid,
        "resourcetype": action.resourcetype,
        "timestamp": timestamp,
    }
    if hmac_version == 2:
        wire["hmac_version"] = 2
        wire["hmac"] = hmac_v2(
            secret=secret,
            token=token,
            timestamp=timestamp,
            resourcetype=action.resourcetype,
            actionid=action.verb.action_id,
        )
    else:
        wire["hmac"] = hmac_v1(
            secret=secret,
            token=token,
            timestamp=timestamp,
            resourcetype=action.resourcetype,
            actionid=action.verb.action_id,
            resourceid=action.resourceid,
            identifier=action.identifier,
            parameters=parameters,
        )
    return wire


def build_envelope(
    actions: Sequence[ActionRequest],
    *,
    token: str,
    secret: str,
    timestamp: int,
    hmac_version: HmacVersion = 2,
) -> dict[str, Any]:
    """Wrap signed actions as {"token": ..., "request": {"actions": [...]}}."""
    signed = [
        sign_action(a, token=token, secret=secret, timestamp=timestamp, hmac_version=hmac_version)
        for a in actions
    ]
    return {"token": token, "request": {"actions": signed}}


def encode_body(envelope: dict[str, Any]) -> bytes:
    """Serialise an envelope byte for byte as the SDK's PHP json_encode would."""
    return php_json_encode(envelope).encode("ascii")
