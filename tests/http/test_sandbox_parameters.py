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

pytestmark = pytest.mark.anyio

ESTATE_DATA = ["objektart", "vermarktungsart", "heizungsart", "land", "kaufpreis", "plz"]
ADDRESS_DATA = ["Anrede", "Name", "Land", "HerkunftKontakt"]


@pytest.fixture
async def api(sandbox_server: SandboxServer) -> AsyncIterator[Api]:
    """An Api with its own HTTP client."""
    async with httpx.AsyncClient(timeout=30) as client:
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
