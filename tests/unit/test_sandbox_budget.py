"""The sandbox's memory budget: writes past it are refused with 78/88, reads go on, a reset
or a delete makes room again, and every write that keeps something counts (small limits)."""

from __future__ import annotations

from typing import Any

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.envelope import build_envelope, encode_body
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.sandbox.app import Sandbox
from playground.sandbox.budget import Limits

READ, GET, CREATE, MODIFY, DELETE, DO = (
    Verb.READ, Verb.GET, Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.DO,
)  # fmt: skip
NOW = 1_700_000_000.0
URN = "urn:onoffice-de-ns:smart:2.5:relationTypes:"
TIPP = URN + "address:estate:tipp"
RESET = "Reset the sandbox data (Admin → Users → Reset sandbox data, or `playground sandbox reset`)"
SMALL = 64 * 1024  # bytes: about ten new estates


class Api:
    """A sandbox with the demo credentials and the given limits, on a clock moved by hand."""

    def __init__(self, **limits: Any) -> None:
        """A fresh sandbox at NOW."""
        self.now = NOW
        self.sandbox = Sandbox(
            token=DEMO_TOKEN, secret=DEMO_SECRET, seed=7, clock=lambda: self.now,
            limits=Limits(**limits),
        )  # fmt: skip

    @property
    def used(self) -> int:
        """The bytes the sandbox's budget counts now."""
        return self.sandbox.store.budget.used

    def results(self, *actions: ActionRequest) -> list[dict[str, Any]]:
        """Send signed actions in one request; their results in order."""
        envelope = build_envelope(
            actions, token=DEMO_TOKEN, secret=DEMO_SECRET, timestamp=int(self.now)
        )
        answer = self.sandbox.answer(encode_body(envelope))
        answered: list[dict[str, Any]] = answer["response"]["results"]
        return answered

    def status(self, action: ActionRequest) -> dict[str, Any]:
        """One action's status: errorcode and message."""
        (result,) = self.results(action)
        answer: dict[str, Any] = result["status"]
        return answer

    def ok(self, action: ActionRequest) -> list[dict[str, Any]]:
        """The records of an action that must succeed."""
        (result,) = self.results(action)
        assert result["status"]["errorcode"] == 0, result["status"]
        records: list[dict[str, Any]] = result["data"]["records"]
        return records

    def estates(self) -> int:
        """How many estates a read counts."""
        read = ActionRequest(READ, "estate", parameters={"data": ["Id"], "listlimit": 1})
        (result,) = self.results(read)
        count: int = result["data"]["meta"]["cntabsolute"]
        return count

    def fill(self) -> list[int]:
        """Write until not even the smallest write fits; the ids of the estates created."""
        created: list[int] = []
        while (answer := self.results(estate()))[0]["status"]["errorcode"] == 0:
            created.append(answer[0]["data"]["records"][0]["id"])
        child = 1
        # A relation is the smallest thing a write keeps.
        while self.status(link(child, URN + "x:y"))["errorcode"] == 0:
            child += 1
        return created

    def upload(self, tmp: str, data: str = "AAAA") -> dict[str, Any]:
        """Send one block of an upload; its status."""
        block = {"data": data, "tmpUploadId": tmp}
        return self.status(ActionRequest(DO, "uploadfile", parameters=block))


def estate(**data: object) -> ActionRequest:
    """create estate with these fields."""
    return ActionRequest(CREATE, "estate", parameters={"data": {"ort": "Bonn", **data}})


def link(child: int, relationtype: str = TIPP) -> ActionRequest:
    """create relation from address 7 to ``child``."""
    parameters = {"relationtype": relationtype, "parentid": [7], "childid": [child]}
    return ActionRequest(CREATE, "relation", parameters=parameters)


def test_a_create_beyond_the_budget_is_refused_and_keeps_nothing() -> None:
    api = Api(total_bytes=SMALL)
    created = api.fill()
    assert 5 <= len(created) <= 15  # the budget, not some other limit, stopped it
    count, used = api.estates(), api.used
    refused = api.results(estate(), estate(objekttitel="Noch eins"))
    for result in refused:
        assert result["status"]["errorcode"] == 78
        message = result["status"]["message"]
        assert message.startswith(
            "Entry could not be created: the sandbox's data has reached its budget of 65,536 bytes."
        )
        assert RESET in message
    assert api.estates() == count
    assert api.used == used


@pytest.fixture
def full() -> tuple[Api, dict[str, Any]]:
    """A full sandbox, and what was made before it filled: a relation, an upload, a file."""
    api = Api(total_bytes=SMALL)
    api.ok(link(116))
    (upload,) = api.ok(ActionRequest(DO, "uploadfile", parameters={"data": "AAAA"}))
    listing = ActionRequest(GET, "file", "estate", parameters={"estateid": 116})
    before = {"upload": upload["elements"]["tmpUploadId"], "file": api.ok(listing)[0]["id"]}
    before["estates"] = api.fill()
    return api, before


SHOWCASE = URN + "estate:address:interested"
KEEPING_WRITES = {
    "create estate": estate(),
    "create address": ActionRequest(CREATE, "address", parameters={"Name": "Neu"}),
    "create searchcriteria": ActionRequest(
        CREATE, "searchcriteria", parameters={"addressid": 32, "data": {"objektart": "haus"}}
    ),
    "create agentslog": ActionRequest(CREATE, "agentslog", parameters={"actionkind": "Email"}),
    "create task": ActionRequest(CREATE, "task", parameters={"data": {"Betreff": "Rückruf"}}),
    "create calendar": ActionRequest(CREATE, "calendar", parameters={"data": {
        "start_dt": "2025-06-02 10:00:00", "end_dt": "2025-06-02 10:30:00"}}),
    "do contactaddress": ActionRequest(
        DO, "contactaddress", parameters={"addressdata": {"Name": "Web"}, "estateid": 116}
    ),
    "create relation": link(117, URN + "address:estate:other"),
    "modify relation": ActionRequest(MODIFY, "relation", parameters={
        "relationtype": TIPP, "parentid": [7], "childid": [116], "relationinfo": {"a": "b"}}),
    "do uploadfile": ActionRequest(DO, "uploadfile", parameters={"data": "AAAA"}),
    "do priceOffer": ActionRequest(
        DO, "priceOffer", parameters={"estateId": 117, "addressId": 33, "priceOffer": 1}
    ),
    "do createestatetrackingaccount": ActionRequest(DO, "createestatetrackingaccount",
        parameters={"accountname": "neu", "accountpassword": "pw", "estateid": 116}),
    "do emailassignments": ActionRequest(
        DO, "emailassignments", parameters={"messageid": "<neu@example.com>", "addressIds": [32]}
    ),
    "modify estate": ActionRequest(MODIFY, "estate", 116, parameters={"data": {"ort": "Bonn"}}),
    "modify address": ActionRequest(MODIFY, "address", 32, parameters={"Ort": "Bonn"}),
    "do registerNewsletter": ActionRequest(DO, "registerNewsletter", 32,
                                           parameters={"register": 1}),
}  # fmt: skip


@pytest.mark.parametrize("name", list(KEEPING_WRITES))
def test_every_write_that_keeps_something_is_refused_when_full(
    full: tuple[Api, dict[str, Any]], name: str
) -> None:
    api, _ = full
    used = api.used
    refused = api.status(KEEPING_WRITES[name])
    assert refused["errorcode"] == (88 if name.startswith("modify") else 78)
    assert "the sandbox's data has reached its budget of 65,536 bytes" in refused["message"]
    assert RESET in refused["message"]
    assert api.used == used


def test_a_finished_upload_that_does_not_fit_can_be_attached_later(
    full: tuple[Api, dict[str, Any]],
) -> None:
    api, before = full
    attach = ActionRequest(DO, "uploadfile", parameters={
        "tmpUploadId": before["upload"], "module": "estate", "relatedRecordId": 116})  # fmt: skip
    assert api.status(attach)["errorcode"] == 78
    api.ok(ActionRequest(DELETE, "estate", before["estates"][0]))
    (attached,) = api.ok(attach)
    assert attached["elements"]["filesize"] == 3
    assert api.status(attach)["errorcode"] == 255  # used up once attached


def test_reads_and_deletes_keep_working_when_full(full: tuple[Api, dict[str, Any]]) -> None:
    api, before = full
    reads = [
        ActionRequest(READ, "estate", parameters={"data": ["Id", "ort"], "listlimit": 500}),
        ActionRequest(READ, "estate", before["estates"][0], parameters={"data": ["ort"]}),
        ActionRequest(READ, "address", parameters={"data": ["Name"], "listlimit": 500}),
        ActionRequest(GET, "idsfromrelation", parameters={"relationtype": TIPP, "parentids": [7]}),
        ActionRequest(GET, "file", "estate", parameters={"estateid": 116}),
        ActionRequest(GET, "priceOffer", parameters={"estateId": 116, "addressId": 32}),
        ActionRequest(GET, "fields", parameters={"modules": ["estate"], "labels": True}),
    ]
    answered = api.results(*reads)
    assert [r["status"]["errorcode"] for r in answered] == [0] * len(reads)
    assert answered[1]["data"]["records"][0]["elements"] == {"ort": "Bonn"}
    assert answered[3]["data"]["records"][0]["elements"] == {"7": [116]}
    change = {"relationtype": "estate", "parentid": 116, "fileId": before["file"]}
    api.ok(ActionRequest(DELETE, "fileRelation", parameters=change))
    api.ok(ActionRequest(DELETE, "relation", parameters={
        "relationtype": TIPP, "parentid": [7], "childid": [116]}))  # fmt: skip


def test_a_reset_makes_writes_possible_again() -> None:
    api = Api(total_bytes=SMALL)
    api.sandbox.start_over_at(0)
    created = api.fill()
    assert api.status(estate())["errorcode"] == 78
    api.sandbox.start_over_at(1)  # the admin page or `playground sandbox reset` moved the counter
    assert api.estates() == 1000
    api.ok(estate())
    assert len(api.fill()) == len(created) - 1


def test_deletes_and_shrinking_modifies_give_room_back() -> None:
    api = Api(total_bytes=SMALL)
    created = api.fill()
    assert api.status(estate())["errorcode"] == 78
    api.ok(ActionRequest(DELETE, "estate", created[0]))
    (new,) = api.ok(estate())
    assert api.status(estate(objekttitel="Villa"))["errorcode"] == 78
    api.ok(ActionRequest(MODIFY, "estate", created[1], parameters={"data": {"ort": ""}}))
    api.ok(ActionRequest(MODIFY, "estate", new["id"], parameters={"data": {"ort": "Köln"}}))


def test_changing_one_record_again_and_again_does_not_use_up_the_budget() -> None:
    api = Api(total_bytes=SMALL)
    (made,) = api.ok(estate())
    for n in range(200):  # 200 times 2,000 characters: several times the budget in all
        change = {"data": {"objektbeschreibung": f"{n:04d}" + "x" * 1996}}
        api.ok(ActionRequest(MODIFY, "estate", made["id"], parameters=change))


def test_each_module_keeps_a_limited_number_of_new_records() -> None:
    api = Api(records_per_module=3)
    task = ActionRequest(CREATE, "task", parameters={"data": {"Betreff": "Rückruf"}})
    made = [api.ok(task)[0]["id"] for _ in range(3)]
    refused = api.status(task)
    assert refused["errorcode"] == 78
    assert "the sandbox keeps at most 3 task records besides its seed" in refused["message"]
    assert RESET in refused["message"]
    api.ok(estate())  # other modules have their own count
    api.ok(ActionRequest(DELETE, "task", made[0]))
    api.ok(task)


def test_relations_beyond_their_limit_are_refused_whole() -> None:
    api = Api(relations=5)
    children = [116, 117, 118, 119, 120, 121]
    many = {"relationtype": TIPP, "parentid": [7], "childid": children}
    refused = api.status(ActionRequest(CREATE, "relation", parameters=many))
    assert refused["errorcode"] == 78
    assert "at most 5 relations besides its seed" in refused["message"]
    ids = ActionRequest(GET, "idsfromrelation", parameters={"relationtype": TIPP, "parentids": [7]})
    assert api.ok(ids)[0]["elements"] == {"7": []}
    api.ok(ActionRequest(CREATE, "relation", parameters={**many, "childid": children[:5]}))
    assert api.status(link(200))["errorcode"] == 78
    api.ok(ActionRequest(DELETE, "relation", parameters={**many, "childid": [116]}))
    api.ok(link(200))


def test_a_value_longer_than_the_sandbox_keeps_is_refused_without_a_reset_hint() -> None:
    api = Api(value_chars=100, key_chars=20)
    api.ok(estate(objektbeschreibung="x" * 100))
    assert api.status(estate(objektbeschreibung="x" * 101)) == {
        "errorcode": 78,
        "message": "Entry could not be created: the sandbox keeps at most 100 characters in "
        '"objektbeschreibung".',
    }
    long_note = ActionRequest(MODIFY, "address", 32, parameters={"Bemerkung": "y" * 101})
    modified = api.status(long_note)
    assert modified["errorcode"] == 88 and "Reset" not in modified["message"]
    info = {"relationtype": SHOWCASE, "parentid": [116], "childid": [32],
            "relationinfo": ["z" * 101]}  # fmt: skip
    assert api.status(ActionRequest(MODIFY, "relation", parameters=info))["errorcode"] == 88
    refused = api.upload("u" * 21)
    assert refused["errorcode"] == 78
    assert 'at most 20 characters in "tmpUploadId"' in refused["message"]


def test_unfinished_uploads_are_capped_in_number_and_size_and_expire() -> None:
    api = Api(open_uploads=2, open_upload_bytes=9, upload_seconds=60)
    assert api.upload("a")["errorcode"] == 0
    assert api.upload("b")["errorcode"] == 0
    assert api.upload("b")["errorcode"] == 0  # more blocks of an open upload
    refused = api.upload("c")
    assert refused["errorcode"] == 78
    assert "at most 2 unfinished uploads (each is dropped 1 minutes" in refused["message"]
    too_big = api.upload("a", "AAAAAAAA")  # 6 bytes: 12 in all
    assert too_big["errorcode"] == 78
    assert "unfinished uploads may hold at most 9 bytes in all" in too_big["message"]
    api.now += 61
    assert api.upload("c")["errorcode"] == 0  # "a" and "b" were dropped
    finish = {"tmpUploadId": "a", "module": "tmpUpload"}
    assert api.status(ActionRequest(DO, "uploadfile", parameters=finish))["errorcode"] == 255


def test_a_tracking_account_lists_each_estate_once() -> None:
    api = Api()
    account = {"accountname": "eigentuemer", "accountpassword": "geheim", "estateid": 116}
    for _ in range(3):
        api.ok(ActionRequest(DO, "createestatetrackingaccount", parameters=account))
    details = {"accountname": "eigentuemer", "password": "geheim"}
    (found,) = api.ok(ActionRequest(GET, "estatetrackingdetails", parameters=details))
    assert found["elements"]["estateids"] == {"1": "116"}
