"""Signature X-ray: a table of broken requests and the diagnosis each gets, in words."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope
from playground.onoffice.signing import hmac_v1, hmac_v2
from playground.onoffice.xray import Diagnosis, Fields, Key, diagnose_body, diagnose_fields

TOKEN = "xraytoken0123456789abcdefghijklm"
SECRET = "xraysecret-0123456789abcdef0123456789abcdef0123456789abcdef01234"
NOW = 1_764_500_000
KEY = Key(TOKEN, SECRET, float(NOW), "Team", 2, hint="jklm")
READ = ActionRequest(Verb.READ, "estate", "", "", {"data": ["Id", "ort/plz"], "listlimit": 5})


def _body(version: int = 2, timestamp: int = NOW, token: str = TOKEN) -> dict[str, Any]:
    """A correctly signed body for one read estate."""
    envelope = build_envelope(
        [READ], token=token, secret=SECRET, timestamp=timestamp,
        hmac_version=2 if version == 2 else 1,
    )  # fmt: skip
    return envelope


def _action(body: dict[str, Any]) -> dict[str, Any]:
    """The first action of a body."""
    action: dict[str, Any] = body["request"]["actions"][0]
    return action


def _with(change: Callable[[dict[str, Any]], None]) -> str:
    """A valid body with one change, as the text a user pastes."""
    body = _body()
    change(body)
    return json.dumps(body)


def _messages(diagnosis: Diagnosis, level: str = "error") -> list[tuple[str, str]]:
    """(path, message) of every finding of one level."""
    findings = diagnosis.envelope + [f for r in diagnosis.actions for f in r.findings]
    return [(f.path, f.message) for f in findings if f.level == level]


def _v1_with_v2_label(body: dict[str, Any]) -> None:
    action = _action(body)
    action["hmac"] = hmac_v1(
        secret=SECRET, token=TOKEN, timestamp=NOW, resourcetype="estate",
        actionid=Verb.READ.action_id, resourceid="", identifier="",
        parameters=action["parameters"],
    )  # fmt: skip


def _v2_without_label(body: dict[str, Any]) -> None:
    del _action(body)["hmac_version"]


def _hex_digest(body: dict[str, Any]) -> None:
    message = f"{NOW}{TOKEN}estate{Verb.READ.action_id}".encode()
    _action(body)["hmac"] = hmac.new(SECRET.encode(), message, hashlib.sha256).hexdigest()


def _wrong_order(body: dict[str, Any]) -> None:
    message = f"{TOKEN}{NOW}estate{Verb.READ.action_id}".encode()
    digest = hmac.new(SECRET.encode(), message, hashlib.sha256).digest()
    _action(body)["hmac"] = base64.b64encode(digest).decode()


def _set(name: str, value: object) -> Callable[[dict[str, Any]], None]:
    return lambda body: _action(body).__setitem__(name, value)


# Each case: the body, then (path, words the message must contain) of the error expected.
CASES: dict[str, tuple[str, tuple[str, str]]] = {
    "old timestamp": (
        json.dumps(_body(timestamp=NOW - 300)),
        ("request.actions[0].timestamp", "300 seconds behind the server clock"),
    ),
    "timestamp ahead": (
        json.dumps(_body(timestamp=NOW + 500)),
        ("request.actions[0].timestamp", "500 seconds ahead"),
    ),
    "milliseconds": (
        _with(_set("timestamp", NOW * 1000)),
        ("request.actions[0].timestamp", "milliseconds"),
    ),
    "v1 sent as v2": (
        _with(_v1_with_v2_label),
        ("request.actions[0].hmac", 'HMAC v1, but "hmac_version" says 2'),
    ),
    "v2 sent without hmac_version": (
        _with(_v2_without_label),
        ("request.actions[0].hmac", 'HMAC v2, but "hmac_version" is missing'),
    ),
    "integer actionid": (
        _with(_set("actionid", 5)),
        ("request.actions[0].actionid", "must be a string; it is a number"),
    ),
    "integer resourcetype": (
        _with(_set("resourcetype", 1)),
        ("request.actions[0].resourcetype", "must be a string; it is a number"),
    ),
    "short actionid": (
        _with(_set("actionid", "read")),
        ("request.actions[0].actionid", "urn:onoffice-de-ns:smart:2.5:smartml:action:read"),
    ),
    "resourcetype case": (
        _with(_set("resourcetype", "Estate")),
        ("request.actions[0].resourcetype", 'case-sensitive (and signed): write "estate"'),
    ),
    "wrong token": (
        json.dumps(_body(token="y" * 32)),
        ("token", 'not the token of the profile "Team" (that one ends in …jklm)'),
    ),
    "short token": (
        _with(lambda body: body.__setitem__("token", TOKEN[:20])),
        ("token", "20 characters; onOffice tokens have 32"),
    ),
    "hex digest": (
        _with(_hex_digest),
        ("request.actions[0].hmac", "hex digest"),
    ),
    "fields in another order": (
        _with(_wrong_order),
        ("request.actions[0].hmac", "another order"),
    ),
    "actions at the top level": (
        _with(lambda body: body.__setitem__("actions", body.pop("request")["actions"])),
        ("actions", '"actions" belongs inside "request"'),
    ),
    "token inside the action": (
        _with(lambda body: _action(body).__setitem__("token", body.pop("token"))),
        ("request.actions[0].token", "belongs at the top level"),
    ),
    "not JSON": ("{'token': 1}", ("", "not JSON")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_broken_request_gets_its_diagnosis(case: str) -> None:
    """The expected error, at the key it is about."""
    body, (path, words) = CASES[case]
    errors = _messages(diagnose_body(body, KEY))
    assert any(p == path and words in m for p, m in errors), errors


def test_a_valid_request_is_diagnosed_as_right() -> None:
    """No error; the HMAC matches and the timestamp is in the window."""
    diagnosis = diagnose_body(json.dumps(_body()), KEY)
    assert diagnosis.ok, _messages(diagnosis)
    assert diagnosis.actions[0].hmac_matches is True
    oks = " ".join(m for _, m in _messages(diagnosis, "ok"))
    assert "HMAC v2 matches" in oks and "within the window (0 seconds" in oks
    assert diagnosis.actions[0].signed_string == (
        f"{NOW}<token>estateurn:onoffice-de-ns:smart:2.5:smartml:action:read"
    )


def test_a_valid_v1_request_matches_and_notes_the_profile_signs_v2() -> None:
    """v1 is diagnosed with the parameters; the profile's own version is mentioned."""
    diagnosis = diagnose_body(json.dumps(_body(version=1)), KEY)
    assert diagnosis.ok and diagnosis.actions[0].hmac_matches is True
    notes = " ".join(m for _, m in _messages(diagnosis, "note"))
    assert 'The profile "Team" signs with HMAC v2; this request uses v1.' in notes


def test_fields_instead_of_a_body() -> None:
    """The separate fields: right ones match, a stale timestamp is named in seconds."""
    signature = hmac_v2(secret=SECRET, token=TOKEN, timestamp=NOW, resourcetype="estate",
                        actionid=Verb.READ.action_id)  # fmt: skip
    fields = Fields(TOKEN, str(NOW), "estate", Verb.READ.action_id, signature, "2")
    assert diagnose_fields(fields, KEY).ok
    stale = Fields(TOKEN, str(NOW - 1000), "estate", Verb.READ.action_id, signature, "2")
    errors = _messages(diagnose_fields(stale, KEY))
    assert any("1000 seconds behind" in m for _, m in errors)


def test_no_finding_reveals_the_expected_hmac_the_secret_or_the_token() -> None:
    """Whatever is pasted, the words never hold what would make the X-ray a signing oracle."""
    expected = {_action(_body(v))["hmac"] for v in (1, 2)}
    for body, _ in CASES.values():
        diagnosis = diagnose_body(body, KEY)
        text = " ".join(
            [f.message for f in diagnosis.envelope]
            + [f.message + r.signed_string for r in diagnosis.actions for f in r.findings]
        )
        assert SECRET not in text and TOKEN not in text
        assert not any(value in text for value in expected)
        assert TOKEN not in repr(KEY) and SECRET not in repr(KEY)
