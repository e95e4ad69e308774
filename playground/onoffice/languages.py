"""Asking a call for its answer in a language: which parameter says so, per call.

Reads of estates and addresses label their select fields in ``outputlanguage`` (ISO-3),
which only takes effect with ``formatoutput``; other calls with language-dependent
answers (get fields, regions, search criteria fields, the imprint) take ``language``.
Which call takes which comes from the calls' documented parameters (calls.py).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Literal, get_args

from playground.onoffice.actions import ActionRequest
from playground.onoffice.calls import calls_catalogue

# The languages onOffice labels fields in (see the field list's `language`).
Language = Literal["DEU", "ENG", "FRA", "ESP", "ITA", "HRV"]
LANGUAGES: tuple[str, ...] = get_args(Language)


class NoLanguage(ValueError):
    """The call has no documented parameter that picks the answer's language."""


@cache
def _documented_by_call() -> dict[str, frozenset[str]]:
    """Each call's documented parameter names, built once: building the catalogue takes
    over a millisecond, and a comparison asks for every action on the event loop."""
    return {
        name: frozenset(call["parameters"]) for name, call in calls_catalogue()["calls"].items()
    }


def _documented(action: ActionRequest) -> frozenset[str]:
    """The call's documented parameter names (none for an unknown call)."""
    return _documented_by_call().get(f"{action.verb.value} {action.resourcetype}", frozenset())


def in_language(action: ActionRequest, language: str) -> ActionRequest:
    """The action asking for its answer in `language`; NoLanguage if the call has no way to."""
    known = _documented(action)
    parameters = dict(action.parameters)
    if "outputlanguage" in known:
        parameters |= {"outputlanguage": language, "formatoutput": True}
    elif "language" in known:
        parameters["language"] = language
    else:
        raise NoLanguage(f"{action.verb.value} {action.resourcetype}")
    return replace(action, parameters=parameters)
