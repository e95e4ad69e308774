"""The interface speaks German when the browser (or the user) asks for it; English stays default."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI

from tests.client import TestClient
from tests.http.route_support import sandbox_profile
from tests.http.team_support import HX, send_form

GERMAN = {"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}


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
