"""The sandbox over real HTTP, called with the project's client and envelope builder."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Protocol

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import Delivered, OnOfficeClient
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.onoffice.response import parse_response
from playground.onoffice.signing import hmac_v2

pytestmark = pytest.mark.anyio

READ, GET, CREATE, MODIFY, DELETE = Verb.READ, Verb.GET, Verb.CREATE, Verb.MODIFY, Verb.DELETE
BUYER = "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer"
INTERESTED = "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:interested"
OK_STATUS = {"code": 200, "errorcode": 0, "message": "OK"}
ACTION_FAILED = {"code": 200, "errorcode": 97, "message": "Error in action"}


class SandboxServer(Protocol):
    """What the ``sandbox_server`` fixture of tests/http/conftest.py provides."""

    @property
    def token(self) -> str:
        """The token the sandbox accepts."""

    @property
    def secret(self) -> str:
        """The secret the sandbox verifies with."""

    @property
    def url(self) -> str:
        """The stable API endpoint."""

    @property
    def latest_url(self) -> str:
        """The latest API endpoint."""


@dataclass
class Api:
    """Sends signed requests to the sandbox and returns the decoded answers."""

    client: OnOfficeClient
    server: SandboxServer

    async def raw(self, body: bytes, url: str | None = None) -> dict[str, Any]:
        """POST a body as is; the sandbox always answers HTTP 200 with JSON."""
        outcome = await self.client.post(url or self.server.url, body)
        assert isinstance(outcome, Delivered), outcome
        assert outcome.http_status == 200
        assert isinstance(outcome.payload, dict)
        return outcome.payload

    def envelope(
        self, *actions: ActionRequest, hmac_version: HmacVersion = 2, age: int = 0
    ) -> dict[str, Any]:
        """A signed envelope with a timestamp ``age`` seconds in the past."""
        return build_envelope(
            actions,
            token=self.server.token,
            secret=self.server.secret,
            timestamp=int(time.time()) - age,
            hmac_version=hmac_version,
        )

    async def send(self, *actions: ActionRequest, hmac_version: HmacVersion = 2) -> dict[str, Any]:
        """Sign and send actions in one request."""
        return await self.raw(encode_body(self.envelope(*actions, hmac_version=hmac_version)))

    async def result(self, action: ActionRequest) -> dict[str, Any]:
        """Send one action and return its result, asserting success at both levels."""
        answer = await self.send(action)
        assert answer["status"] == OK_STATUS, answer
        (result,) = answer["response"]["results"]
        return dict(result)

    async def read_all(self, module: str, parameters: dict[str, Any]) -> list[dict[str, Any]]:
        """Every record a read returns, page by page (listlimit 500)."""
        records: list[dict[str, Any]] = []
        while True:
            params = {**parameters, "listlimit": 500, "listoffset": len(records)}
            data = (await self.result(ActionRequest(READ, module, parameters=params)))["data"]
            records.extend(data["records"])
            # An empty page ends the loop too, so a wrong cntabsolute fails instead of hanging.
            if not data["records"] or len(records) >= data["meta"]["cntabsolute"]:
                assert len(records) == data["meta"]["cntabsolute"]
                return records


@pytest.fixture
async def api(sandbox_server: SandboxServer) -> AsyncIterator[Api]:
    """An Api bound to the session's sandbox, with its own client."""
    async with OnOfficeClient() as client:
        yield Api(client, sandbox_server)


def action_status(answer: dict[str, Any], index: int = 0) -> int:
    """The errorcode of one action's result."""
    return int(answer["response"]["results"][index]["status"]["errorcode"])


def read_estates(**parameters: Any) -> ActionRequest:
    """A read-estate action."""
    return ActionRequest(READ, "estate", parameters=parameters)


async def test_signed_read_estate_returns_records(api: Api) -> None:
    """A v2-signed read answers 200/0 with the requested fields of each record."""
    answer = await api.send(read_estates(data=["Id", "kaufpreis", "ort"], listlimit=5))
    assert answer["status"] == OK_STATUS
    parsed = parse_response(answer)
    assert parsed.ok
    (result,) = parsed.results
    assert result.cacheable is True
    assert result.cntabsolute is not None
    assert result.cntabsolute >= 1000
    assert len(result.records) == 5
    for record in result.records:
        assert record.type == "estate"
        assert isinstance(record.elements, dict)
        assert set(record.elements) == {"Id", "kaufpreis", "ort"}
        assert record.elements["Id"] == str(record.id)


async def test_latest_endpoint_answers_like_stable(api: Api) -> None:
    """/api/latest/api.php serves the same API."""
    body = encode_body(api.envelope(read_estates(data=["Id"], listlimit=1)))
    answer = await api.raw(body, api.server.latest_url)
    assert answer["status"] == OK_STATUS


async def test_wrong_secret_gets_137(api: Api) -> None:
    """Signing with another secret fails the action with 137 "The HMAC is invalid."."""
    envelope = build_envelope(
        [read_estates()], token=api.server.token, secret="x" * 64, timestamp=int(time.time())
    )
    answer = await api.raw(encode_body(envelope))
    assert answer["status"] == ACTION_FAILED
    (result,) = answer["response"]["results"]
    assert result["status"] == {"errorcode": 137, "message": "The HMAC is invalid."}
    assert result["data"] == []
    assert result["cacheable"] is False


@pytest.mark.parametrize("age", [200, -200, 121])
async def test_timestamp_outside_120_seconds_gets_136(api: Api, age: int) -> None:
    """A correctly signed action with a stale or future timestamp is refused."""
    answer = await api.raw(encode_body(api.envelope(read_estates(), age=age)))
    assert answer["status"] == ACTION_FAILED
    assert action_status(answer) == 136


async def test_timestamp_within_window_is_accepted(api: Api) -> None:
    """A timestamp 100 s old is still valid."""
    answer = await api.raw(encode_body(api.envelope(read_estates(listlimit=1), age=100)))
    assert answer["status"] == OK_STATUS


async def test_unknown_token_gets_22_with_status_400(api: Api) -> None:
    """An unknown token is refused for the whole request: code 400, errorcode 22."""
    envelope = build_envelope(
        [read_estates()], token="y" * 32, secret=api.server.secret, timestamp=int(time.time())
    )
    answer = await api.raw(encode_body(envelope))
    assert answer == {"status": {"code": 400, "errorcode": 22, "message": "Not authenticated"}}


async def test_v1_signed_request_is_accepted(api: Api) -> None:
    """HMAC v1 (no hmac_version) with non-ASCII and '/' in parameters and identifier."""
    action = ActionRequest(
        READ,
        "estate",
        identifier="v1/check äöü",
        parameters={
            "data": ["Id", "ort"],
            "filter": {"ort": [{"op": "=", "val": "München"}]},
            "listlimit": 3,
        },
    )
    envelope = api.envelope(action, hmac_version=1)
    assert "hmac_version" not in envelope["request"]["actions"][0]
    answer = await api.raw(encode_body(envelope))
    assert answer["status"] == OK_STATUS
    (result,) = answer["response"]["results"]
    assert result["identifier"] == "v1/check äöü"
    assert {r["elements"]["ort"] for r in result["data"]["records"]} == {"München"}


TAMPERING: dict[str, Callable[[dict[str, Any]], None]] = {
    "timestamp": lambda a: a.update(timestamp=a["timestamp"] - 1),
    "resourcetype": lambda a: a.update(resourcetype="address"),
    "actionid": lambda a: a.update(actionid=Verb.GET.action_id),
    "parameters": lambda a: a["parameters"].update(listlimit=6),
    "resourceid": lambda a: a.update(resourceid="116"),
    "identifier": lambda a: a.update(identifier="changed"),
}
V2_SIGNED = ["token", "timestamp", "resourcetype", "actionid"]
V1_SIGNED = [*V2_SIGNED, "parameters", "resourceid", "identifier"]


async def _tampered(api: Api, field: str, version: HmacVersion) -> dict[str, Any]:
    """Send a read whose ``field`` was changed after signing.

    For the token, the action is signed for another token and the envelope then carries
    the real one, so the token check passes and only the HMAC can catch it.
    """
    action = read_estates(data=["Id"], listlimit=5)
    signer = "z" * 32 if field == "token" else api.server.token
    envelope = build_envelope(
        [action],
        token=signer,
        secret=api.server.secret,
        timestamp=int(time.time()),
        hmac_version=version,
    )
    if field == "token":
        envelope["token"] = api.server.token
    else:
        TAMPERING[field](envelope["request"]["actions"][0])
    return await api.raw(encode_body(envelope))


@pytest.mark.parametrize("field", V2_SIGNED)
async def test_v2_change_in_any_signed_field_gets_137(api: Api, field: str) -> None:
    """v2 signs timestamp, token, resourcetype and actionid."""
    answer = await _tampered(api, field, 2)
    assert answer["status"] == ACTION_FAILED
    assert action_status(answer) == 137


@pytest.mark.parametrize("field", V1_SIGNED)
async def test_v1_change_in_any_signed_field_gets_137(api: Api, field: str) -> None:
    """v1 also signs parameters, resourceid and identifier."""
    answer = await _tampered(api, field, 1)
    assert answer["status"] == ACTION_FAILED
    assert action_status(answer) == 137


@pytest.mark.parametrize("field", ["parameters", "resourceid", "identifier"])
async def test_v2_does_not_sign_parameters_resourceid_or_identifier(api: Api, field: str) -> None:
    """As documented, v2 leaves these unsigned, so changing them keeps the HMAC valid."""
    answer = await _tampered(api, field, 2)
    assert answer["status"] == OK_STATUS


def inline_hmac_v2(
    secret: str, token: str, timestamp: int, resourcetype: str, actionid: str
) -> str:
    """Section 1.3 written out: base64(HMAC-SHA256(secret, ts + token + type + actionid))."""
    message = (str(timestamp) + token + resourcetype + actionid).encode("utf-8")
    return base64.b64encode(
        hmac.new(secret.encode("utf-8"), message, hashlib.sha256).digest()
    ).decode()


def inline_hmac_v1(secret: str, token: str, timestamp: int, action: dict[str, Any]) -> str:
    """Section 1.4 written out: md5(secret + md5(php_json(params) + "," + fields))."""
    params = json.dumps(
        dict(sorted(action["parameters"].items())), separators=(",", ":"), ensure_ascii=True
    ).replace("/", "\\/")
    fields = [
        token,
        action["actionid"],
        action["identifier"],
        action["resourceid"],
        secret,
        str(timestamp),
        action["resourcetype"],
    ]
    inner = hashlib.md5((params + "," + ",".join(fields)).encode("utf-8")).hexdigest()
    return hashlib.md5((secret + inner).encode("utf-8")).hexdigest()


def test_inline_implementations_match_the_published_vectors() -> None:
    """The inline signers reproduce vectors #2 (SDK) and #7 (api-client-cli)."""
    read = Verb.READ.action_id
    assert inline_hmac_v2("testsecret", "testtoken", 1646228220, "calendar", read) == (
        "w6ifKMmAdJoKhu0vl2twvfP+ltyOTQ7LqLpvsZkOnlg="
    )
    action = {
        "actionid": "action",
        "identifier": "identifier",
        "resourceid": "1",
        "resourcetype": "type",
        "parameters": {"paramKey": "paramValue"},
    }
    assert inline_hmac_v1("secret", "token", 100, action) == "7e0bb4b6ceb4b3cff609524e416f2ac3"


@pytest.mark.parametrize("version", [2, 1])
async def test_independently_built_and_signed_request_is_accepted(api: Api, version: int) -> None:
    """A body built with json and signed inline (not the project's code) is accepted."""
    now, token, secret = int(time.time()), api.server.token, api.server.secret
    action: dict[str, Any] = {
        "actionid": Verb.READ.action_id,
        "resourceid": "",
        "resourcetype": "address",
        "identifier": "",
        "timestamp": now,
        "parameters": {"listlimit": 2, "data": ["Name", "Ort"]},
    }
    if version == 2:
        action["hmac_version"] = "2"  # the docs' spelling, a string
        action["hmac"] = inline_hmac_v2(secret, token, now, "address", action["actionid"])
    else:
        action["hmac"] = inline_hmac_v1(secret, token, now, action)
    body = json.dumps({"token": token, "request": {"actions": [action]}}).encode()
    answer = await api.raw(body)
    assert answer["status"] == OK_STATUS
    records = answer["response"]["results"][0]["data"]["records"]
    assert len(records) == 2
    assert all(set(r["elements"]) == {"id", "Name", "Ort"} for r in records)


Predicate = Callable[[str], bool]
FILTER_CASES: list[tuple[str, str, object, Predicate]] = [
    ("objektart", "=", "haus", lambda v: v == "haus"),
    ("objektart", "is", "HAUS", lambda v: v == "haus"),
    ("vermarktungsart", "!=", "kauf", lambda v: v != "kauf"),
    ("objektart", "<>", "wohnung", lambda v: v != "wohnung"),
    ("kaufpreis", "<", 300000, lambda v: float(v) < 300000),
    ("kaufpreis", ">", 1000000, lambda v: float(v) > 1000000),
    ("wohnflaeche", "<=", 60, lambda v: float(v) <= 60),
    ("wohnflaeche", ">=", "150", lambda v: float(v) >= 150),
    ("wohnflaeche", "between", [60, 80], lambda v: 60 <= float(v) <= 80),
    (
        "geaendert_am",
        "BETWEEN",
        ["2023-01-01 00:00:00", "2023-06-30 23:59:59"],
        lambda v: "2023-01-01 00:00:00" <= v <= "2023-06-30 23:59:59",
    ),
    ("ort", "like", "m%", lambda v: v.casefold().startswith("m")),
    ("objekttitel", "LIKE", "%WOHNUNG%", lambda v: "wohnung" in v.casefold()),
    ("ort", "not like", "%en", lambda v: not v.casefold().endswith("en")),
    ("ort", "in", ["Köln", "Aachen"], lambda v: v in ("Köln", "Aachen")),
    (
        "objektart",
        "IN",
        ["grundstueck", "buero_praxen"],
        lambda v: v in ("grundstueck", "buero_praxen"),
    ),
    ("objektart", "not in", ["haus", "wohnung"], lambda v: v not in ("haus", "wohnung")),
    ("ort", "NOT IN", ["Berlin"], lambda v: v != "Berlin"),
    ("status", "=", 2, lambda v: v == "2"),
    ("status", "in", [0, 2], lambda v: v in ("0", "2")),
]


@pytest.mark.parametrize(
    ("field", "op", "val", "holds"), FILTER_CASES, ids=[f"{c[0]} {c[1]}" for c in FILTER_CASES]
)
async def test_filter_returns_exactly_the_records_that_satisfy_it(
    api: Api, field: str, op: str, val: object, holds: Predicate
) -> None:
    """Every returned record satisfies the clause, and no satisfying record is missing."""
    everything = await api.read_all("estate", {"data": ["Id", field]})
    expected = {r["id"] for r in everything if holds(r["elements"][field])}
    assert 0 < len(expected) < len(everything), "the case must select a proper subset"
    filter_ = {field: [{"op": op, "val": val}]}
    found = await api.read_all("estate", {"data": ["Id", field], "filter": filter_})
    assert all(holds(r["elements"][field]) for r in found)
    assert {r["id"] for r in found} == expected


async def test_clauses_on_one_field_and_across_fields_are_anded(api: Api) -> None:
    """Two clauses on kaufpreis and one on ort all hold for every record returned."""
    filter_ = {
        "kaufpreis": [{"op": ">=", "val": 200000}, {"op": "<", "val": 600000}],
        "ort": [{"op": "=", "val": "Berlin"}],
    }
    found = await api.read_all("estate", {"data": ["kaufpreis", "ort"], "filter": filter_})
    assert found
    for record in found:
        assert 200000 <= float(record["elements"]["kaufpreis"]) < 600000
        assert record["elements"]["ort"] == "Berlin"


async def test_address_filter_works_on_address_fields(api: Api) -> None:
    """Addresses filter on their own field names (Ort, Name)."""
    filter_ = {"Ort": [{"op": "=", "val": "Hamburg"}], "Name": [{"op": "like", "val": "M%"}]}
    found = await api.read_all("address", {"data": ["Name", "Ort"], "filter": filter_})
    assert found
    assert all(r["elements"]["Ort"] == "Hamburg" for r in found)
    assert all(r["elements"]["Name"].startswith("M") for r in found)


async def test_sortby_object_orders_by_several_keys(api: Api) -> None:
    """{"ort": "ASC", "kaufpreis": "DESC"}: city ascending, price descending within a city."""
    result = await api.result(
        read_estates(
            data=["ort", "kaufpreis"],
            listlimit=500,
            sortby={"ort": "ASC", "kaufpreis": "DESC"},
            filter={"vermarktungsart": [{"op": "=", "val": "kauf"}]},
        )
    )
    keys = [
        (r["elements"]["ort"].casefold(), -float(r["elements"]["kaufpreis"]))
        for r in result["data"]["records"]
    ]
    assert len(keys) == 500
    assert keys == sorted(keys)
    assert len({ort for ort, _ in keys}) > 1


async def test_sortby_string_with_sortorder_desc(api: Api) -> None:
    """sortby as a field name plus sortorder DESC."""
    result = await api.result(
        read_estates(data=["warmmiete"], listlimit=200, sortby="warmmiete", sortorder="DESC")
    )
    rents = [float(r["elements"]["warmmiete"]) for r in result["data"]["records"]]
    assert rents == sorted(rents, reverse=True)
    assert rents[0] > rents[-1]


async def test_pages_by_listoffset_add_up_to_cntabsolute(api: Api) -> None:
    """Pages of 37 cover every match exactly once, in the same order as one big page."""
    params = {
        "data": ["Id"],
        "sortby": {"kaltmiete": "ASC"},
        "filter": {"vermarktungsart": [{"op": "=", "val": "miete"}]},
    }
    whole = await api.result(read_estates(**params, listlimit=500))
    total = whole["data"]["meta"]["cntabsolute"]
    assert 37 < total <= 500
    seen: list[int] = []
    for offset in range(0, total, 37):
        page = await api.result(read_estates(**params, listlimit=37, listoffset=offset))
        assert page["data"]["meta"]["cntabsolute"] == total
        assert len(page["data"]["records"]) == min(37, total - offset)
        seen.extend(r["id"] for r in page["data"]["records"])
    assert len(seen) == len(set(seen)) == total
    assert seen == [r["id"] for r in whole["data"]["records"]]


async def test_a_listlimit_above_500_falls_back_to_the_default_of_20(api: Api) -> None:
    """onOffice neither refuses nor caps it: 501 and more read 20 records, as by default."""
    most = await api.result(read_estates(data=["Id"], listlimit=500))
    assert len(most["data"]["records"]) == 500
    for listlimit in (501, 600):
        result = await api.result(read_estates(data=["Id"], listlimit=listlimit))
        assert result["status"]["errorcode"] == 0
        assert result["data"]["meta"]["cntabsolute"] > 500
        assert len(result["data"]["records"]) == 20


async def test_default_listlimit_is_20(api: Api) -> None:
    """Without listlimit a read returns 20 records."""
    result = await api.result(read_estates())
    assert len(result["data"]["records"]) == 20


async def _status_of(api: Api, action: ActionRequest) -> tuple[int, dict[str, Any]]:
    """Send one action; return its errorcode and result (top level checked for 0/97)."""
    answer = await api.send(action)
    (result,) = answer["response"]["results"]
    code = int(result["status"]["errorcode"])
    assert answer["status"] == (OK_STATUS if code == 0 else ACTION_FAILED)
    return code, dict(result)


@pytest.mark.parametrize(
    ("module", "parameters", "code"),
    [
        ("estate", {"data": ["Id", "preis"]}, 143),
        ("address", {"data": ["Name", "name"]}, 75),
        ("estate", {"filter": {"Ort": [{"op": "=", "val": "Köln"}]}}, 141),
        ("estate", {"filter": {"ort": [{"op": "~", "val": "Köln"}]}}, 142),
        ("estate", {"sortby": {"preis": "ASC"}}, 212),
        ("address", {"sortby": "Nachname", "sortorder": "ASC"}, 212),
        ("estate", {"filter": {"kaufpreis": [{"op": "between", "val": 5}]}}, 257),
    ],
)
async def test_read_errors_use_the_documented_codes(
    api: Api, module: str, parameters: dict[str, Any], code: int
) -> None:
    """Unknown data field 143/75, filter field 141, operator 142, sort field 212."""
    got, result = await _status_of(api, ActionRequest(READ, module, parameters=parameters))
    assert got == code
    assert result["data"] == []


async def test_estate_create_read_modify_delete(api: Api) -> None:
    """The full life of an estate; create takes data, the new id is records[0].id."""
    created = await api.result(
        ActionRequest(
            CREATE,
            "estate",
            parameters={
                "data": {
                    "objekttitel": "Friesenhaus am Deich",
                    "objektart": "haus",
                    "vermarktungsart": "kauf",
                    "kaufpreis": 345000,
                    "anzahl_zimmer": "5",
                    "plz": "25992",
                    "ort": "List",
                }
            },
        )
    )
    assert created["cacheable"] is False
    (record,) = created["data"]["records"]
    estate_id = record["id"]
    assert isinstance(estate_id, int)
    fields = ["Id", "objekttitel", "kaufpreis", "anzahl_zimmer", "ort", "status"]
    read = await api.result(
        ActionRequest(READ, "estate", str(estate_id), parameters={"data": fields})
    )
    assert read["data"]["meta"]["cntabsolute"] == 1
    assert read["data"]["records"][0]["elements"] == {
        "Id": str(estate_id),
        "objekttitel": "Friesenhaus am Deich",
        "kaufpreis": "345000.00",
        "anzahl_zimmer": "5.00",
        "ort": "List",
        "status": "1",
    }
    await api.result(
        ActionRequest(
            MODIFY, "estate", estate_id, parameters={"data": {"kaufpreis": 329000, "status": 2}}
        )
    )
    read = await api.result(
        ActionRequest(READ, "estate", estate_id, parameters={"data": ["kaufpreis", "status"]})
    )
    assert read["data"]["records"][0]["elements"] == {"kaufpreis": "329000.00", "status": "2"}
    await api.result(ActionRequest(DELETE, "estate", estate_id))
    code, _ = await _status_of(api, ActionRequest(READ, "estate", estate_id))
    assert code == 293


async def test_address_create_read_modify_delete(api: Api) -> None:
    """Address fields go straight into parameters; email feeds the Email field."""
    created = await api.result(
        ActionRequest(
            CREATE,
            "address",
            parameters={
                "Anrede": "Frau",
                "Vorname": "Erika",
                "Name": "Musterfrau",
                "Ort": "Aachen",
                "Plz": "52068",
                "email": "erika@example.com",
                "checkDuplicate": True,
            },
        )
    )
    address_id = created["data"]["records"][0]["id"]
    fields = ["Vorname", "Name", "Ort", "Email", "Land"]
    read = await api.result(ActionRequest(READ, "address", address_id, parameters={"data": fields}))
    assert read["data"]["records"][0]["elements"] == {
        "id": address_id,
        "Vorname": "Erika",
        "Name": "Musterfrau",
        "Ort": "Aachen",
        "Email": "erika@example.com",
        "Land": "Deutschland",
    }
    await api.result(ActionRequest(MODIFY, "address", str(address_id), parameters={"Ort": "Köln"}))
    read = await api.result(
        ActionRequest(READ, "address", address_id, parameters={"data": ["Ort"]})
    )
    assert read["data"]["records"][0]["elements"]["Ort"] == "Köln"
    await api.result(ActionRequest(DELETE, "address", address_id))
    code, _ = await _status_of(
        api, ActionRequest(MODIFY, "address", address_id, parameters={"Ort": "Bonn"})
    )
    assert code == 292


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (ActionRequest(MODIFY, "estate", "", parameters={"data": {"ort": "Bonn"}}), 79),
        (ActionRequest(MODIFY, "estate", 999999, parameters={"data": {"ort": "Bonn"}}), 293),
        (ActionRequest(MODIFY, "estate", 116, parameters={"data": {"ort2": "Bonn"}}), 143),
        (ActionRequest(MODIFY, "estate", 116, parameters={"data": {"objektart": "schloss"}}), 77),
        (ActionRequest(CREATE, "estate", parameters={}), 167),
        (ActionRequest(CREATE, "address", parameters={"Nachname": "X"}), 75),
        (ActionRequest(DELETE, "address", "abc"), 292),
        (ActionRequest(DELETE, "searchcriteria", 99999), 80),
    ],
)
async def test_write_errors_use_the_documented_codes(
    api: Api, action: ActionRequest, code: int
) -> None:
    """Missing id 79, unknown record 293/292/80, unknown field 143/75, bad select key 77."""
    got, _ = await _status_of(api, action)
    assert got == code


async def test_relation_create_and_ids_from_relation(api: Api) -> None:
    """A buyer relation links estate (parent) and address (child) in both directions."""
    answer = await api.send(
        ActionRequest(CREATE, "estate", parameters={"data": {"objektart": "wohnung"}}),
        ActionRequest(CREATE, "address", parameters={"Name": "Käufer"}),
        ActionRequest(CREATE, "address", parameters={"Name": "Interessentin"}),
    )
    assert answer["status"] == OK_STATUS
    estate, buyer, prospect = (r["data"]["records"][0]["id"] for r in answer["response"]["results"])
    await api.result(
        ActionRequest(
            CREATE,
            "relation",
            parameters={"relationtype": BUYER, "parentid": [estate], "childid": [buyer]},
        )
    )
    await api.result(
        ActionRequest(
            CREATE,
            "relation",
            parameters={
                "relationtype": INTERESTED,
                "parentid": estate,
                "childid": [buyer, prospect],
            },
        )
    )
    by_parent = await api.result(
        ActionRequest(
            GET, "idsfromrelation", parameters={"relationtype": BUYER, "parentids": [estate]}
        )
    )
    assert by_parent["data"]["records"] == [
        {"id": "relatedIds", "type": "", "elements": {str(estate): [buyer]}}
    ]
    by_child = await api.result(
        ActionRequest(
            GET,
            "idsfromrelation",
            parameters={"relationtype": INTERESTED, "childids": [prospect, buyer]},
        )
    )
    elements = by_child["data"]["records"][0]["elements"]
    assert elements == {str(prospect): [estate], str(buyer): [estate]}
    code, _ = await _status_of(
        api,
        ActionRequest(
            CREATE,
            "relation",
            parameters={
                "relationtype": BUYER,
                "parentid": [estate, 116],
                "childid": [buyer, prospect],
            },
        ),
    )
    assert code == 255  # n:n relations are not possible (docs)


async def test_multi_action_request_with_one_failing_action(api: Api) -> None:
    """Results come in request order; the top level says 97 when one action failed."""
    answer = await api.send(
        ActionRequest(READ, "estate", identifier="first", parameters={"listlimit": 2}),
        ActionRequest(READ, "estate", identifier="second", parameters={"data": ["nope"]}),
        ActionRequest(GET, "fields", identifier="third", parameters={"modules": ["estate"]}),
    )
    assert answer["status"] == ACTION_FAILED
    first, second, third = answer["response"]["results"]
    assert [r["identifier"] for r in (first, second, third)] == ["first", "second", "third"]
    assert [r["resourcetype"] for r in (first, second, third)] == ["estate", "estate", "fields"]
    assert first["status"] == third["status"] == {"errorcode": 0, "message": "OK"}
    assert second["status"] == {"errorcode": 143, "message": "Unknown field in estate data: nope"}
    assert second["data"] == []
    assert len(first["data"]["records"]) == 2
    assert third["data"]["records"][0]["id"] == "estate"
    parsed = parse_response(answer)
    assert [r.ok for r in parsed.results] == [True, False, True]
    assert not parsed.status.ok


@pytest.mark.parametrize(
    ("body", "errorcode"),
    [
        (b"", 9),
        (b"   ", 9),
        (b"{not json", 6),
        (b'{"token": NaN}', 6),
        (b'{"token": "\xff\xfe"}', 7),
        (b'{"token": "a\x01b"}', 5),
        (b"[" * 600 + b"]" * 600, 3),
        (b"[]", 13),
        (b'{"request": {"actions": []}}', 13),
        (b'{"token": ""}', 13),
        (b'{"token": "t"}', 14),
        (b'{"token": "t", "request": []}', 14),
        (b'{"token": "t", "request": {}}', 15),
        (b'{"token": "t", "request": {"actions": []}}', 15),
    ],
)
async def test_malformed_bodies_get_the_documented_top_level_codes(
    api: Api, body: bytes, errorcode: int
) -> None:
    """JSON errors 3-9 and envelope errors 13-15 fail the whole request with code 500."""
    answer = await api.raw(body)
    assert set(answer) == {"status"}
    assert answer["status"]["code"] == 500
    assert answer["status"]["errorcode"] == errorcode
    assert answer["status"]["message"]


def _signed_action(api: Api, **changes: Any) -> dict[str, Any]:
    """A correctly signed read-estate wire action with ``changes`` applied (None removes)."""
    action: dict[str, Any] = api.envelope(read_estates(listlimit=1))["request"]["actions"][0]
    for key, value in changes.items():
        if value is None:
            action.pop(key)
        else:
            action[key] = value
    return action


@pytest.mark.parametrize(
    ("changes", "errorcode"),
    [
        ({"actionid": None}, 16),
        ({"actionid": 5}, 16),
        ({"actionid": ""}, 17),
        ({"resourceid": None}, 18),
        ({"resourceid": ["1"]}, 18),
        ({"resourcetype": None}, 19),
        ({"parameters": None}, 20),
        ({"parameters": "listlimit=1"}, 20),
        ({"parameters": {"": 1}}, 21),
        ({"timestamp": None}, 136),
        ({"hmac": None}, 137),
    ],
)
async def test_bad_action_elements_fail_that_action(
    api: Api, changes: dict[str, Any], errorcode: int
) -> None:
    """Missing or invalid action attributes fail the action (top level 97), others still run."""
    body = {
        "token": api.server.token,
        "request": {"actions": [_signed_action(api, **changes), _signed_action(api)]},
    }
    answer = await api.raw(json.dumps(body).encode())
    assert answer["status"] == ACTION_FAILED
    assert [action_status(answer, 0), action_status(answer, 1)] == [errorcode, 0]


async def test_non_object_action_gets_247(api: Api) -> None:
    """An entry of actions that is not an object is answered in its position."""
    body = {"token": api.server.token, "request": {"actions": ["read", _signed_action(api)]}}
    answer = await api.raw(json.dumps(body).encode())
    assert [action_status(answer, 0), action_status(answer, 1)] == [247, 0]


async def test_unknown_actionid_gets_23_and_unknown_resourcetype_25(api: Api) -> None:
    """Correctly signed but unknown verb URN: 23; unknown verb x resourcetype: 25."""
    now, token, secret = int(time.time()), api.server.token, api.server.secret
    bogus = "urn:onoffice-de-ns:smart:2.5:smartml:action:explode"
    unknown_verb = _signed_action(
        api,
        actionid=bogus,
        hmac=hmac_v2(
            secret=secret, token=token, timestamp=now, resourcetype="estate", actionid=bogus
        ),
        timestamp=now,
    )
    unknown_type = _signed_action(
        api,
        resourcetype="estates",
        hmac=hmac_v2(
            secret=secret,
            token=token,
            timestamp=now,
            resourcetype="estates",
            actionid=Verb.READ.action_id,
        ),
        timestamp=now,
    )
    body = {"token": token, "request": {"actions": [unknown_verb, unknown_type]}}
    answer = await api.raw(json.dumps(body).encode())
    first, second = answer["response"]["results"]
    assert first["status"] == {
        "errorcode": 23,
        "message": f'Missing configuration for actionId "{bogus}"',
    }
    assert second["status"] == {
        "errorcode": 25,
        "message": 'Missing configuration for resourceType "estates"',
    }


async def test_get_fields_describes_exactly_the_fields_records_have(api: Api) -> None:
    """Every described field can be read, select values are permitted keys, labels follow
    the language."""
    fields = await api.result(
        ActionRequest(
            GET,
            "fields",
            parameters={
                "modules": ["estate", "address", "searchcriteria"],
                "labels": True,
                "language": "ENG",
            },
        )
    )
    by_module = {r["id"]: r["elements"] for r in fields["data"]["records"]}
    assert set(by_module) == {"estate", "address", "searchcriteria"}
    estate = by_module["estate"]
    assert estate["label"] == "Estates"
    assert estate["kaufpreis"]["type"] == "float"
    assert estate["kaufpreis"]["label"] == "Purchase price"
    names = [name for name in estate if name != "label"]
    records = (await api.result(read_estates(data=names, listlimit=100)))["data"]["records"]
    for record in records:
        assert list(record["elements"]) == names
        for name in names:
            permitted = estate[name]["permittedvalues"]
            if estate[name]["type"] == "singleselect":  # "" is a field never set
                assert record["elements"][name] in [*permitted, ""]
    german = await api.result(
        ActionRequest(
            GET,
            "fields",
            parameters={
                "modules": ["estate"],
                "labels": True,
                "language": "DEU",
                "fieldList": ["kaufpreis"],
            },
        )
    )
    (record,) = german["data"]["records"]
    assert record["elements"] == {
        "label": "Immobilien",
        "kaufpreis": {
            "type": "float",
            "length": None,
            "permittedvalues": None,
            "default": None,
            "filters": [],
            "dependencies": [],
            "compoundFields": [],
            "label": "Kaufpreis",
            "tablename": "Preise",
            "content": "Preise",
        },
    }


async def test_get_search_matches_free_text(api: Api) -> None:
    """get search over estates and addresses: every word of input occurs in the record."""
    estates = await api.result(
        ActionRequest(GET, "search", "estate", parameters={"input": "aachen", "listlimit": 500})
    )
    records = estates["data"]["records"]
    assert 0 < len(records) == estates["data"]["meta"]["cntabsolute"]
    assert all(r["elements"]["ort"] == "Aachen" for r in records)
    addresses = await api.result(
        ActionRequest(GET, "search", "address", parameters={"input": "Müller Berlin"})
    )
    found = addresses["data"]["records"]
    assert found
    assert all(r["elements"]["Ort"] == "Berlin" for r in found)
    assert all("müller" in r["elements"]["Name"].casefold() for r in found)
    code, _ = await _status_of(
        api, ActionRequest(GET, "search", "tasks", parameters={"input": "x"})
    )
    assert code == 24


async def test_searchcriteria_create_modify_get_delete(api: Api) -> None:
    """A search profile belongs to an address and is found through get searchcriterias."""
    owner = await api.result(ActionRequest(CREATE, "address", parameters={"Name": "Sucher"}))
    owner_id = owner["data"]["records"][0]["id"]
    created = await api.result(
        ActionRequest(
            CREATE,
            "searchcriteria",
            parameters={
                "addressid": owner_id,
                "data": {
                    "objektart": "haus",
                    "vermarktungsart": "kauf",
                    "range_plz": "52068",
                    "kaufpreis__bis": "400000",
                },
            },
        )
    )
    sc_id = created["data"]["records"][0]["id"]
    await api.result(
        ActionRequest(
            MODIFY, "searchcriteria", sc_id, parameters={"data": {"kaufpreis__bis": 450000}}
        )
    )
    listed = await api.result(
        ActionRequest(GET, "searchcriterias", parameters={"mode": "internal", "ids": [owner_id]})
    )
    (record,) = listed["data"]["records"]
    assert record["id"] == sc_id
    assert record["elements"]["kaufpreis__bis"] == "450000.00"
    assert record["elements"]["objektart"] == "haus"
    await api.result(ActionRequest(DELETE, "searchcriteria", sc_id))
    listed = await api.result(
        ActionRequest(GET, "searchcriterias", parameters={"mode": "searchcriteria", "ids": [sc_id]})
    )
    assert listed["data"]["records"] == []


async def test_basic_settings_and_imprint(api: Api) -> None:
    """read basicsettings returns the asked keys; read impressum the asked fields."""
    settings = await api.result(
        ActionRequest(
            READ,
            "basicsettings",
            parameters={"data": {"basicData": {"characteristicsCi": ["color", "claim"]}}},
        )
    )
    (record,) = settings["data"]["records"]
    assert record["type"] is None
    assert set(record["elements"]["basicData"]["characteristicsCi"]) == {"color", "claim"}
    imprint = await api.result(
        ActionRequest(READ, "impressum", parameters={"data": ["firma", "city"]})
    )
    (record,) = imprint["data"]["records"]
    assert record["id"] == "impressum"
    assert set(record["elements"]) == {"firma", "city"}
    assert imprint["data"]["meta"]["cntabsolute"] is None
