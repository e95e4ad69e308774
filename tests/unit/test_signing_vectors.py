"""Known-answer tests for HMAC v2 and v1 and the SDK's exact wire body (API notes §1.5)."""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.onoffice.signing import hmac_v1, hmac_v2, php_json_encode

ACT_GET = Verb.GET.action_id
ACT_READ = Verb.READ.action_id


@pytest.mark.parametrize(
    ("secret", "token", "timestamp", "resourcetype", "actionid", "expected"),
    [
        ("yOJobbhGLXdp90XxvxedFhH7073L9U", "mgjIQkNRnaqggVzy9cZW", 123456789,
         "estateCategories", ACT_GET, "dsvg3r4AFcQXges0MZ+3auzQVfnEB39pLkKSgmm9Wvg="),
        ("testsecret", "testtoken", 1646228220, "calendar", ACT_READ,
         "w6ifKMmAdJoKhu0vl2twvfP+ltyOTQ7LqLpvsZkOnlg="),
        ("dhY8h7FeU9", "dX5hkIIU6W", 123456789, "estateCategories", ACT_GET,
         "F9OXyaJv7p+bLkwGDGV7ZUmfYgjH2E24zpsxY5/nVDk="),
    ],
)  # fmt: skip
def test_hmac_v2_vectors(
    secret: str, token: str, timestamp: int, resourcetype: str, actionid: str, expected: str
) -> None:
    signature = hmac_v2(
        secret=secret, token=token, timestamp=timestamp, resourcetype=resourcetype,
        actionid=actionid,
    )  # fmt: skip
    assert signature == expected


def test_hmac_v1_vector() -> None:
    signature = hmac_v1(
        secret="secret", token="token", timestamp=100, resourcetype="type", actionid="action",
        resourceid="1", identifier="identifier", parameters={"paramKey": "paramValue"},
    )  # fmt: skip
    assert signature == "7e0bb4b6ceb4b3cff609524e416f2ac3"


def test_hmac_v1_signs_empty_parameters_as_php_encodes_them() -> None:
    # PHP decodes {} to an empty array and re-encodes it as [], so that is what is signed.
    fields = "token,action,,,secret,100,type"
    inner = hashlib.md5(("[]," + fields).encode()).hexdigest()
    expected = hashlib.md5(("secret" + inner).encode()).hexdigest()
    signature = hmac_v1(
        secret="secret", token="token", timestamp=100, resourcetype="type", actionid="action",
        resourceid="", identifier="", parameters={},
    )  # fmt: skip
    assert signature == expected


def test_php_json_encode_escapes_slashes_and_non_ascii() -> None:
    assert php_json_encode({"ort": "Nürnberg/Süd"}) == '{"ort":"N\\u00fcrnberg\\/S\\u00fcd"}'


def test_php_json_encode_leaves_del_as_php_does() -> None:
    """PHP's json_encode writes DEL as it is (checked with PHP 8.2), where ensure_ascii
    wrote \\u007f: HMAC v1 over a parameter holding DEL was computed over other text."""
    assert php_json_encode({"a": "\x7f/\u2028😀"}) == '{"a":"\x7f\\/\\u2028\\ud83d\\ude00"}'


def test_envelope_reproduces_the_sdk_wire_body_byte_for_byte() -> None:
    expected = (
        b'{"token":"testtoken","request":{"actions":[{"actionid":"urn:onoffice-de-ns:smart:2.5:'
        b'smartml:action:read","identifier":null,"parameters":{"allusers":false,"dateend":'
        b'"25-03-2022 02:17:53","datestart":"25-03-2022 02:17:53","showcancelled":true},'
        b'"resourceid":"","resourcetype":"calendar","timestamp":1646228220,"hmac_version":2,'
        b'"hmac":"w6ifKMmAdJoKhu0vl2twvfP+ltyOTQ7LqLpvsZkOnlg="}]}}'
    )
    action = ActionRequest(
        verb=Verb.READ,
        resourcetype="calendar",
        resourceid="",
        identifier=None,
        parameters={
            "showcancelled": True,
            "datestart": "25-03-2022 02:17:53",
            "allusers": False,
            "dateend": "25-03-2022 02:17:53",
        },
    )
    body = encode_body(
        build_envelope([action], token="testtoken", secret="testsecret", timestamp=1646228220)
    )
    assert len(body) == 382
    assert body == expected


def test_each_action_is_signed_with_its_own_resourcetype() -> None:
    actions = [ActionRequest(Verb.READ, "estate"), ActionRequest(Verb.GET, "fields")]
    envelope = build_envelope(actions, token="t", secret="s", timestamp=5)
    wire = envelope["request"]["actions"]
    for sent, (verb, rtype) in zip(
        wire, [(Verb.READ, "estate"), (Verb.GET, "fields")], strict=True
    ):
        message = f"5t{rtype}{verb.action_id}".encode()
        digest = hmac.new(b"s", message, hashlib.sha256).digest()
        assert sent["hmac"] == base64.b64encode(digest).decode()
        assert sent["timestamp"] == 5 and sent["hmac_version"] == 2
    assert list(wire[0]) == [
        "actionid", "identifier", "parameters", "resourceid", "resourcetype", "timestamp",
        "hmac_version", "hmac",
    ]  # fmt: skip


def test_v1_envelope_has_no_hmac_version() -> None:
    envelope = build_envelope(
        [ActionRequest(Verb.READ, "estate", parameters={"b": 1, "a": 2})],
        token="t", secret="s", timestamp=5, hmac_version=1,
    )  # fmt: skip
    action = envelope["request"]["actions"][0]
    assert "hmac_version" not in action and len(action["hmac"]) == 32
    assert list(action["parameters"]) == ["a", "b"]
