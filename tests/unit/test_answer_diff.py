"""Comparing two answers: records matched by id, fields old and new, action by action."""

from __future__ import annotations

import json
from typing import Any

from playground.onoffice.actions import ACTION_ID_PREFIX
from playground.onoffice.diff import MISSING, FieldChange, diff_answers, raw_diff, shown

OK = {"code": 200, "errorcode": 0, "message": "OK"}


def _result(
    records: list[dict[str, Any]],
    *,
    resourcetype: str = "estate",
    verb: str = "read",
    cnt: int | None = None,
    errorcode: int = 0,
    message: str = "OK",
) -> dict[str, Any]:
    """One action's result with its records (elements given; id and type filled in)."""
    return {
        "actionid": ACTION_ID_PREFIX + verb,
        "resourceid": "",
        "resourcetype": resourcetype,
        "identifier": "",
        "data": {
            "meta": {"cntabsolute": len(records) if cnt is None else cnt},
            "records": [
                {"id": r.get("Id", r.get("id")), "type": resourcetype, "elements": r}
                for r in records
            ],
        },
        "status": {"errorcode": errorcode, "message": message},
    }


def _answer(*results: dict[str, Any]) -> dict[str, Any]:
    """A whole answer around the results."""
    return {"status": OK, "response": {"results": list(results)}}


def test_a_record_with_the_same_id_shows_only_its_changed_fields() -> None:
    a = _answer(_result([{"Id": 1, "ort": "Aachen", "kaufpreis": 1}, {"Id": 2, "ort": "Bonn"}]))
    b = _answer(_result([{"Id": 1, "ort": "Köln", "kaufpreis": 1}, {"Id": 2, "ort": "Bonn"}]))
    [action] = diff_answers(a, b).actions
    [record] = action.changed
    assert record.key == "1"
    assert record.changes == (FieldChange("ort", "Aachen", "Köln"),)
    assert (action.added, action.removed, action.unchanged, action.reordered) == ((), (), 1, False)
    assert not action.same and not diff_answers(a, b).same


def test_identical_answers_are_the_same() -> None:
    a = _answer(_result([{"Id": 1, "ort": "Aachen"}]))
    diff = diff_answers(a, json.loads(json.dumps(a)))
    assert diff.same
    assert diff.actions[0].unchanged == 1


def test_added_and_removed_records_are_told_apart_from_changed_ones() -> None:
    a = _answer(_result([{"Id": 1, "ort": "A"}, {"Id": 2, "ort": "B"}]))
    b = _answer(_result([{"Id": 2, "ort": "B"}, {"Id": 3, "ort": "C"}]))
    [action] = diff_answers(a, b).actions
    assert [r.id for r in action.added] == [3]
    assert [r.id for r in action.removed] == [1]
    assert action.changed == () and action.unchanged == 1


def test_the_same_records_in_another_order_are_reordered_not_changed() -> None:
    a = _answer(_result([{"Id": 1, "ort": "A"}, {"Id": 2, "ort": "B"}]))
    b = _answer(_result([{"Id": 2, "ort": "B"}, {"Id": 1, "ort": "A"}]))
    [action] = diff_answers(a, b).actions
    assert action.reordered
    assert (action.added, action.removed, action.changed, action.unchanged) == ((), (), (), 2)


def test_nested_values_are_reported_at_their_path() -> None:
    a = _answer(_result([{"Id": 5, "lage": {"ort": "A", "plz": "1"}, "bilder": ["x", "y"]}]))
    b = _answer(_result([{"Id": 5, "lage": {"ort": "A", "plz": "2"}, "bilder": ["x", "z"]}]))
    [record] = diff_answers(a, b).actions[0].changed
    assert record.changes == (
        FieldChange("lage.plz", "1", "2"),
        FieldChange("bilder[1]", "y", "z"),
    )


def test_a_field_only_one_side_has_is_missing_on_the_other() -> None:
    a = _answer(_result([{"Id": 5, "ort": "A", "alt": 1}]))
    b = _answer(_result([{"Id": 5, "ort": "A", "neu": [1, 2]}]))
    [record] = diff_answers(a, b).actions[0].changed
    assert record.changes == (FieldChange("alt", 1, MISSING), FieldChange("neu", MISSING, [1, 2]))
    assert shown(MISSING) == "—" and shown([1, 2]) == "[1, 2]" and shown("A") == "A"


def test_a_list_of_another_length_is_reported_whole() -> None:
    a = _answer(_result([{"Id": 5, "bilder": ["x"]}]))
    b = _answer(_result([{"Id": 5, "bilder": ["x", "y"]}]))
    [record] = diff_answers(a, b).actions[0].changed
    assert record.changes == (FieldChange("bilder", ["x"], ["x", "y"]),)


def test_multi_action_answers_are_compared_action_by_action() -> None:
    estates = _result([{"Id": 1, "ort": "A"}])
    a = _answer(estates, _result([{"id": 7, "Name": "Muster"}], resourcetype="address"))
    b = _answer(
        estates,
        _result([{"id": 7, "Name": "Meier"}], resourcetype="address", cnt=12),
        _result([], verb="get", resourcetype="fields"),
    )
    first, second, third = diff_answers(a, b).actions
    assert first.same and first.label_a == "read estate"
    assert second.label_b == "read address"
    assert second.changed[0].changes == (FieldChange("Name", "Muster", "Meier"),)
    assert (second.cntabsolute_a, second.cntabsolute_b) == (1, 12)
    assert third.label_a is None and third.label_b == "get fields" and not third.same


def test_a_changed_status_is_a_difference_even_without_records() -> None:
    a = _answer(_result([{"Id": 1}]))
    b = _answer(_result([], errorcode=143, message="Unknown field"))
    [action] = diff_answers(a, b).actions
    assert action.status_differs
    assert action.status_b is not None and action.status_b.errorcode == 143
    assert [r.id for r in action.removed] == [1]


def test_records_without_an_id_are_matched_by_position_and_repeated_ids_by_occurrence() -> None:
    a = _answer(_result([{"x": 1}, {"x": 2}]))
    b = _answer(_result([{"x": 1}, {"x": 3}]))
    [record] = diff_answers(a, b).actions[0].changed
    assert record.key == "#2" and record.changes == (FieldChange("x", 2, 3),)
    twice_a = _answer(_result([{"Id": 4, "v": 1}, {"Id": 4, "v": 2}]))
    twice_b = _answer(_result([{"Id": 4, "v": 1}, {"Id": 4, "v": 9}]))
    [again] = diff_answers(twice_a, twice_b).actions[0].changed
    assert again.key == "4 (2)" and again.changes == (FieldChange("v", 2, 9),)


def test_something_that_is_not_an_answer_compares_without_failing() -> None:
    diff = diff_answers("not json at all", _answer(_result([{"Id": 1}])))
    assert not diff.same
    assert diff.status_a.errorcode != diff.status_b.errorcode
    assert [r.id for r in diff.actions[0].added] == [1]


def test_the_raw_view_is_a_line_diff_of_pretty_json() -> None:
    a = json.dumps(_answer(_result([{"Id": 1, "ort": "Aachen"}])))
    b = json.dumps(_answer(_result([{"Id": 1, "ort": "Köln"}])))
    lines, cut, partial = raw_diff(a, b)
    assert not cut and not partial
    changed = [
        line[0] + line[1:].strip()
        for line in lines
        if line[:1] in "+-" and line[:3] not in "---+++"
    ]
    assert changed == ['-"ort": "Aachen"', '+"ort": "Köln"']
    assert raw_diff(a, a) == ([], False, False)
    few, cut, _ = raw_diff(a, b, limit=3)
    assert len(few) == 3 and cut
