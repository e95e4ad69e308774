"""The interface speaks German when the browser (or the user) asks for it; English stays default."""

from __future__ import annotations

import json
import re
import socket
from typing import Any

import pytest
from fastapi import FastAPI

from playground import i18n
from playground.services.endpoints import endpoint_name
from playground.services.send import WriteNotRecorded
from tests.client import TestClient
from tests.http.route_support import sandbox_profile
from tests.http.team_support import (
    HX,
    PLANTED_SECRET,
    PLANTED_TOKEN,
    READ_ESTATE,
    send_form,
)
from tests.http.token_support import bearer, make_token

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}


def _closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound once, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


CLOSED_URL = f"http://127.0.0.1:{_closed_port()}/api/stable/api.php"


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Profiles may point at a port where nobody answers."""
    return {"allowed_endpoints": CLOSED_URL}


def test_the_browser_language_picks_german_and_english_stays_the_default(
    admin_client: TestClient,
) -> None:
    german = admin_client.get("/history", headers=GERMAN)
    assert german.headers["content-language"] == "de"
    assert '<html lang="de">' in german.text
    assert ">Verlauf</a>" in german.text and ">Abmelden</button>" in german.text

    english = admin_client.get("/history")
    assert '<html lang="en">' in english.text
    assert ">History</a>" in english.text and "Verlauf" not in english.text

    unsupported = admin_client.get("/history", headers={"Accept-Language": "fr, de;q=0.5"})
    assert '<html lang="de">' in unsupported.text


def test_the_composer_in_german_sends_with_senden(admin_client: TestClient) -> None:
    page = admin_client.get("/", headers=GERMAN).text
    assert 'data-testid="send">Senden <kbd>' in page
    assert ">Vorlagen</h2>" in page and "Hier erscheint die Antwort." in page
    assert "<strong>Immobilien lesen</strong>" in page  # the templates' titles, too
    found = admin_client.get("/templates", params={"q": "Kontaktformular"}, headers=GERMAN)
    assert "<strong>Kontaktformular senden</strong>" in found.text
    # The fields browser shows the account's German labels to a German reader.
    fields = admin_client.get("/fields", headers=GERMAN).text
    assert '<option value="DEU" selected>' in fields and "Kaufpreis" in fields
    assert 'data-testid="send">Send <kbd>' in admin_client.get("/").text


def test_a_user_chooses_german_and_a_time_zone_on_the_account_page(
    admin_client: TestClient,
) -> None:
    choice = {"language": "de", "time_zone": "America/New_York"}
    saved = admin_client.post("/account/preferences", data=choice, follow_redirects=False)
    assert saved.status_code == 303
    # The stored choice wins over the browser's English.
    page = admin_client.get(saved.headers["location"], headers={"Accept-Language": "en"}).text
    assert '<html lang="de">' in page and "Gespeichert: Die Seiten verwenden" in page
    assert '<option value="America/New_York" selected>' in page
    # Dates in the German form, in the chosen zone, named: 30.11.2026, 04:12:13 EST.
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d E[SD]T", page)

    back = {"language": "", "time_zone": ""}
    admin_client.post("/account/preferences", data=back)
    assert '<html lang="en">' in admin_client.get("/account").text


def test_a_nonsense_language_or_zone_is_refused_with_a_message(admin_client: TestClient) -> None:
    answer = admin_client.post("/account/preferences", data={"language": "xx", "time_zone": ""})
    assert answer.status_code == 422 and "Choose English, German" in answer.text
    answer = admin_client.post(
        "/account/preferences", data={"language": "", "time_zone": "Mars/Olympus"}
    )
    assert answer.status_code == 422 and "Unknown time zone" in answer.text


def test_a_visitor_switches_the_language_with_a_cookie(app: FastAPI) -> None:
    with TestClient(app) as visitor:
        answer = visitor.get("/language?lang=de&next=/login", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/login"
        assert '<html lang="de">' in visitor.get("/login").text
        # Only paths of this site are followed.
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
            away = visitor.get("/language", params={"lang": "en", "next": target})
            assert away.url.path == "/login" or away.url.host == "testserver"
        assert '<html lang="en">' in visitor.get("/login").text


def test_an_error_explanation_and_the_history_in_german(
    app: FastAPI, admin_client: TestClient
) -> None:
    unknown_field = {
        "verb": "read",
        "resourcetype": "estate",
        "parameters": json.dumps({"data": ["Id", "kaufpreiss"]}),
    }
    form = send_form(sandbox_profile(app, "ada"), unknown_field)
    answer = admin_client.post("/send", data=form, headers=GERMAN | HX)
    assert answer.status_code == 200
    error = answer.text.split('data-testid="action-error"', 1)[1].split("</div>", 1)[0]
    # onOffice's own message stays as sent; the explanation of what to check is German.
    assert "Ein Feldname in data, filter oder sortby existiert in diesem Modul nicht." in error
    assert "Unbekanntes Feld" in answer.text

    history = admin_client.get("/history", headers=GERMAN).text
    assert "<h1>Verlauf</h1>" in history and ">Zeit</th>" in history and ">Öffnen</a>" in history
    # The time of the entry in the German form, with the default zone's name.
    assert re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d:\d\d CES?T", history)


def test_an_action_error_badge_and_a_json_error_in_german(
    app: FastAPI, admin_client: TestClient
) -> None:
    unknown_field = READ_ESTATE | {"parameters": json.dumps({"data": ["Id", "kaufpreiss"]})}
    form = send_form(sandbox_profile(app, "ada"), unknown_field)
    answer = admin_client.post("/send", data=form, headers=GERMAN | HX).text
    assert "Fehler 143" in answer and "error 143" not in answer
    english = admin_client.post("/send", data=form, headers=HX).text
    assert "error 143" in english

    broken = READ_ESTATE | {"parameters": '{"data": ['}
    refused = admin_client.post("/send", data=send_form(1, broken), headers=GERMAN | HX)
    field_error = refused.text.split('data-testid="parameters-error">', 1)[1].split("<", 1)[0]
    assert field_error == "Ungültiges JSON: Wert erwartet (Zeile 1, Spalte 11)."
    too_long = READ_ESTATE | {"parameters": json.dumps({"x": "a" * 200_000})}
    refused = admin_client.post("/send", data=send_form(1, too_long), headers=GERMAN | HX)
    assert "Parameter sind auf 200.000 Zeichen begrenzt." in refused.text


def test_a_failed_connection_is_explained_in_german(app: FastAPI, admin_client: TestClient) -> None:
    form = {"name": "Closed", "endpoint": CLOSED_URL, "hmac_version": "2"}
    form |= {"token": PLANTED_TOKEN, "secret": PLANTED_SECRET}
    assert admin_client.post("/profiles", data=form).status_code == 303
    page = admin_client.get("/", headers=GERMAN).text
    closed = re.search(r'<option value="(\d+)"[^>]*>Closed', page)
    assert closed, "the profile is offered"
    sent = admin_client.post(
        "/send", data=send_form(int(closed.group(1)), READ_ESTATE), headers=GERMAN | HX
    )
    host = CLOSED_URL.split("/")[2]
    assert f"Keine Verbindung zu {host}: Die Verbindung wurde abgelehnt" in sent.text
    history = admin_client.get("/history", headers=GERMAN).text
    assert ">keine Verbindung</span>" in history and ">refused<" not in history
    assert ">refused</span>" in admin_client.get("/history").text


def test_saved_requests_their_badge_messages_and_checks_in_german(
    app: FastAPI, admin_client: TestClient
) -> None:
    form = send_form(sandbox_profile(app, "ada"), READ_ESTATE, name="Orte", team="1")
    saved = admin_client.post("/saved", data=form, headers=GERMAN | HX)
    assert "Gespeichert als „Orte“ (Team)." in saved.text
    private = send_form(sandbox_profile(app, "ada"), READ_ESTATE, name="Meins")
    assert "(privat)." in admin_client.post("/saved", data=private, headers=GERMAN | HX).text
    saved_id = int(saved.text.split('hx-post="/saved/', 1)[1].split("/", 1)[0])
    updated = admin_client.post(f"/saved/{saved_id}/update", data=form, headers=GERMAN | HX)
    assert "„Orte“ aktualisiert." in updated.text

    expect = {"expect_ok": "1", "expect_min_records": "4", "expect_field": "ort"}
    admin_client.post(f"/saved/{saved_id}/expectations", data=expect)
    listing = admin_client.get("/saved", headers=GERMAN).text
    assert 'data-testid="saved-visibility">Team<' in listing
    assert 'data-testid="saved-visibility">privat<' in listing
    assert "(Status OK, mindestens 4 Datensätze, Feld ort vorhanden)" in listing
    checked = admin_client.post(f"/saved/{saved_id}/check", headers=GERMAN | HX).text
    assert "✗ mindestens 4 Datensätze: 3 Datensätze kamen zurück" in checked
    assert "✓ Feld ort vorhanden" in checked

    # The JSON API keeps its English words, whatever language the script asks for.
    token = make_token(app, "ada")
    api = bearer(token) | GERMAN
    items = admin_client.get("/api/v1/saved", headers=api).json()
    [item] = [i for i in items if i["id"] == saved_id]
    assert item["expectations"] == ["status OK", "at least 4 record(s)", "field ort present"]
    run = admin_client.post(f"/api/v1/saved/{saved_id}/run", headers=api).json()
    assert run["expectations"][1]["detail"] == "3 record(s) came back"


def test_the_sandbox_and_an_unrecorded_write_are_named_in_german() -> None:
    with i18n.speaking("de"):
        assert endpoint_name("sandbox") == "die Sandbox"
        assert str(WriteNotRecorded("die Sandbox")).startswith(
            "Die Anfrage wurde an die Sandbox gesendet"
        )
    assert endpoint_name("sandbox") == "the sandbox"
