"""The X-ray of one action: its keys and their types, actionid, resourcetype, timestamp."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from playground.i18n import gettext as _
from playground.onoffice.actions import ACTION_ID_PREFIX, Verb, verb_from_action_id
from playground.onoffice.calls import PARAMETERS
from playground.onoffice.catalogue import supported_calls
from playground.onoffice.xray_hmac import check_hmac, declared_version, masked_signed_string
from playground.onoffice.xray_types import Finding, Key, Report, kind_of

TIMESTAMP_WINDOW = 120
_REQUIRED = ("actionid", "resourceid", "resourcetype", "parameters", "timestamp", "hmac")
_KNOWN = (*_REQUIRED, "identifier", "hmac_version")
RESOURCETYPES = frozenset({rt for _, rt in PARAMETERS} | {rt for _, rt in supported_calls()})


def check_action(
    index: int, raw: object, token: str | None, key: Key, *, parameters_known: bool = True
) -> Report:
    """Everything the X-ray says about ``request.actions[index]``."""
    path = f"request.actions[{index}]"
    report = Report(index)
    out = report.findings
    if not isinstance(raw, dict):
        message = _("An action must be an object; this one is %(kind)s.") % {"kind": kind_of(raw)}
        out.append(Finding("error", message, path))
        return report
    for name in _REQUIRED:
        if name not in raw:
            out.append(Finding("error", _("This key is missing."), f"{path}.{name}"))
    for name in raw:
        if name not in _KNOWN:
            out.append(_unknown_key(name, f"{path}.{name}"))
    actionid = _actionid(raw.get("actionid"), f"{path}.actionid", out)
    resourcetype = _resourcetype(raw.get("resourcetype"), f"{path}.resourcetype", out)
    _resourceid(raw, path, out)
    parameters = _parameters(raw.get("parameters"), f"{path}.parameters", out)
    timestamp = _timestamp(raw.get("timestamp"), f"{path}.timestamp", key.now, out)
    version = declared_version(raw.get("hmac_version"), f"{path}.hmac_version", key, out)
    if None not in (actionid, resourcetype, timestamp) and isinstance(token, str):
        assert actionid is not None and resourcetype is not None and timestamp is not None
        report.signed_string = masked_signed_string(timestamp, resourcetype, actionid)
        if key.owns(token) and version is not None:
            report.hmac_matches = check_hmac(
                raw, token=token, key=key, timestamp=timestamp, version=version,
                parameters=parameters if parameters_known else None, out=out, path=path,
            )  # fmt: skip
    return report


def _unknown_key(name: str, path: str) -> Finding:
    """A key onOffice does not read in an action; the common slips get a hint."""
    if name == "token":
        message = _("The token belongs at the top level of the body, not inside an action.")
        return Finding("error", message, path)
    if name.lower().replace("_", "") in ("hmacversion", "version") and name != "hmac_version":
        return Finding("error", _('The key is spelled "hmac_version".'), path)
    message = _("onOffice does not read this key in an action; it is ignored.")
    return Finding("warning", message, path)


def _actionid(value: object, path: str, out: list[Finding]) -> str | None:
    """The actionid, which must be one of the six full URNs."""
    if value is None:
        return None
    if not isinstance(value, str):
        message = _("The actionid must be a string; it is %(kind)s.") % {"kind": kind_of(value)}
        out.append(Finding("error", message, path))
        return None
    if verb_from_action_id(value) is not None:
        return value
    verb = value.rsplit(":", 1)[-1].strip().lower()
    if verb in {v.value for v in Verb}:
        message = _('The actionid must be the full URN: "%(urn)s".') % {
            "urn": ACTION_ID_PREFIX + verb
        }
    else:
        message = _('The actionid must be one of the six URNs "%(prefix)s" + read, create, '
                    "modify, delete, get or do.") % {"prefix": ACTION_ID_PREFIX}  # fmt: skip
    out.append(Finding("error", message, path))
    return value


def _resourcetype(value: object, path: str, out: list[Finding]) -> str | None:
    """The resourcetype: a string, in the case onOffice spells it."""
    if value is None:
        return None
    if not isinstance(value, str):
        message = _("The resourcetype must be a string; it is %(kind)s.") % {"kind": kind_of(value)}
        out.append(Finding("error", message, path))
        return None
    if value not in RESOURCETYPES:
        spelled = {rt.lower(): rt for rt in RESOURCETYPES}.get(value.strip().lower())
        if spelled is not None:
            message = _('Resourcetypes are case-sensitive (and signed): write "%(right)s".')
            out.append(Finding("error", message % {"right": spelled}, path))
    return value


def _resourceid(raw: dict[str, Any], path: str, out: list[Finding]) -> None:
    """resourceid may be a string, a whole number or null; identifier a string or null."""
    value = raw.get("resourceid")
    if "resourceid" in raw and not (value is None or isinstance(value, str) or type(value) is int):
        message = _("The resourceid must be a string, a whole number or null; it is %(kind)s.")
        out.append(Finding("error", message % {"kind": kind_of(value)}, f"{path}.resourceid"))
    identifier = raw.get("identifier")
    if identifier is not None and not isinstance(identifier, str):
        message = _("The identifier should be a string; it is %(kind)s.")
        out.append(
            Finding("warning", message % {"kind": kind_of(identifier)}, f"{path}.identifier")
        )


def _parameters(value: object, path: str, out: list[Finding]) -> dict[str, Any]:
    """The parameters object (PHP clients send an empty one as [])."""
    if value == [] or value is None:
        return {}
    if not isinstance(value, dict):
        message = _("The parameters must be an object; they are %(kind)s.")
        out.append(Finding("error", message % {"kind": kind_of(value)}, path))
        return {}
    return value


def _timestamp(value: object, path: str, now: float, out: list[Finding]) -> int | None:
    """The Unix timestamp in seconds, within onOffice's window around the server clock."""
    if value is None:
        return None
    stamp: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        stamp = value
    elif isinstance(value, str) and value.isdigit() and str(int(value)) == value:
        stamp = int(value)
    if stamp is None:
        message = _("The timestamp must be a whole number of seconds; it is %(kind)s.")
        out.append(Finding("error", message % {"kind": kind_of(value)}, path))
        return None
    if stamp > 10**12:
        message = _(
            "The timestamp looks like milliseconds; onOffice wants seconds (divide by 1000)."
        )
        out.append(Finding("error", message, path))
        return stamp
    clock = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    offset = stamp - int(now)
    values = {"seconds": abs(offset), "clock": clock, "window": TIMESTAMP_WINDOW}
    if offset < -TIMESTAMP_WINDOW:
        message = _("The timestamp is %(seconds)d seconds behind the server clock (%(clock)s); "
                    "onOffice accepts at most %(window)d seconds either way.")  # fmt: skip
    elif offset > TIMESTAMP_WINDOW:
        message = _("The timestamp is %(seconds)d seconds ahead of the server clock (%(clock)s); "
                    "onOffice accepts at most %(window)d seconds either way.")  # fmt: skip
    else:
        message = _("The timestamp is within the window (%(seconds)d seconds from the server "
                    "clock, %(clock)s).")  # fmt: skip
        out.append(Finding("ok", message % values, path))
        return stamp
    out.append(Finding("error", message % values, path))
    return stamp
