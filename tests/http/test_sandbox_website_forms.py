"""The website calls over real HTTP: get distinctValues and do contactaddress."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.client import OnOfficeClient
from tests.http.test_sandbox_http import INTERESTED, Api, SandboxServer, action_status

pytestmark = pytest.mark.anyio

FOR_SALE = {"vermarktungsart": [{"op": "=", "val": "kauf"}]}


@pytest.fixture
async def api(sandbox_server: SandboxServer) -> AsyncIterator[Api]:
    """Signed calls to the session's sandbox."""
    async with OnOfficeClient() as client:
        yield Api(client, sandbox_server)


def distinct(**parameters: object) -> ActionRequest:
    """A get distinctValues action."""
    return ActionRequest(Verb.GET, "distinctValues", parameters=parameters)


async def test_distinct_values_are_the_values_the_filtered_records_hold(api: Api) -> None:
    result = await api.result(
        distinct(module="estate", field="objektart", filter=FOR_SALE, language="ENG")
    )
    [record] = result["data"]["records"]
    estates = await api.read_all("estate", {"data": ["objektart"], "filter": FOR_SALE})
    held = {e["elements"]["objektart"] for e in estates} - {""}
    # Keyed by the value a filter or write takes; each with its label in the asked language.
    assert set(record["elements"]) == held
    fields = await api.result(
        ActionRequest(Verb.GET, "fields", parameters={"labels": True, "language": "ENG",
                                                      "modules": ["estate"]})
    )  # fmt: skip
    permitted = fields["data"]["records"][0]["elements"]["objektart"]["permittedvalues"]
    assert record["elements"] == {key: permitted[key] for key in held}


async def test_distinct_values_of_a_field_nobody_knows_and_of_no_field(api: Api) -> None:
    unknown = await api.send(distinct(module="estate", field="kaufpries"))
    assert action_status(unknown) == 143
    missing = await api.send(distinct(module="estate"))
    assert action_status(missing) == 167


async def test_a_contact_form_stores_the_sender_and_links_them_to_the_estate(api: Api) -> None:
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    form = {"addressdata": {"Vorname": "Erika", "Name": "Mustermann", "Email": email},
            "estateid": 116, "message": "Is the flat still available?"}  # fmt: skip
    result = await api.result(ActionRequest(Verb.DO, "contactaddress", parameters=form))
    assert result["data"]["records"][0]["elements"] == {"success": "success"}
    [sender] = await api.read_all(
        "address",
        {"data": ["Vorname", "Name", "Email"], "filter": {"Email": [{"op": "=", "val": email}]}},
    )
    assert sender["elements"]["Name"] == "Mustermann"
    related = await api.result(
        ActionRequest(Verb.GET, "idsfromrelation",
                      parameters={"relationtype": INTERESTED, "parentids": [116]})
    )  # fmt: skip
    linked = related["data"]["records"][0]["elements"]["116"]
    assert str(sender["id"]) in [str(i) for i in linked]


async def test_a_contact_form_about_an_unknown_estate_stores_nothing(api: Api) -> None:
    email = f"{uuid.uuid4().hex[:10]}@example.com"
    form = {"addressdata": {"Name": "Nobody", "Email": email}, "estateid": 999999}
    answer = await api.send(ActionRequest(Verb.DO, "contactaddress", parameters=form))
    assert action_status(answer) == 293
    stored = await api.read_all(
        "address", {"data": ["Email"], "filter": {"Email": [{"op": "=", "val": email}]}}
    )
    assert stored == []
