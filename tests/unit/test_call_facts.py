"""The facts the editor is given: each call's parameters, German search words, docs links."""

from __future__ import annotations

import pytest

from playground.onoffice.calls import PARAMETERS, calls_catalogue
from playground.onoffice.catalogue import TEMPLATES, find_template, search_templates
from playground.onoffice.fieldlist import nearest, wrong_names


def test_every_catalogue_call_has_an_entry_and_every_entry_is_a_catalogue_call() -> None:
    calls = calls_catalogue()["calls"]
    assert {f"{t.verb.value} {t.resourcetype}" for t in TEMPLATES} == set(calls)
    assert {f"{verb} {rtype}" for verb, rtype in PARAMETERS} <= set(calls)


def test_a_templates_parameters_are_among_its_calls_parameters() -> None:
    calls = calls_catalogue()["calls"]
    for template in TEMPLATES:
        known = calls[f"{template.verb.value} {template.resourcetype}"]["parameters"]
        assert set(template.parameters) <= set(known), template.key


@pytest.mark.parametrize(
    ("word", "key"),
    [
        ("Immobilie", "read-estate"),
        ("Adresse", "read-address"),
        ("Suchkriterien", "create-searchcriteria"),
        ("Termin", "read-calendar"),
        ("Aufgabe", "read-task"),
        ("Datei", "get-file-estate"),
        ("Bilder", "get-estatepictures"),
        ("Regionen", "get-regions"),
        ("Kontakt", "read-address"),
        ("Beziehung", "get-idsfromrelation"),
        ("Benutzer", "read-user"),
        ("Gruppe", "get-groups"),
        ("Maklerbuch", "read-agentslog"),
        ("Aktivität", "create-agentslog"),
        ("Felder", "get-fields"),
        ("Suche", "get-search-address"),
    ],
)
def test_german_words_find_their_templates(word: str, key: str) -> None:
    assert key in [t.key for t in search_templates(word)]


def test_each_template_links_to_its_docs_page() -> None:
    template = find_template("get-estatepictures")
    assert template is not None
    assert template.doc_url == (
        "https://apidoc.onoffice.de/actions/informationen-abfragen/"
        "auf-homepage-veroeffentlichte-objektbilder/"
    )


def test_the_most_used_templates_carry_the_parameters_people_need() -> None:
    read, create = find_template("read-estate"), find_template("create-address")
    assert read is not None and create is not None
    assert {"data", "filter", "sortby", "listlimit", "listoffset"} <= set(read.parameters)
    assert create.parameters["checkDuplicate"] is True
    assert create.parameters["noOverrideByDuplicate"] is True


def test_unknown_field_messages_name_the_wrong_field() -> None:
    assert wrong_names("Unknown field in estate data: kaufpries") == ["kaufpries"]
    assert wrong_names('Unknown field: "Kaufpreis"') == ["Kaufpreis"]
    assert wrong_names("Unknown field in task data") == []


def test_nearest_names_put_a_case_slip_first() -> None:
    known = dict.fromkeys(["kaufpreis", "kaltmiete", "Kaufpreis_alt", "ort"])
    assert nearest("kaufpries", known)[0] == "kaufpreis"
    assert nearest("KAUFPREIS", known)[0] == "kaufpreis"
    assert nearest("zzz", known) == []
