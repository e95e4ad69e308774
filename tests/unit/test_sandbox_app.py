"""The sandbox app in-process: fixed clock, instance isolation, mounting, robustness, seed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.types import ASGIApp

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN, create_sandbox_app, server
from playground.sandbox import app as app_module
from playground.sandbox.fields import FIELDS
from playground.sandbox.handlers import HANDLERS
from playground.sandbox.places import FOREIGN_CITIES, GERMAN_CITIES
from playground.sandbox.seed import ID_KEY, generate

NOW = 1_700_000_000  # 2023-11-14 22:13:20 UTC
URL = "http://sandbox/api/stable/api.php"


def fixed_clock() -> float:
    """The sandbox's clock in these tests."""
    return float(NOW)


def make_app(clock: Callable[[], float] = fixed_clock) -> ASGIApp:
    """A sandbox with the demo credentials and a fixed clock."""
    return create_sandbox_app(token=DEMO_TOKEN, secret=DEMO_SECRET, clock=clock)


async def post(app: ASGIApp, body: bytes, url: str = URL) -> httpx.Response:
    """POST a raw body to the app in-process."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport) as client:
        return await client.post(url, content=body)


def signed(*actions: ActionRequest, timestamp: int = NOW) -> bytes:
    """A v2-signed body with the demo credentials."""
    envelope = build_envelope(actions, token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=timestamp)
    return encode_body(envelope)


async def send(app: ASGIApp, *actions: ActionRequest, timestamp: int = NOW) -> dict[str, Any]:
    """Send signed actions and decode the answer."""
    response = await post(app, signed(*actions, timestamp=timestamp))
    assert response.status_code == 200
    answer: dict[str, Any] = response.json()
    return answer


def codes(answer: dict[str, Any]) -> list[int]:
    """The errorcode of every result."""
    return [r["status"]["errorcode"] for r in answer["response"]["results"]]


READ_ONE = ActionRequest(Verb.READ, "estate", parameters={"data": ["Id"], "listlimit": 1})


@pytest.mark.anyio
@pytest.mark.parametrize(("offset", "code"), [(-120, 0), (120, 0), (-121, 136), (121, 136)])
async def test_timestamp_window_is_120_seconds_either_way(offset: int, code: int) -> None:
    """Exactly 120 s off is accepted; one second more is error 136."""
    answer = await send(make_app(), READ_ONE, timestamp=NOW + offset)
    assert codes(answer) == [code]


@pytest.mark.anyio
async def test_instances_do_not_share_data() -> None:
    """A record created in one app does not exist in another built from the same seed."""
    first, second = make_app(), make_app()
    create = ActionRequest(Verb.CREATE, "estate", parameters={"data": {"ort": "Bonn"}})
    created = await send(first, create)
    new_id = created["response"]["results"][0]["data"]["records"][0]["id"]
    assert codes(await send(first, ActionRequest(Verb.READ, "estate", new_id))) == [0]
    assert codes(await send(second, ActionRequest(Verb.READ, "estate", new_id))) == [293]


@pytest.mark.anyio
async def test_created_records_are_stamped_with_the_clock_in_german_time() -> None:
    """geaendert_am of a new estate is the sandbox clock's time in Europe/Berlin."""
    app = make_app()
    created = await send(app, ActionRequest(Verb.CREATE, "estate", parameters={"data": {}}))
    new_id = created["response"]["results"][0]["data"]["records"][0]["id"]
    read = await send(
        app, ActionRequest(Verb.READ, "estate", new_id, parameters={"data": ["geaendert_am"]})
    )
    elements = read["response"]["results"][0]["data"]["records"][0]["elements"]
    assert elements == {"geaendert_am": "2023-11-14 23:13:20"}


@pytest.mark.anyio
async def test_concurrent_creates_get_distinct_ids() -> None:
    """Fifty creates in flight at once give fifty different records."""
    app = make_app()
    action = ActionRequest(Verb.CREATE, "address", parameters={"Name": "Parallel"})
    answers = await asyncio.gather(*(send(app, action) for _ in range(50)))
    new_ids = {a["response"]["results"][0]["data"]["records"][0]["id"] for a in answers}
    assert len(new_ids) == 50
    count = await send(
        app,
        ActionRequest(
            Verb.READ, "address", parameters={"filter": {"Name": [{"op": "=", "val": "Parallel"}]}}
        ),
    )
    assert count["response"]["results"][0]["data"]["meta"]["cntabsolute"] == 50


@pytest.mark.anyio
async def test_mounted_under_a_prefix() -> None:
    """The playground mounts the sandbox under /sandbox; both API paths work there."""
    outer = Starlette(routes=[Mount("/sandbox", app=make_app())])
    for version in ("stable", "latest"):
        response = await post(outer, signed(READ_ONE), f"http://pg/sandbox/api/{version}/api.php")
        assert response.json()["status"]["errorcode"] == 0


@pytest.mark.anyio
async def test_a_crashing_handler_becomes_errorcode_1(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception is a well-formed error result, not a 500 with a traceback."""

    def boom(*_: object) -> None:
        raise RuntimeError("bug")

    monkeypatch.setitem(HANDLERS, (Verb.READ, "estate"), boom)
    answer = await send(make_app(), READ_ONE, ActionRequest(Verb.GET, "fields"))
    assert answer["status"] == {"code": 200, "errorcode": 97, "message": "Error in action"}
    first = answer["response"]["results"][0]
    assert first["status"] == {"errorcode": 1, "message": "Unknown error occurred"}
    assert first["data"] == []
    assert codes(answer)[1] == 0


@pytest.mark.anyio
async def test_oversized_body_gets_413(monkeypatch: pytest.MonkeyPatch) -> None:
    """A body over the cap is refused without being parsed."""
    monkeypatch.setattr(app_module, "MAX_BODY_BYTES", 64)
    response = await post(make_app(), b"{" + b" " * 100 + b"}")
    assert response.status_code == 413
    assert response.json()["status"]["code"] == 500


@pytest.mark.anyio
async def test_empty_parameters_may_be_a_php_empty_array() -> None:
    """PHP encodes empty parameters as []; the sandbox treats that as {}."""
    envelope = build_envelope(
        [ActionRequest(Verb.READ, "estate")], token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=NOW
    )
    envelope["request"]["actions"][0]["parameters"] = []
    answer = (await post(make_app(), json.dumps(envelope).encode())).json()
    assert codes(answer) == [0]


@pytest.mark.anyio
async def test_answers_are_php_style_json() -> None:
    """Non-ASCII as \\u escapes and '/' as '\\/', as PHP's json_encode writes them."""
    action = ActionRequest(
        Verb.READ,
        "estate",
        identifier="a/b",
        parameters={"data": ["ort"], "filter": {"ort": [{"op": "=", "val": "Köln"}]}},
    )
    body = (await post(make_app(), signed(action))).content
    assert b'"identifier":"a\\/b"' in body
    assert b"K\\u00f6ln" in body
    assert body.isascii()


def test_same_seed_same_data_other_seed_other_data() -> None:
    """Generation is deterministic per seed."""
    assert generate(7) == generate(7)
    assert generate(7).modules != generate(8).modules


def test_seed_sizes_and_field_sets() -> None:
    """At least 1,000 estates and 2,000 addresses; every record has exactly its module's fields."""
    data = generate(7)
    assert len(data.modules["estate"]) >= 1000
    assert len(data.modules["address"]) >= 2000
    for module, records in data.modules.items():
        for record_id, record in records.items():
            assert record[ID_KEY] == record_id
            assert set(record) == set(FIELDS[module]) | {ID_KEY}


def test_seed_values_are_consistent() -> None:
    """Select values are permitted keys, postcodes fit the city, prices fit the method."""
    data = generate(7)
    cities = {city.name: city for city in (*GERMAN_CITIES, *FOREIGN_CITIES)}
    for module, records in data.modules.items():
        selects = [f for f in FIELDS[module].values() if f.type == "singleselect"]
        for record in records.values():
            for fdef in selects:  # "" is a field never set, e.g. the condition of a plot
                value = record[fdef.name]
                assert value == "" or value in fdef.permitted, (module, fdef.name)
    for estate in data.modules["estate"].values():
        city = cities[str(estate["ort"])]
        assert city.plz_lo <= int(str(estate["plz"])) <= city.plz_hi
        if estate["vermarktungsart"] == "kauf":
            assert float(estate["kaufpreis"]) > 0
            assert float(estate["kaltmiete"]) == 0
        else:
            assert 0 < float(estate["kaltmiete"]) < float(estate["warmmiete"])
    for address in data.modules["address"].values():
        city = cities[str(address["Ort"])]
        assert city.plz_lo <= int(str(address["Plz"])) <= city.plz_hi
        assert str(address["Email"]).isascii()


def test_standalone_credentials_come_from_arguments_then_environment_then_demo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """run() uses explicit credentials, else PLAYGROUND_SANDBOX_*, else the demo ones."""
    monkeypatch.delenv(server.TOKEN_ENV, raising=False)
    monkeypatch.delenv(server.SECRET_ENV, raising=False)
    assert server.resolve_credentials(None, None) == (DEMO_TOKEN, DEMO_SECRET)
    assert len(DEMO_TOKEN) == 32
    assert len(DEMO_SECRET) == 64
    monkeypatch.setenv(server.TOKEN_ENV, "t" * 32)
    monkeypatch.setenv(server.SECRET_ENV, "s" * 64)
    assert server.resolve_credentials(None, None) == ("t" * 32, "s" * 64)
    assert server.resolve_credentials("a", "b") == ("a", "b")
    assert server.base_url("::1", 8080) == "http://[::1]:8080"


@pytest.mark.anyio
async def test_an_upload_attaches_to_the_modules_the_docs_name_and_is_single_use() -> None:
    """Blocks collect under one tmpUploadId; the final call attaches the file to an estate,
    address, agents log entry or task, and the id cannot be used twice."""
    app = make_app()
    upload = Verb.DO, "uploadfile"
    block = ActionRequest(*upload, parameters={"data": "aGVsbG8="})  # "hello"
    first = (await send(app, block))["response"]["results"][0]["data"]["records"][0]["elements"]
    more = ActionRequest(*upload, parameters={"data": "IQ==", "tmpUploadId": first["tmpUploadId"]})
    await send(app, more)
    attach = {"tmpUploadId": first["tmpUploadId"], "module": "agentslog", "relatedRecordId": 1}
    done = await send(app, ActionRequest(*upload, parameters=attach))
    assert codes(done) == [0]
    assert done["response"]["results"][0]["data"]["records"][0]["elements"]["filesize"] == 6
    again = await send(app, ActionRequest(*upload, parameters=attach))
    assert codes(again) == [255]  # single-use
    nowhere = {"tmpUploadId": "x", "module": "calendar", "relatedRecordId": 1}
    await send(app, ActionRequest(*upload, parameters={"data": "YQ==", "tmpUploadId": "x"}))
    assert codes(await send(app, ActionRequest(*upload, parameters=nowhere))) == [255]


@pytest.mark.anyio
@pytest.mark.parametrize("number", [10**400, "1e999", "-inf", "nan"])
async def test_a_number_no_float_holds_is_refused_with_a_reason(number: object) -> None:
    # A 400-digit integer was error 1 ("unknown error") in a write and in a filter; "nan"
    # and "inf" were stored, shown as prices, and kept every sort of the field from order.
    app = make_app()
    write = ActionRequest(
        Verb.MODIFY, "estate", resourceid="1", parameters={"data": {"kaufpreis": number}}
    )
    price = ActionRequest(Verb.READ, "estate", resourceid="1", parameters={"data": ["kaufpreis"]})
    before = await send(app, price)
    assert codes(await send(app, write)) == [255]
    assert await send(app, price) == before
    search = {"kaufpreis": [{"op": "<", "val": number}]}
    answer = await send(app, ActionRequest(Verb.READ, "estate", parameters={"filter": search}))
    [result] = answer["response"]["results"]
    assert result["status"]["errorcode"] == 257
    assert "is not a number for kaufpreis" in result["status"]["message"]
