"""The sandbox behaves like a real account: every template of the catalogue, round trips of
every writable resource, and requests copied from onOffice's documentation, over real HTTP."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue import TEMPLATES
from playground.onoffice.envelope import build_envelope, encode_body
from tests.http.conftest import SandboxServer
from tests.served import LOCAL_TLS

pytestmark = pytest.mark.anyio

READ, GET, CREATE, MODIFY, DELETE, DO = (
    Verb.READ, Verb.GET, Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.DO,
)  # fmt: skip
SIMULATED = "Simulated:"


class Api:
    """Signs actions for the session's sandbox and returns their results."""

    def __init__(self, client: httpx.AsyncClient, server: SandboxServer) -> None:
        """Bind a client to the sandbox."""
        self.client, self.server = client, server

    async def results(self, *actions: ActionRequest) -> list[dict[str, Any]]:
        """Send actions in one request; the results in order."""
        envelope = build_envelope(
            actions,
            token=self.server.token,
            secret=self.server.secret,
            timestamp=int(time.time()),
        )
        response = await self.client.post(self.server.url, content=encode_body(envelope))
        assert response.status_code == 200
        results: list[dict[str, Any]] = response.json()["response"]["results"]
        return results

    async def ok(self, action: ActionRequest) -> dict[str, Any]:
        """One action's result, asserting success."""
        (result,) = await self.results(action)
        assert result["status"]["errorcode"] == 0, result["status"]
        return result

    async def records(self, action: ActionRequest) -> list[dict[str, Any]]:
        """The records of a successful action."""
        records: list[dict[str, Any]] = (await self.ok(action))["data"]["records"]
        return records

    async def code(self, action: ActionRequest) -> int:
        """The errorcode of one action."""
        (result,) = await self.results(action)
        return int(result["status"]["errorcode"])


@pytest.fixture
async def api(sandbox_server: SandboxServer) -> AsyncIterator[Api]:
    """An Api with its own HTTP client."""
    async with httpx.AsyncClient(verify=LOCAL_TLS, timeout=30) as client:
        yield Api(client, sandbox_server)


def _kind(result: dict[str, Any]) -> str:
    """data, simulated, empty or error, as a user reading the answer would see it."""
    status = result["status"]
    if status["errorcode"] != 0:
        return "error"
    if str(status["message"]).startswith(SIMULATED):
        return "simulated"
    return "data" if result["data"]["records"] else "empty"


async def test_every_template_answers_with_data_or_says_it_is_simulated(api: Api) -> None:
    """Each template sent unchanged, in catalogue order: data or an explicit simulation."""
    kinds: Counter[str] = Counter()
    failures = []
    for template in TEMPLATES:
        (result,) = await api.results(template.to_action())
        kind = _kind(result)
        kinds[kind] += 1
        if kind in ("error", "empty"):
            failures.append((template.key, result["status"]))
        assert result["resourcetype"] == template.resourcetype
    print(f"\ncatalogue sweep over {len(TEMPLATES)} templates: " + ", ".join(
        f"{kind} {kinds[kind]}" for kind in ("data", "simulated", "empty", "error")))  # fmt: skip
    assert failures == []
    assert kinds["data"] >= 75


async def test_simulated_answers_say_what_the_real_api_would_do(api: Api) -> None:
    """Sending e-mail is not carried out, and the answer says so in plain words."""
    action = ActionRequest(
        DO,
        "sendmail",
        parameters={
            "emailidentity": "agent@example.com",
            "receiver": ["x@example.com"],
            "body": "Hi",
        },
    )
    result = await api.ok(action)
    message = result["status"]["message"]
    assert message.startswith("Simulated: the sandbox does not send e-mail.")
    assert "The real API would" in message


RECORD_CASES = [
    ("task", {"data": {"Betreff": "Exposé schicken", "Prio": 2}, "relatedAddressId": 32,
              "relatedEstateId": 116}, {"data": {"Status": 3}},
     ["Betreff", "Status"], {"Betreff": "Exposé schicken", "Status": "3"}),
    ("calendar", {"data": {"description": "Besichtigung", "start_dt": "2025-07-01 10:00:00",
                           "end_dt": "2025-07-01 10:30:00", "art": "Besichtigung"},
                  "relatedAddressIds": [32], "relatedEstateId": 116},
     {"data": {"note": "Schlüssel mitnehmen"}}, ["description", "note", "relatedEstateId"],
     {"description": "Besichtigung", "note": "Schlüssel mitnehmen", "relatedEstateId": "116"}),
    ("agentslog", {"actionkind": "Telefonat", "actiontype": "Ausgang", "note": "Rückruf",
                   "addressids": [32], "estateid": 116},
     {"data": {"note": "Termin vereinbart"}}, ["Aktionsart", "Bemerkung", "Objekt_nr"],
     {"Aktionsart": "Telefonat", "Bemerkung": "Termin vereinbart", "Objekt_nr": ["116"]}),
]  # fmt: skip


@pytest.mark.parametrize(("module", "create", "modify", "data", "expected"), RECORD_CASES)
async def test_record_round_trip(
    api: Api,
    module: str,
    create: dict[str, Any],
    modify: dict[str, Any],
    data: list[str],
    expected: dict[str, Any],
) -> None:
    """create -> read -> modify -> read -> delete -> read for tasks, appointments, activities."""
    (created,) = await api.records(ActionRequest(CREATE, module, parameters=create))
    new_id = created["id"]
    assert await api.code(ActionRequest(READ, module, new_id, parameters={"data": data})) == 0
    await api.ok(ActionRequest(MODIFY, module, new_id, parameters=modify))
    (record,) = await api.records(ActionRequest(READ, module, new_id, parameters={"data": data}))
    assert record["elements"] == expected
    await api.ok(ActionRequest(DELETE, module, new_id))
    assert await api.code(ActionRequest(READ, module, new_id)) == 80


async def test_relation_round_trip(api: Api) -> None:
    """A created relation shows in idsfromrelation, takes relationinfo and goes away."""
    tipp = "urn:onoffice-de-ns:smart:2.5:relationTypes:address:estate:tipp"
    link = {"relationtype": tipp, "parentid": [7], "childid": [116]}
    ids = ActionRequest(GET, "idsfromrelation", parameters={"relationtype": tipp,
                                                            "parentids": [7]})  # fmt: skip
    await api.ok(ActionRequest(CREATE, "relation", parameters=link))
    assert (await api.records(ids))[0]["elements"] == {"7": [116]}
    info = {**link, "relationinfo": {"bemerkung": "Tipp vom Nachbarn"}}
    await api.ok(ActionRequest(MODIFY, "relation", parameters=info))
    await api.ok(ActionRequest(DELETE, "relation", parameters=link))
    assert (await api.records(ids))[0]["elements"] == {"7": []}
    assert await api.code(ActionRequest(MODIFY, "relation", parameters=info)) == 80


async def test_file_round_trip_and_picture_served_at_the_asked_size(api: Api) -> None:
    """Upload, attach, list, retitle and remove a file; its picture URL answers a PNG."""
    tmp = (await api.records(ActionRequest(DO, "uploadfile", parameters={
        "data": "iVBORw0KGgoAAAANSUhEUgAAAAUAAAAFCAYAAACNbyblAAAAHElEQVQI12P4"})))[0]  # fmt: skip
    attach = {
        "tmpUploadId": tmp["elements"]["tmpUploadId"],
        "module": "estate",
        "relatedRecordId": 116,
        "file": "garten.jpg",
        "title": "Garten",
        "Art": "Foto",
    }
    done = (await api.records(ActionRequest(DO, "uploadfile", parameters=attach)))[0]
    file_id = int(done["elements"]["fileId"])
    listing = ActionRequest(GET, "file", "estate", parameters={"estateid": 116, "fileid": file_id})
    (listed,) = await api.records(listing)
    assert listed["elements"]["title"] == "Garten"
    change = {"relationtype": "estate", "parentid": 116, "fileId": file_id, "title": "Hof"}
    await api.ok(ActionRequest(MODIFY, "fileRelation", parameters=change))
    assert (await api.records(listing))[0]["elements"]["title"] == "Hof"
    picture = await api.client.get(listed["elements"]["url"] + "@120x90")
    assert picture.headers["content-type"] == "image/png"
    assert picture.content[16:24] == (120).to_bytes(4, "big") + (90).to_bytes(4, "big")
    del change["title"]
    await api.ok(ActionRequest(DELETE, "fileRelation", parameters=change))
    assert await api.records(listing) == []
    assert await api.code(ActionRequest(DO, "uploadfile", parameters=attach)) == 255


async def test_estate_pictures_of_an_estate_link_to_served_images(api: Api) -> None:
    """Published pictures of existing estates, with titles and working URLs."""
    pictures = await api.records(
        ActionRequest(
            GET,
            "estatepictures",
            parameters={
                "estateids": [116, 27],
                "categories": ["Titelbild", "Foto"],
                "size": "300x200",
            },
        )
    )
    assert {p["elements"]["estateid"] for p in pictures} == {"116", "27"}
    assert {p["elements"]["type"] for p in pictures} == {"Titelbild", "Foto"}
    assert all(p["elements"]["title"] for p in pictures)
    image = await api.client.get(pictures[0]["elements"]["url"])
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG")


DOC_EXAMPLES = [
    ActionRequest(READ, "address", parameters={
        "data": ["Briefanrede", "Vorname", "Name", "Land", "Ort", "Plz", "Strasse"],
        "filter": {"Vorname": [{"op": "IN", "val": ["Max", "Moritz"]}],
                   "letzter_Kontakt": [{"op": "BETWEEN", "val": ["2020-01-01 00:00:00",
                                                                  "2025-04-01 15:00:00"]}]},
        "sortby": "Strasse", "sortorder": "DESC"}),
    ActionRequest(READ, "address", parameters={"recordids": [32],
                                               "data": ["Name", "Vorname", "imageUrl"]}),
    ActionRequest(CREATE, "estate", parameters={"data": {
        "objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf",
        "objekttyp": "einfamilienhaus", "plz": 52068, "ort": "Aachen", "land": "DEU",
        "nebenkosten": 100, "heizkosten": 80, "mietpreis_pro_qm": 12, "wohnflaeche": 75,
        "anzahl_zimmer": 3, "anzahl_schlafzimmer": 1, "anzahl_badezimmer": 1,
        "breitengrad": "50.7762106", "laengengrad": "6.0857545",
        "heizungsart": ["zentral", "fussboden"], "stellplatzart": ["freiplatz", "carport"],
        "kaufpreis": 200000}}),
    ActionRequest(MODIFY, "estate", "116", parameters={"data": {
        "objektart": "haus", "nutzungsart": "wohnen", "vermarktungsart": "kauf",
        "objekttyp": "einfamilienhaus", "plz": 52068, "ort": "Aachen", "land": "DEU",
        "heizungsart": ["ofen", "fussboden"], "kaufpreis": 200000}}),
    ActionRequest(CREATE, "address", parameters={
        "Anrede": "Herr", "Vorname": "Max", "Name": "Mustermann",
        "email": "m.mustermann@onoffice.de", "phone": "0241 12345",
        "phone_business": "0241 56789", "default_phone": "0241 12345", "Plz": "52074",
        "Ort": "Aachen", "Benutzer": "theotest", "HerkunftKontakt": ["Suchmaschine",
                                                                    "Newsletter"]}),
    ActionRequest(MODIFY, "address", 32, parameters={
        "Vorname": "Peter", "Name": "Lustig", "Strasse": "Hauptstr. 2", "Land": "Deutschland",
        "Geburtsdatum": "2017-01-31 12:00:00", "newsletter_aktiv": "0",
        "HerkunftKontakt": ["Suchmaschine", "Newsletter"]}),
    ActionRequest(CREATE, "searchcriteria", parameters={"addressid": "153", "data": {
        "advisor": 21, "objektart": "haus", "vermarktungsart": "kauf", "range_plz": "52068",
        "range_ort": "Aachen", "range_strasse": "Charlottenburger Allee",
        "range_hausnummer": "5", "range": "100", "kaufpreis__von": "50000",
        "kaufpreis__bis": "100000"}}),
    ActionRequest(MODIFY, "searchcriteria", 210, parameters={"data": {
        "advisor": 21, "objektart": "haus", "objekttyp": ["villa", "schloss"], "ort": "Aachen",
        "vermarktungsart": "kauf", "kaufpreis__von": "2500000", "kaufpreis__bis": "5000000",
        "sys_ko": ["kaufpreis", "ort", "objektart"], "sysExpiryDate": "2017-11-27",
        "range": "50", "range_plz": "52074"}}),
    ActionRequest(READ, "user", parameters={
        "data": ["Vorname", "Nachname", "Emailname"],
        "filter": {"Nr": [{"op": "in", "val": [17, 19, 21]}]}, "sortby": {"Nr": "DESC"},
        "listlimit": 10}),
    ActionRequest(READ, "agentslog", parameters={
        "estateid": 116, "filter": {"Aktionsart": [{"op": "=", "val": "Email"}]},
        "data": ["Objekt_nr", "Aktionsart", "Aktionstyp", "Datum", "Bemerkung", "merkmal"]}),
    ActionRequest(GET, "users", parameters={"groupId": 225, "userfilter": "byGroupId"}),
    ActionRequest(GET, "multiselectconfiguration", parameters={
        "module": "address", "fields": ["HerkunftKontakt"]}),
]  # fmt: skip


@pytest.mark.parametrize("action", DOC_EXAMPLES, ids=lambda a: f"{a.verb.value}-{a.resourcetype}")
async def test_requests_from_the_documentation_succeed_unchanged(
    api: Api, action: ActionRequest
) -> None:
    """Requests copied from onOffice's documentation pages succeed against the sandbox."""
    assert await api.code(action) == 0


async def test_standard_fields_are_stored_and_described_in_both_languages(api: Api) -> None:
    """Multiselect values written by a create read back; get fields labels follow language."""
    (created,) = await api.records(DOC_EXAMPLES[2])
    (estate,) = await api.records(ActionRequest(READ, "estate", created["id"], parameters={
        "data": ["nutzungsart", "heizungsart", "breitengrad"]}))  # fmt: skip
    assert estate["elements"] == {"nutzungsart": "wohnen",
                                  "heizungsart": ["zentral", "fussboden"],
                                  "breitengrad": "50.7762106"}  # fmt: skip
    for language, label in (("DEU", "Herkunft Kontakt"), ("ENG", "Contact origin")):
        (fields,) = await api.records(ActionRequest(GET, "fields", parameters={
            "modules": ["address"], "labels": True, "language": language,
            "fieldList": ["HerkunftKontakt"]}))  # fmt: skip
        entry = fields["elements"]["HerkunftKontakt"]
        assert entry["label"] == label
        assert entry["type"] == "multiselect"
        assert "Suchmaschine" in entry["permittedvalues"]
    bad = ActionRequest(MODIFY, "estate", 116, parameters={"data": {"heizungsart": ["kamin"]}})
    assert await api.code(bad) == 76


async def test_read_user_by_id_filter_and_resourceid(api: Api) -> None:
    """read user finds users by Nr, in the asked order; resourceid reads one."""
    users = await api.records(DOC_EXAMPLES[8])
    assert [u["id"] for u in users] == [21, 19, 17]
    assert users[0]["elements"] == {"Vorname": "Lena", "Nachname": "Berger",
                                    "Emailname": "Lena Berger"}  # fmt: skip
    (one,) = await api.records(ActionRequest(READ, "user", "19", parameters={"data": ["Name"]}))
    assert one["elements"] == {"Name": "mmustermann"}
