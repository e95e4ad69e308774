"""`{{steps.N.…}}` references read values from earlier steps' answers, or say what is wrong."""

from __future__ import annotations

from typing import Any

import pytest

from playground.services.step_refs import StepReferenceError, is_step_reference, readable, resolve

CREATED = {"id": 7012, "type": "address", "elements": []}
UPLOADED = {"id": 0, "type": "", "elements": {"filesize": 12, "tmpUploadId": "abc-1"}}
RELATED = {"id": "relatedIds", "type": "", "elements": {"5": [31, 32], "6": []}}
READ = {
    "id": 5,
    "type": "estate",
    "elements": {"Id": "5", "kaufpreis": 250000.5, "vermarktet": True, "ort": None},
}


def answer(*results: list[dict[str, Any]], count: int | None = None) -> dict[str, Any]:
    """An onOffice answer with one result per list of records."""
    return {
        "status": {"code": 200, "errorcode": 0, "message": "OK"},
        "response": {
            "results": [
                {"data": {"meta": {"cntabsolute": count}, "records": records}}
                for records in results
            ]
        },
    }


STEPS = [answer([CREATED]), answer([UPLOADED]), answer([READ], [RELATED], count=3)]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("steps.1.records.0.id", "7012"),  # a created address's id, as text
        ("steps.1.id", "7012"),  # the first record is the default
        ("steps.2.tmpUploadId", "abc-1"),  # a field of the first record
        ("steps.2.records.0.elements.filesize", "12"),  # numbers as JSON
        ("steps.3.kaufpreis", "250000.5"),
        ("steps.3.vermarktet", "true"),
        ("steps.3.cntabsolute", "3"),
        ("steps.3.results.1.records.0.elements.5", "[31,32]"),  # lists as compact JSON
        ("steps.3.results.1.records.0.elements.5.1", "32"),  # and into them
        ("steps.3.results.1.type", ""),
    ],
)
def test_a_reference_reads_the_value_its_path_names(name: str, value: str) -> None:
    assert resolve(name, STEPS) == value


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("steps.1.records.3.id", ["records.3 is out of range", "there are 1", "step 1"]),
        ("steps.3.results.2.id", ["results.2 is out of range", "there are 2"]),
        ("steps.2.tmpUploadID", ["no field tmpUploadID", "filesize, tmpUploadId"]),
        ("steps.3.ort", ["empty (null)"]),
        ("steps.4.id", ["step 4 has not run"]),
        ("steps.0.id", ["by its number, from 1"]),
        ("steps.1", ["name a value"]),
        ("steps.1.records.x.id", ["position from 0", "“x”"]),
        ("steps.3.Id.more", ['"5" has no part more']),
        ("steps.1.records.0", ["name a part of the record"]),
    ],
)
def test_a_reference_that_leads_nowhere_names_itself_and_what_was_there(
    name: str, words: list[str]
) -> None:
    with pytest.raises(StepReferenceError) as caught:
        resolve(name, STEPS)
    message = str(caught.value)
    assert message.startswith("{{" + name + "}}: ")
    for word in words:
        assert word in message


def test_a_step_without_a_readable_answer_is_named() -> None:
    with pytest.raises(StepReferenceError, match="step 1 has no answer to read"):
        resolve("steps.1.id", [None])
    with pytest.raises(StepReferenceError, match="out of range: there are 0"):
        resolve("steps.1.id", [{"status": {"code": 500, "errorcode": 41}}])


def test_only_the_step_scope_counts_as_a_reference() -> None:
    assert is_step_reference("steps.1.id")
    assert not is_step_reference("estate_id")
    assert not is_step_reference("stepsize")


def test_a_step_offers_its_first_records_id_and_plain_fields_to_later_steps() -> None:
    assert readable(1, STEPS[0]) == [("steps.1.records.0.id", "7012")]
    assert readable(2, STEPS[1]) == [
        ("steps.2.filesize", "12"),
        ("steps.2.tmpUploadId", "abc-1"),
    ]  # a do call's record id 0 is no id to read
    assert readable(3, STEPS[2])[:3] == [
        ("steps.3.records.0.id", "5"),
        ("steps.3.Id", "5"),
        ("steps.3.kaufpreis", "250000.5"),
    ]
    assert readable(4, answer([])) == []
