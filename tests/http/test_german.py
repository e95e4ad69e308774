"""The interface speaks German when the browser (or the user) asks for it; English stays default."""

from __future__ import annotations

from fastapi.testclient import TestClient

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
    assert 'data-testid="send">Send <kbd>' in admin_client.get("/").text
