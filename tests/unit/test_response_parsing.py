"""Parsing onOffice answers: the documented shapes, their variants and outright garbage."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from playground.onoffice.actions import ACTION_ID_PREFIX, Verb
from playground.onoffice.response import (
    NOT_ONOFFICE_ERRORCODE,
    UNREADABLE_STATUS_ERRORCODE,
    ActionResult,
    Record,
    Status,
    cell_text,
    parse_response,
    records_as_rows,
)

OK_STATUS = {"code": 200, "errorcode": 0, "message": "OK"}

# The official docs' read-address example (apidoc.onoffice.de/actions/datensatz-lesen/adressen/).
READ_ADDRESS = """
{"status":{"code":200,"errorcode":0,"message":"OK"},
 "response":{"results":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:read",
   "resourceid":"","resourcetype":"address","cacheable":true,"identifier":"",
   "data":{"meta":{"cntabsolute":2},"records":[{"id":10505,"type":"address",
     "elements":{"id":10505,"Briefanrede":"Sehr geehrter Herr Mustermann,","Vorname":"Max",
                 "Name":"Mustermann","Land":"Deutschland","Ort":"Musterstadt","Plz":"123456",
                 "Strasse":"Musterrstra\\u00dfe"}}]},
   "status":{"errorcode":0,"message":"OK"}}]}}
"""

# The laravel adapter's invalid-HMAC stub: the top level stays 200/0.
INVALID_HMAC = """
{"status":{"code":200,"errorcode":0,"message":"OK"},
 "response":{"results":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:get",
   "resourceid":"","resourcetype":"actionkindtypes","cacheable":false,"identifier":"",
   "data":[],"status":{"errorcode":137,"message":"The HMAC is invalid"}}]}}
"""

# The n8n node's fixture with both levels set.
RELATION_ERROR = """
{"status":{"code":500,"errorcode":132,"message":"No or unknown relation given"},
 "response":{"results":[{"actionid":"urn:onoffice-de-ns:smart:2.5:smartml:action:get",
   "resourceid":"","resourcetype":"idsfromrelation","cacheable":false,"identifier":"",
   "data":[],"status":{"errorcode":132,"message":"No or unknown relation given"}}]}}
"""


def _result(**overrides: Any) -> dict[str, Any]:
    """One well-formed result object, with some keys replaced."""
    base: dict[str, Any] = {
        "actionid": ACTION_ID_PREFIX + "read",
        "resourceid": "",
        "resourcetype": "estate",
        "identifier": "",
        "cacheable": True,
        "data": {"meta": {"cntabsolute": 0}, "records": []},
        "status": {"errorcode": 0, "message": "OK"},
    }
    base.update(overrides)
    return base


def _answer(*results: object) -> dict[str, Any]:
    """A top-level OK answer around the given results."""
    return {"status": OK_STATUS, "response": {"results": list(results)}}


def _with_records(*records: dict[str, Any]) -> ActionResult:
    """Parse a single OK result holding the given records."""
    raw = _result(data={"meta": {"cntabsolute": len(records)}, "records": list(records)})
    [result] = parse_response(_answer(raw)).results
    return result


def test_read_address_example_from_the_docs() -> None:
    parsed = parse_response(json.loads(READ_ADDRESS))

    assert parsed.status == Status(200, 0, "OK")
    assert parsed.ok
    assert len(parsed.results) == 1
    result = parsed.results[0]
    assert result.index == 0
    assert result.verb is Verb.READ
    assert (result.resourcetype, result.resourceid, result.identifier) == ("address", "", "")
    assert result.cacheable is True
    assert result.status == Status(None, 0, "OK")
    assert result.cntabsolute == 2
    assert len(result.records) == 1
    record = result.records[0]
    assert (record.id, record.type) == (10505, "address")
    assert isinstance(record.elements, dict)
    assert record.elements["Strasse"] == "Musterrstraße"
    columns = result.columns(["Name", "Vorname"])
    assert columns[:3] == ["Name", "Vorname", "id"]
    assert records_as_rows(result, ["id", "Vorname", "Strasse"]) == [
        ["10505", "Max", "Musterrstraße"]
    ]


def test_error_only_in_the_action() -> None:
    parsed = parse_response(json.loads(INVALID_HMAC))

    assert parsed.status.ok
    assert not parsed.ok
    result = parsed.results[0]
    assert not result.ok
    assert result.status == Status(None, 137, "The HMAC is invalid")
    assert result.verb is Verb.GET
    assert result.cacheable is False
    assert result.cntabsolute is None
    assert result.records == ()


def test_error_only_at_the_top_level_without_response_key() -> None:
    parsed = parse_response(
        {"status": {"code": 500, "errorcode": 41, "message": "Customer unknown!"}}
    )

    assert parsed.status == Status(500, 41, "Customer unknown!")
    assert not parsed.ok
    assert parsed.results == ()


def test_error_at_both_levels() -> None:
    parsed = parse_response(json.loads(RELATION_ERROR))

    assert parsed.status == Status(500, 132, "No or unknown relation given")
    assert not parsed.status.ok
    assert parsed.results[0].status.errorcode == 132
    assert parsed.results[0].records == ()


def test_top_level_http_like_code_alone_decides_ok() -> None:
    assert not parse_response({"status": {"code": 400, "errorcode": 0, "message": ""}}).ok
    assert parse_response({"status": {"code": 299, "errorcode": 0, "message": ""}}).ok
    assert not parse_response({"status": {"code": 200, "errorcode": 97, "message": ""}}).ok


def test_elements_as_a_list_give_one_row_per_dict_item() -> None:
    pictures = [
        {"id": 1, "url": "https://img/1.jpg", "title": "Front"},
        {"id": 2, "url": "https://img/2.jpg", "type": "Foto"},
        "not a row",
    ]
    result = _with_records({"id": 77, "type": "estate", "elements": pictures})

    assert result.records[0].elements == pictures
    assert result.columns() == ["id", "url", "title", "type"]
    assert records_as_rows(result, result.columns()) == [
        ["1", "https://img/1.jpg", "Front", ""],
        ["2", "https://img/2.jpg", "", "Foto"],
    ]


def test_empty_list_elements_give_no_rows() -> None:
    result = _with_records({"id": 4711, "type": "address", "elements": []})

    assert result.records == (Record(4711, "address", []),)
    assert result.columns() == []
    assert records_as_rows(result, ["Name"]) == []


@pytest.mark.parametrize(
    "record_id", [10505, "address", "relatedIds", "impressum", 0, "15"], ids=repr
)
def test_record_ids_keep_their_type(record_id: int | str) -> None:
    result = _with_records({"id": record_id, "type": None, "elements": {"a": 1}})

    assert result.records[0].id == record_id
    assert type(result.records[0].id) is type(record_id)
    assert result.records[0].type is None


def test_odd_record_fields_become_safe_defaults() -> None:
    result = _with_records(
        {"id": True, "type": 5, "elements": "text"},
        {"id": 1.5},
    )

    assert result.records == (Record(None, None, {}), Record(None, None, {}))


@pytest.mark.parametrize("data", [[], None, "x", {"meta": None, "records": None}, {}])
def test_data_without_records(data: object) -> None:
    result = parse_response(_answer(_result(data=data))).results[0]

    assert result.records == ()
    assert result.cntabsolute is None
    assert result.ok


@pytest.mark.parametrize(("raw", "expected"), [(None, None), ("12", 12), (3.0, 3), ("x", None)])
def test_cntabsolute_coercion(raw: object, expected: int | None) -> None:
    data = {"meta": {"cntabsolute": raw}, "records": []}

    assert parse_response(_answer(_result(data=data))).results[0].cntabsolute == expected


def test_numeric_strings_in_status_are_coerced() -> None:
    parsed = parse_response(
        {"status": {"code": "200", "errorcode": " 0 ", "message": "OK"}, "response": {}}
    )

    assert parsed.status == Status(200, 0, "OK")
    assert parsed.ok


@pytest.mark.parametrize(
    "status",
    [
        {"code": 200, "errorcode": "zero", "message": "OK"},
        {"code": 200, "errorcode": True, "message": "OK"},
        {"code": 200, "errorcode": "1_0", "message": "OK"},
    ],
)
def test_unreadable_errorcode_is_not_success(status: dict[str, Any]) -> None:
    parsed = parse_response({"status": status})

    assert parsed.status.errorcode == UNREADABLE_STATUS_ERRORCODE
    assert not parsed.ok


@pytest.mark.parametrize(
    "payload",
    [
        None,
        5,
        "x",
        [],
        [{"status": OK_STATUS}],
        {},
        {"status": "bad"},
        {"status": None, "response": {"results": []}},
        {"status": {"message": "no codes"}},
        {"status": {"code": None, "errorcode": [], "message": {}}},
    ],
    ids=repr,
)
def test_not_an_onoffice_answer_never_raises(payload: object) -> None:
    parsed = parse_response(payload)

    assert parsed.status.code is None
    assert parsed.status.errorcode == NOT_ONOFFICE_ERRORCODE
    assert "not an onOffice response" in parsed.status.message
    assert not parsed.ok


@pytest.mark.parametrize(
    "response",
    [None, [], "x", {"results": None}, {"results": {"0": {}}}, {"results": "x"}],
    ids=repr,
)
def test_unusable_response_key_gives_no_results(response: object) -> None:
    parsed = parse_response({"status": OK_STATUS, "response": response})

    assert parsed.status.ok
    assert parsed.results == ()


def test_wrong_types_everywhere_never_raise() -> None:
    garbage: list[object] = [None, 1, "s", [], {}, True, 2.5, [[{}]], {"x": {"y": []}}]
    for value in garbage:
        raw = {key: value for key in ("actionid", "resourceid", "resourcetype", "identifier")}
        raw |= {"cacheable": value, "data": value, "status": value}
        result = parse_response(_answer(raw, value)).results[0]
        assert result.status.errorcode == UNREADABLE_STATUS_ERRORCODE
        assert isinstance(result.actionid, str)
        assert result.verb is None
        assert isinstance(result.columns(["a"]), list)
        assert isinstance(records_as_rows(result, ["a"]), list)


def _mutate(value: Any, rng: random.Random) -> Any:
    """Replace one random subtree of a JSON value with a random odd value."""
    odd: list[Any] = [None, 0, -1, "", "200", "x", 1.5, True, [], {}, [None], {"k": []}]
    if isinstance(value, dict) and value and rng.random() < 0.8:
        key = rng.choice(list(value))
        return {**value, key: _mutate(value[key], rng)}
    if isinstance(value, list) and value and rng.random() < 0.8:
        index = rng.randrange(len(value))
        return [*value[:index], _mutate(value[index], rng), *value[index + 1 :]]
    return rng.choice(odd)


def test_randomly_damaged_answers_never_raise() -> None:
    rng = random.Random(20240229)
    original = json.loads(READ_ADDRESS)
    for _ in range(2000):
        damaged = _mutate(_mutate(original, rng), rng)
        parsed = parse_response(damaged)
        for result in parsed.results:
            records_as_rows(result, result.columns(["Name"]))
        assert isinstance(parsed.ok, bool)


def test_results_are_matched_by_position_not_identifier() -> None:
    parsed = parse_response(
        _answer(
            _result(identifier="second", resourcetype="estate"),
            "not an object",
            _result(identifier="first", resourcetype="address", status={"errorcode": 75}),
        )
    )

    assert [r.index for r in parsed.results] == [0, 1, 2]
    first, placeholder, third = parsed.results
    assert (first.identifier, first.ok) == ("second", True)
    assert placeholder.status.errorcode == UNREADABLE_STATUS_ERRORCODE
    assert (third.resourcetype, third.ok) == ("address", False)
    assert not parsed.ok


def test_status_inside_data_is_a_fallback() -> None:
    raw = _result(data={"status": {"errorcode": 0, "message": "OK"}, "records": []})
    del raw["status"]

    assert parse_response(_answer(raw)).results[0].status == Status(None, 0, "OK")


def test_data_as_a_bare_record_list() -> None:
    raw = _result(data=[{"id": 3, "type": "estate", "elements": {"Id": "3"}}])

    assert parse_response(_answer(raw)).results[0].records == (Record(3, "estate", {"Id": "3"}),)


def test_identifier_and_resourceid_types() -> None:
    result = parse_response(_answer(_result(identifier=None, resourceid=12))).results[0]

    assert result.identifier is None
    assert result.resourceid == 12


def test_columns_order_requested_first_then_first_seen() -> None:
    result = _with_records(
        {"id": 1, "type": "estate", "elements": {"kaufpreis": "1", "Id": "1", "ort": "A"}},
        {"id": 2, "type": "estate", "elements": {"zimmer": "3", "Id": "2", "kaufpreis": "2"}},
    )

    assert result.columns() == ["kaufpreis", "Id", "ort", "zimmer"]
    assert result.columns(["ort", "Id", "missing", "ort"]) == [
        "ort",
        "Id",
        "missing",
        "kaufpreis",
        "zimmer",
    ]


def test_rows_render_values_for_display() -> None:
    result = _with_records(
        {
            "id": 1,
            "type": "estate",
            "elements": {
                "none": None,
                "flag": False,
                "num": 3.5,
                "multi": ["a", "b"],
                "obj": {"k": "ü"},
            },
        }
    )

    assert records_as_rows(result, ["none", "flag", "num", "multi", "obj", "absent"]) == [
        ["", "false", "3.5", '["a","b"]', '{"k":"ü"}', ""]
    ]


def test_cell_text_of_unusual_objects() -> None:
    assert cell_text(b"x") == "b'x'"
    assert cell_text(float("nan")) == "NaN"
