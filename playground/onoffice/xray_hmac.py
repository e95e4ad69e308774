"""The X-ray's HMAC checks: which version was declared, whether the HMAC matches, and if
not, the usual reason (hex instead of base64, fields in another order, the other version).

The expected HMAC is only ever compared with; no message contains it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
from typing import Any

from playground.i18n import gettext as _
from playground.onoffice.signing import hmac_v1, hmac_v2, verify
from playground.onoffice.xray_types import Finding, Key

TOKEN_PLACEHOLDER = "<token>"  # noqa: S105  (a placeholder, not a credential)


def declared_version(value: object, path: str, key: Key, out: list[Finding]) -> int | None:
    """The HMAC version an action asks for: 2 with hmac_version 2 or "2", else 1."""
    if value is None:
        version = 1
        out.append(Finding("note", _('There is no "hmac_version", so onOffice checks an HMAC v1.'),
                           path))  # fmt: skip
    elif value in (2, "2"):
        version = 2
    else:
        message = _('"hmac_version" must be 2 (or left out for the legacy v1).')
        out.append(Finding("error", message, path))
        return None
    if version != key.profile_version:
        message = _('The profile "%(profile)s" signs with HMAC v%(profile_version)d; this request '
                    "uses v%(version)d.")  # fmt: skip
        values = {"profile": key.profile_name, "profile_version": key.profile_version}
        out.append(Finding("note", message % (values | {"version": version}), path))
    return version


def masked_signed_string(timestamp: int, resourcetype: str, actionid: str) -> str:
    """What HMAC v2 signs: timestamp + token + resourcetype + actionid, the token masked."""
    return f"{timestamp}{TOKEN_PLACEHOLDER}{resourcetype}{actionid}"


def _v2_digest(secret: str, message: str) -> bytes:
    """The raw HMAC-SHA256 of a message."""
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()


def _v2_slip(given: str, secret: str, parts: tuple[str, str, str, str]) -> str | None:
    """Name the usual v2 mistake the given HMAC was made with, if it is one of them."""
    right = _v2_digest(secret, "".join(parts))
    if verify(right.hex(), given.lower()):
        return _("This is the hex digest; onOffice wants the raw 32 bytes base64-encoded.")
    if verify(base64.b64encode(right.hex().encode()).decode(), given):
        return _("This is the hex digest base64-encoded; encode the raw 32 bytes instead.")
    swapped = hmac.new("".join(parts).encode(), secret.encode(), hashlib.sha256).digest()
    if verify(base64.b64encode(swapped).decode(), given):
        return _("Key and message are swapped: the secret is the HMAC key.")
    for order in itertools.permutations(parts):
        if order != parts:
            other = base64.b64encode(_v2_digest(secret, "".join(order))).decode()
            if verify(other, given):
                return _("The fields were signed in another order: timestamp, token, "
                         "resourcetype, actionid, joined without separators.")  # fmt: skip
    return None


def check_hmac(
    raw: dict[str, Any],
    *,
    token: str,
    key: Key,
    timestamp: int,
    version: int,
    parameters: dict[str, Any] | None,
    out: list[Finding],
    path: str,
) -> bool:
    """Whether the action's HMAC is right for its declared version; findings say why not."""
    given, at = raw.get("hmac"), f"{path}.hmac"
    if not isinstance(given, str):
        if given is not None:
            out.append(Finding("error", _("The HMAC must be a string."), at))
        return False
    actionid, resourcetype = str(raw["actionid"]), str(raw["resourcetype"])
    v2 = hmac_v2(secret=key.secret, token=token, timestamp=timestamp,
                 resourcetype=resourcetype, actionid=actionid)  # fmt: skip
    v1 = None
    if parameters is not None:
        identifier = raw.get("identifier")
        v1 = hmac_v1(secret=key.secret, token=token, timestamp=timestamp,
                     resourcetype=resourcetype, actionid=actionid,
                     resourceid=raw.get("resourceid"),
                     identifier=identifier if identifier is None else str(identifier),
                     parameters=parameters)  # fmt: skip
    right = v2 if version == 2 else v1
    if right is not None and verify(right, given):
        out.append(Finding("ok", _("The HMAC v%(version)d matches.") % {"version": version}, at))
        return True
    out.append(
        Finding("error", _mismatch(given, version, v1, v2, key, (timestamp, token, raw)), at)
    )
    return False


def _mismatch(
    given: str,
    version: int,
    v1: str | None,
    v2: str,
    key: Key,
    signed: tuple[int, str, dict[str, Any]],
) -> str:
    """Why the HMAC does not match, as precisely as can be said."""
    if version == 2 and v1 is not None and verify(v1, given):
        return _('This is an HMAC v1, but "hmac_version" says 2: sign with v2 or leave '
                 '"hmac_version" out.')  # fmt: skip
    if version == 1 and verify(v2, given):
        return _('This is an HMAC v2, but "hmac_version" is missing: add "hmac_version": 2 to '
                 "the action.")  # fmt: skip
    timestamp, token, raw = signed
    parts = (str(timestamp), token, str(raw["resourcetype"]), str(raw["actionid"]))
    slip = _v2_slip(given, key.secret, parts) if version == 2 else None
    if slip is not None:
        return slip
    if version == 1 and v1 is None:
        return _("The HMAC v1 covers the parameters, which the form does not have: paste the "
                 "whole body to check it.")  # fmt: skip
    if version == 2:
        return _("The HMAC does not match. Check the secret, and that exactly the string below "
                 "was signed with HMAC-SHA256 and base64-encoded.")  # fmt: skip
    return _("The HMAC v1 does not match. Check the secret and that the parameters were "
             "encoded as PHP's json_encode does (sorted keys, \\/ for slashes, \\u escapes)."
             )  # fmt: skip
