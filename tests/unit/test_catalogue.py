"""The call catalogue covers every documented call and stays usable as a template source."""

from __future__ import annotations

import json

import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue import (
    TEMPLATES,
    Template,
    find_template,
    search_templates,
    supported_calls,
)

R, C, M, D, G, X = Verb.READ, Verb.CREATE, Verb.MODIFY, Verb.DELETE, Verb.GET, Verb.DO

# Derived by hand from the catalogue of calls in the API notes (section 3.2), one triple per row
# (rows naming several resourcetypes or sub-resources are split), in table order, plus the two
# calls of onOffice's website plug-in (get distinctValues, do contactaddress).
# Sub-resource names are fixed; calls on one record carry the id of a seeded sandbox record.
EXPECTED: list[tuple[Verb, str, str]] = [
    (R, "estate", ""), (R, "address", ""), (R, "agentslog", ""), (R, "calendar", ""),
    (R, "user", ""), (R, "task", ""), (R, "basicsettings", ""), (R, "impressum", ""),
    (R, "userphoto", ""), (R, "recordsLastSeen", ""), (R, "log", ""),
    (C, "estate", ""), (C, "address", ""), (C, "searchcriteria", ""), (C, "agentslog", ""),
    (C, "relation", ""), (C, "calendar", ""), (C, "task", ""), (C, "workinglist", ""),
    (M, "estate", "116"), (M, "address", "32"), (M, "searchcriteria", "1"), (M, "agentslog", "1"),
    (M, "calendar", "1"), (M, "task", "1"), (M, "relation", ""), (M, "fileRelation", ""),
    (M, "timetracking", ""),
    (D, "searchcriteria", "400"), (D, "fileRelation", ""), (D, "calendar", "400"),
    (D, "relation", ""),
    (G, "fields", ""), (G, "search", "address"), (G, "search", "estate"),
    (G, "search", "searchcriteria"), (G, "searchcriterias", ""),
    (G, "searchCriteriaFields", ""), (G, "idsfromrelation", ""), (G, "distinctValues", ""),
    (G, "filters", ""),
    (G, "regions", ""), (G, "regionsLiveSearch", ""), (G, "actionkindtypes", ""),
    (G, "file", "estate"), (G, "file", "address"), (G, "file", "appointment"),
    (G, "downloadFiles", "address"), (G, "estatepictures", ""), (G, "estateCategories", ""),
    (G, "users", ""), (G, "groups", ""), (G, "checkuserrecordsright", ""),
    (G, "appointmentList", ""), (G, "appointmentConflicts", ""), (G, "calendarResources", ""),
    (G, "templates", ""), (G, "macroresolve", ""), (G, "getlink", "estate"),
    (G, "qualifiedsuitors", ""), (G, "estatetrackingdetails", ""), (G, "priceOffer", ""),
    (G, "statisticWidgets", ""), (G, "multiselectconfiguration", ""),
    (G, "confignewaddressfields", "fieldvalues"), (G, "addressCompletionFields", ""),
    (G, "defaultAttachments", ""), (G, "emailInfo", ""), (G, "emailassignments", ""),
    (G, "emailtemplatefolders", ""), (G, "emailsignature", ""),
    (G, "appointmentdocument", ""), (G, "getMarketplaceInvoiceRecipient", ""),
    (G, "pdf", ""),
    (X, "uploadfile", ""), (X, "sendmail", ""), (X, "appointmentAffirmation", ""),
    (X, "registerNewsletter", "32"), (X, "contactaddress", ""), (X, "sendaddresscompletion", ""),
    (X, "createestatetrackingaccount", ""), (X, "priceOffer", ""),
    (X, "emailassignments", ""), (X, "accessControl", ""),
    (X, "executeMarketplaceWebhooks", ""), (X, "unlockProvider", ""),
    (X, "marketplaceCancelAbo", ""), (X, "subsequentPaymentLink", ""),
    (X, "transactionRefund", ""),
]  # fmt: skip

# Names used by the n8n node where the docs spell the call differently (section 3.2).
N8N_NAMES = {
    "fileUpload", "appointmentsList", "appointments", "appointmentFiles",
    "sendAppointmentConfirmation", "sellingPriceOffer", "quickSearch",
}  # fmt: skip

GROUPS = {"Read", "Create", "Modify", "Delete", "Get information", "Perform actions", "Marketplace"}


def test_every_documented_call_is_present_in_order() -> None:
    actual = [(t.verb, t.resourcetype, t.resourceid) for t in TEMPLATES]
    assert actual == EXPECTED


def test_keys_are_unique_slugs() -> None:
    keys = [t.key for t in TEMPLATES]
    assert len(keys) == len(set(keys))
    for key in keys:
        assert key == key.lower()
        assert " " not in key


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.key)
def test_template_is_well_formed(template: Template) -> None:
    assert isinstance(template.parameters, dict)
    json.dumps(template.parameters)
    assert template.title
    assert template.description
    assert "\n" not in template.description
    assert template.group in GROUPS
    assert template.doc_path.startswith("/")
    assert template.doc_path.endswith("/")
    assert template.resourcetype not in N8N_NAMES


def test_example_keys_exist() -> None:
    for key in ("read-estate", "read-address", "get-search-estate", "get-file-address"):
        assert find_template(key) is not None
    assert find_template("no-such-template") is None


def test_read_estate_skeleton_uses_sandbox_fields() -> None:
    estate = find_template("read-estate")
    assert estate is not None
    assert estate.parameters["data"] == ["Id", "objekttitel", "kaufpreis", "ort"]
    assert estate.parameters["sortby"] == {"kaufpreis": "ASC"}
    assert estate.doc_path == "/actions/datensatz-lesen/objekte/"
    assert estate.group == "Read"
    address = find_template("read-address")
    assert address is not None
    assert address.parameters["data"] == ["KdNr", "Vorname", "Name", "Ort"]


def test_to_action_returns_an_independent_copy() -> None:
    template = find_template("read-estate")
    assert template is not None
    action = template.to_action()
    assert isinstance(action, ActionRequest)
    assert (action.verb, action.resourcetype, action.resourceid) == (Verb.READ, "estate", "")
    action.parameters["data"].append("plz")
    action.parameters["listlimit"] = 500
    assert template.parameters["data"] == ["Id", "objekttitel", "kaufpreis", "ort"]
    assert template.parameters["listlimit"] == 20


def test_to_action_round_trips_through_dict() -> None:
    for template in TEMPLATES:
        action = template.to_action()
        assert ActionRequest.from_dict(action.to_dict()) == action


def test_templates_are_hashable() -> None:
    assert len(set(TEMPLATES)) == len(TEMPLATES)


def test_search_matches_all_terms_in_any_order() -> None:
    found = search_templates("estate read")
    assert found[0].key == "read-estate"
    assert found == search_templates("READ Estate")
    assert all(t.verb is Verb.READ for t in found)


def test_search_looks_at_resourceid_and_description() -> None:
    keys = [t.key for t in search_templates("file appointment")]
    assert "get-file-appointment" in keys
    assert [t.key for t in search_templates("fieldvalues")] == ["get-confignewaddressfields"]


def test_search_empty_query_and_limit() -> None:
    assert search_templates("") == list(TEMPLATES)
    assert search_templates("   ") == list(TEMPLATES)
    assert len(search_templates("", limit=5)) == 5
    assert search_templates("get", limit=0) == []
    assert search_templates("no-such-words-anywhere") == []


def test_supported_calls_match_templates() -> None:
    calls = supported_calls()
    assert (Verb.READ, "estate") in calls
    assert (Verb.GET, "search") in calls
    assert (Verb.DO, "uploadfile") in calls
    assert (Verb.DO, "fileUpload") not in calls
    assert (Verb.DELETE, "estate") not in calls
    assert calls == {(verb, resourcetype) for verb, resourcetype, _ in EXPECTED}
