"""Locale negotiation and the in-memory catalogue."""

from __future__ import annotations

import contextvars

from playground import i18n


def test_negotiation_prefers_the_stored_choice_then_the_browser_then_english() -> None:
    assert i18n.negotiate(preference="de", accept_language="en-US") == "de"
    assert i18n.negotiate(preference=None, accept_language="fr;q=0.9, de-AT;q=0.8") == "de"
    assert i18n.negotiate(preference="xx", accept_language="en;q=0.2, de;q=0.7") == "de"
    assert i18n.negotiate(preference=None, accept_language="de;q=0, fr") == "en"
    assert i18n.negotiate(preference=None, accept_language="de;q=abc") == "en"
    assert i18n.negotiate(preference=None, accept_language=None) == "en"


def test_a_choice_made_in_a_copied_context_reaches_the_whole_request() -> None:
    def request() -> tuple[str, str]:
        i18n.begin("en")
        # A worker thread runs in a copy of the request's context.
        contextvars.copy_context().run(i18n.use, "de")
        return i18n.current(), i18n.gettext("History")

    assert contextvars.copy_context().run(request) == ("de", "Verlauf")
    assert i18n.current() == "en"


def test_lazy_strings_translate_when_shown() -> None:
    label = i18n.lazy_gettext("History")

    def shown(locale: str) -> str:
        i18n.begin(locale)
        return str(label)

    assert contextvars.copy_context().run(shown, "de") == "Verlauf"
    assert contextvars.copy_context().run(shown, "en") == "History"


def test_german_words_for_things_and_operations_find_templates() -> None:
    from playground.onoffice.catalogue import search_templates

    assert "read-estate" in [t.key for t in search_templates("Immobilie lesen")]
    assert search_templates("Adresse anlegen")[0].key == "create-address"
    assert [t.key for t in search_templates("Kontaktformular")] == ["do-contactaddress"]
    assert "create-searchcriteria" in [t.key for t in search_templates("Suchkriterien")]
