"""Parameters that change what the sandbox answers, over real HTTP: formatoutput and
outputlanguage on estate and address reads, language on the imprint and on estate
pictures, and values outside the documented ones, answered with onOffice's error codes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from playground.onoffice.actions import ActionRequest
from tests.http.conftest import SandboxServer
from tests.http.test_sandbox_catalogue import CREATE, GET, READ, Api
from tests.served import LOCAL_TLS

pytestmark = pytest.mark.anyio

ESTATE_DATA = ["objektart", "vermarktungsart", "heizungsart", "land", "kaufpreis", "plz"]
ADDRESS_DATA = ["Anrede", "Name", "Land", "HerkunftKontakt"]


@pytest.fixture
async def api(sandbox_server: SandboxServer) -> AsyncIterator[Api]:
    """An Api with its own HTTP client."""
    async with httpx.AsyncClient(verify=LOCAL_TLS, timeout=30) as client:
        yield Api(client, sandbox_server)


async def _new_estate(api: Api) -> int:
    """A house for sale in Aachen with central and underfloor heating."""
    (created,) = await api.records(ActionRequest(CREATE, "estate", parameters={"data": {
        "objektart": "haus", "vermarktungsart": "kauf", "heizungsart": ["zentral", "fussboden"],
        "land": "DEU", "kaufpreis": 200000, "plz": "52068", "ort": "Aachen"}}))  # fmt: skip
    return int(created["id"])


async def _read_estate(api: Api, estate_id: int, **extra: Any) -> dict[str, Any]:
    """The asked fields of one estate, read through a filter (a list read)."""
    parameters = {"data": ESTATE_DATA, "filter": {"Id": [{"op": "=", "val": estate_id}]}}
    (record,) = await api.records(ActionRequest(READ, "estate", parameters=parameters | extra))
    elements: dict[str, Any] = record["elements"]
    return elements


async def test_estate_select_fields_show_keys_without_formatoutput(api: Api) -> None:
    """Keys by default, and outputlanguage alone changes nothing (it needs formatoutput)."""
    estate_id = await _new_estate(api)
    keys = {"objektart": "haus", "vermarktungsart": "kauf",
            "heizungsart": ["zentral", "fussboden"], "land": "DEU",
            "kaufpreis": "200000.00", "plz": "52068"}  # fmt: skip
    assert await _read_estate(api, estate_id) == keys
    assert await _read_estate(api, estate_id, outputlanguage="ENG") == keys
    assert await _read_estate(api, estate_id, formatoutput=False, outputlanguage="ENG") == keys


async def test_formatoutput_shows_german_labels_by_default(api: Api) -> None:
    """formatoutput: select fields carry their German labels; other fields are unchanged."""
    estate_id = await _new_estate(api)
    assert await _read_estate(api, estate_id, formatoutput=True) == {
        "objektart": "Haus", "vermarktungsart": "Kauf",
        "heizungsart": ["Zentralheizung", "Fußbodenheizung"], "land": "Deutschland",
        "kaufpreis": "200000.00", "plz": "52068"}  # fmt: skip
    german = await _read_estate(api, estate_id, formatoutput=True, outputlanguage="DEU")
    assert german["objektart"] == "Haus"


async def test_formatoutput_with_outputlanguage_eng_shows_english_labels(api: Api) -> None:
    """outputlanguage ENG with formatoutput: English labels, on list and single reads."""
    estate_id = await _new_estate(api)
    english = {"objektart": "House", "vermarktungsart": "Purchase",
               "heizungsart": ["Central heating", "Underfloor heating"], "land": "Germany",
               "kaufpreis": "200000.00", "plz": "52068"}  # fmt: skip
    formatted = {"formatoutput": True, "outputlanguage": "ENG"}
    assert await _read_estate(api, estate_id, **formatted) == english
    single = ActionRequest(READ, "estate", estate_id, parameters={"data": ESTATE_DATA, **formatted})
    (record,) = await api.records(single)
    assert record["elements"] == english


async def test_address_reads_format_salutation_country_and_contact_origin(api: Api) -> None:
    """Address select fields follow formatoutput/outputlanguage; Land is text by default."""
    (created,) = await api.records(ActionRequest(CREATE, "address", parameters={
        "Anrede": "Herr", "Name": "Formatmann", "Land": "DEU",
        "HerkunftKontakt": ["Suchmaschine", "Empfehlung"]}))  # fmt: skip

    async def read(**extra: Any) -> dict[str, Any]:
        action = ActionRequest(READ, "address", created["id"],
                               parameters={"data": ADDRESS_DATA, **extra})  # fmt: skip
        (record,) = await api.records(action)
        return {k: v for k, v in record["elements"].items() if k != "id"}

    assert await read() == {"Anrede": "Herr", "Name": "Formatmann", "Land": "Deutschland",
                            "HerkunftKontakt": ["Suchmaschine", "Empfehlung"]}  # fmt: skip
    assert await read(formatoutput=True, outputlanguage="ENG") == {
        "Anrede": "Mr.", "Name": "Formatmann", "Land": "Germany",
        "HerkunftKontakt": ["Search engine", "Recommendation"]}  # fmt: skip
    # The docs: an invalid countryIsoCodeType is no error; Land is then full text.
    assert (await read(countryIsoCodeType="ISO-9999"))["Land"] == "Deutschland"
    assert (await read(countryIsoCodeType="ISO-3166-2"))["Land"] == "DE"


async def test_imprint_language_and_formatoutput(api: Api) -> None:
    """The imprint's title and country follow language; formatoutput names the country."""

    async def imprint(**parameters: Any) -> dict[str, Any]:
        action = ActionRequest(READ, "impressum", parameters={
            "data": ["title", "lastname", "country"], **parameters})  # fmt: skip
        (record,) = await api.records(action)
        elements: dict[str, Any] = record["elements"]
        return elements

    assert await imprint() == {"title": "Frau", "lastname": "Musterfrau", "country": "DEU"}
    assert await imprint(formatoutput=True) == {
        "title": "Frau", "lastname": "Musterfrau", "country": "Deutschland"}  # fmt: skip
    assert await imprint(language="ENG", formatoutput=True) == {
        "title": "Mrs.", "lastname": "Musterfrau", "country": "Germany"}  # fmt: skip
    assert (await imprint(language="ENG"))["country"] == "DEU"


async def test_estate_pictures_language_keeps_titles_of_a_single_language_estate(
    api: Api,
) -> None:
    """Estates here are not multilingual, so titles stay in the system language (docs)."""

    async def titles(**extra: Any) -> list[str]:
        parameters = {"estateids": [116], "categories": ["Titelbild", "Foto"], **extra}
        pictures = await api.records(ActionRequest(GET, "estatepictures", parameters=parameters))
        return [p["elements"]["title"] for p in pictures]

    german = await titles()
    assert german
    assert await titles(language="ENG") == german
    assert await titles(language="DEU", publicationSetting="Word_lang") == german


# (action, errorcode, what the message names: the bad language or the parameter)
BAD_VALUES = [
    (ActionRequest(READ, "estate", parameters={"formatoutput": True, "outputlanguage": "XYZ"}),
     160, "XYZ"),
    (ActionRequest(READ, "estate", parameters={"outputlanguage": "English"}), 160, "English"),
    (ActionRequest(READ, "address", parameters={"formatoutput": "perhaps"}), 255, "formatoutput"),
    (ActionRequest(READ, "estate", parameters={"formatoutput": ["yes"]}), 255, "formatoutput"),
    (ActionRequest(GET, "estatepictures", parameters={
        "estateids": [116], "categories": ["Selfie"]}), 255, "categories"),
    (ActionRequest(GET, "estatepictures", parameters={
        "estateids": [116], "categories": ["Foto"], "publicationSetting": "Instagram"}),
     255, "publicationSetting"),
    (ActionRequest(GET, "estatepictures", parameters={
        "estateids": [116], "categories": ["Foto"], "language": "XX"}), 160, "XX"),
    (ActionRequest(READ, "impressum", parameters={"language": "Klingon"}), 160, "Klingon"),
    (ActionRequest(READ, "impressum", parameters={"formatoutput": "sometimes"}),
     255, "formatoutput"),
    (ActionRequest(GET, "downloadFiles", parameters={"addressid": 32, "language": "??"}),
     160, "??"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("action", "code", "named"),
    BAD_VALUES,
    ids=[f"{a.resourcetype}-{n}" for a, _, n in BAD_VALUES],
)
async def test_values_outside_the_documented_ones_get_onoffices_error(
    api: Api, action: ActionRequest, code: int, named: str
) -> None:
    """160 "Invalid language" for a language, 255 "Invalid value" for other parameters."""
    (result,) = await api.results(action)
    assert result["status"]["errorcode"] == code
    assert f'"{named}"' in result["status"]["message"]


# Paging rules of single calls (shared API notes, sections 2.2, 3.2 and 5): read task
# takes no listoffset at all; log and recordsLastSeen need a listlimit that is a count.
LISTOFFSET = 'Invalid value for parameter "listoffset"'
LISTLIMIT = "Parameter listlimit is mandatory and must be 0."
PAGING_REFUSALS = [
    (ActionRequest(READ, "task", parameters={"listlimit": 5, "listoffset": 5}), 255, LISTOFFSET),
    (ActionRequest(READ, "task", parameters={"listoffset": 0}), 255, LISTOFFSET),
    (ActionRequest(READ, "log", parameters={"module": "estate"}), 256, LISTLIMIT),
    (ActionRequest(READ, "log", parameters={"listlimit": -1}), 256, LISTLIMIT),
    (ActionRequest(READ, "recordsLastSeen", parameters={"module": "estate"}), 256, LISTLIMIT),
    (ActionRequest(READ, "recordsLastSeen", parameters={"module": "address", "listlimit": "x"}),
     256, LISTLIMIT),
]  # fmt: skip


@pytest.mark.parametrize(("action", "code", "message"), PAGING_REFUSALS)
async def test_calls_refuse_paging_they_do_not_take(
    api: Api, action: ActionRequest, code: int, message: str
) -> None:
    """listoffset on read task is 255; a missing or negative listlimit of log and
    recordsLastSeen is 256, with onOffice's own message."""
    (result,) = await api.results(action)
    assert result["status"] == {"errorcode": code, "message": message}


# (action, ids of the page, cntabsolute) on the seeded, never-written log and users.
PAGES = [
    (ActionRequest(READ, "log", parameters={"listlimit": 3, "listOffset": 5}), [6, 7, 8], 3000),
    (ActionRequest(READ, "log", parameters={"listlimit": 0}), [], 3000),
    (ActionRequest(READ, "log", parameters={"listlimit": 3, "action": "add"}), [1, 7, 9], 1018),
    (ActionRequest(READ, "recordsLastSeen", parameters={"module": "estate", "listlimit": 0}),
     [], 50),
    (ActionRequest(READ, "userphoto", parameters={"listlimit": 2}), [17, 19], None),
]  # fmt: skip


@pytest.mark.parametrize(("action", "ids", "total"), PAGES)
async def test_paging_parameters_of_single_calls(
    api: Api, action: ActionRequest, ids: list[int], total: int | None
) -> None:
    """log pages with listOffset and narrows by action; listlimit 0 gives only the count;
    userphoto honours listlimit."""
    result = await api.ok(action)
    assert [record["id"] for record in result["data"]["records"]] == ids
    assert result["data"]["meta"]["cntabsolute"] == total
