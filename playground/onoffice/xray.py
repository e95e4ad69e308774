"""Signature X-ray: what is wrong with a request someone's own code sent, in words.

Pure: the key material and the clock are arguments. The findings never hold the expected
HMAC, the secret or the token: whoever may use a shared profile learns whether their
request is right and why not, but the playground does not sign for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.i18n import gettext as _
from playground.onoffice.answer_json import nested_deeper
from playground.onoffice.json_problems import json_problem
from playground.onoffice.xray_action import check_action
from playground.onoffice.xray_types import Finding, Key, Report, kind_of

__all__ = ["Diagnosis", "Fields", "Finding", "Key", "Report", "diagnose_body", "diagnose_fields"]

TOKEN_LENGTH = 32
# The envelope puts a few levels around the parameters, which the composer limits to 64.
BODY_DEPTH = 80
_TOP_KEYS = ("token", "request")


@dataclass(frozen=True)
class Fields:
    """The parts of one action as typed into the form, instead of a whole body."""

    token: str
    timestamp: str
    resourcetype: str
    actionid: str
    hmac: str
    hmac_version: str = ""


@dataclass
class Diagnosis:
    """Findings about the envelope, then one report per action."""

    envelope: list[Finding] = field(default_factory=list)
    actions: list[Report] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong anywhere."""
        everything = self.envelope + [f for r in self.actions for f in r.findings]
        return not any(f.level == "error" for f in everything)


def _too_deep() -> Finding:
    """The finding of a body nested deeper than the checks read."""
    message = _("The body is nested more than %(max)d levels deep.") % {"max": BODY_DEPTH}
    return Finding("error", message)


def diagnose_body(text: str, key: Key) -> Diagnosis:
    """Diagnose a whole request body as pasted."""
    diagnosis = Diagnosis()
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        message = _("The body is not JSON: %(problem)s (line %(line)d, column %(column)d).")
        values = {"problem": json_problem(exc.msg), "line": exc.lineno, "column": exc.colno}
        diagnosis.envelope.append(Finding("error", message % values))
        return diagnosis
    except RecursionError:  # deeper than json.loads reads at all
        diagnosis.envelope.append(_too_deep())
        return diagnosis
    if nested_deeper(body, BODY_DEPTH):  # the checks below walk the body
        diagnosis.envelope.append(_too_deep())
        return diagnosis
    if not isinstance(body, dict):
        message = _(
            'The body must be a JSON object {"token": ..., "request": {"actions": [...]}}; '
            "this one is %(kind)s."
        )
        diagnosis.envelope.append(Finding("error", message % {"kind": kind_of(body)}))
        return diagnosis
    token = _check_token(body, key, diagnosis.envelope)
    for name in body:
        if name not in _TOP_KEYS:
            diagnosis.envelope.append(_unexpected_top_key(name))
    for index, action in enumerate(_actions(body, diagnosis.envelope)):
        diagnosis.actions.append(check_action(index, action, token, key))
    return diagnosis


def diagnose_fields(fields: Fields, key: Key) -> Diagnosis:
    """Diagnose one action given as separate fields (all of them text)."""
    action: dict[str, Any] = {
        "actionid": fields.actionid.strip(),
        "resourceid": "",
        "resourcetype": fields.resourcetype.strip(),
        "parameters": {},
        "timestamp": fields.timestamp.strip(),
        "hmac": fields.hmac.strip(),
    }
    if fields.hmac_version.strip():
        action["hmac_version"] = fields.hmac_version.strip()
    body = {"token": fields.token, "request": {"actions": [action]}}
    diagnosis = Diagnosis()
    token = _check_token(body, key, diagnosis.envelope)
    diagnosis.actions.append(check_action(0, action, token, key, parameters_known=False))
    return diagnosis


def _unexpected_top_key(name: str) -> Finding:
    """A key onOffice does not read at the top level, with a hint where it belongs."""
    if name == "actions":
        message = _('"actions" belongs inside "request": {"request": {"actions": [...]}}.')
        return Finding("error", message, name)
    message = _('onOffice reads only "token" and "request" at the top level; this key is ignored.')
    return Finding("warning", message, name)


def _check_token(body: dict[str, Any], key: Key, out: list[Finding]) -> str | None:
    """The token as sent, if it is a string; findings on its shape and owner."""
    if "token" not in body:
        out.append(Finding("error", _('There is no "token" at the top level.'), "token"))
        return None
    token = body["token"]
    if not isinstance(token, str):
        message = _("The token must be a string; it is %(kind)s.") % {"kind": kind_of(token)}
        out.append(Finding("error", message, "token"))
        return None
    if token != token.strip():
        message = _("The token has spaces or line breaks at its start or end.")
        out.append(Finding("error", message, "token"))
    if len(token.strip()) != TOKEN_LENGTH:
        message = _("The token has %(length)d characters; onOffice tokens have %(expected)d.")
        values = {"length": len(token.strip()), "expected": TOKEN_LENGTH}
        out.append(Finding("error", message % values, "token"))
    if key.owns(token):
        out.append(Finding("ok", _("This is the profile's token."), "token"))
    else:
        out.append(Finding("error", key.not_its_token(), "token"))
    return token


def _actions(body: dict[str, Any], out: list[Finding]) -> list[Any]:
    """The list of actions, or findings that say where the envelope goes wrong."""
    request = body.get("request")
    if request is None:
        out.append(Finding("error", _('There is no "request" object.'), "request"))
        return []
    if not isinstance(request, dict):
        message = _('"request" must be an object; it is %(kind)s.') % {"kind": kind_of(request)}
        out.append(Finding("error", message, "request"))
        return []
    for name in request:
        if name != "actions":
            message = _('onOffice reads only "actions" inside "request"; this key is ignored.')
            out.append(Finding("warning", message, f"request.{name}"))
    actions = request.get("actions")
    if actions is None:
        message = _('There is no "actions" list inside "request".')
        out.append(Finding("error", message, "request.actions"))
        return []
    if not isinstance(actions, list) or not actions:
        kind = kind_of(actions)
        message = _('"actions" must be a non-empty list; it is %(kind)s.') % {"kind": kind}
        out.append(Finding("error", message, "request.actions"))
        return []
    return actions
