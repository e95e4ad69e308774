"""Ready-to-run code that sends a request and signs it at run time, in five languages.

The generated code reads the token and secret from ``ONOFFICE_TOKEN`` and
``ONOFFICE_SECRET`` (and the endpoint from ``ONOFFICE_URL``), so no credential and no
signature is ever part of it: a signed request could be replayed with other parameters
for two minutes, because the HMAC does not cover them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from playground.onoffice.actions import ActionRequest
from playground.onoffice.envelope import HmacVersion
from playground.onoffice.signing import php_json_encode

_UNSAFE = re.compile(r"[^\w .,:()-]")


@dataclass(frozen=True)
class CodeRequest:
    """What the code is generated for: the unsigned actions, the default URL, the HMAC."""

    actions: tuple[ActionRequest, ...]
    url: str
    hmac_version: HmacVersion = 2
    title: str = ""


@dataclass(frozen=True)
class Language:
    """One export language: its name in URLs, its label, file suffix and generator."""

    key: str
    label: str
    filename: str
    generate: Callable[[CodeRequest], str]


def unsigned_action(action: ActionRequest) -> dict[str, Any]:
    """One action's wire fields before timestamp and HMAC, in the SDK's key order."""
    return {
        "actionid": action.verb.action_id,
        "identifier": action.identifier,
        "parameters": dict(sorted(action.parameters.items())),
        "resourceid": action.resourceid,
        "resourcetype": action.resourcetype,
    }


def v1_parameters_json(action: ActionRequest) -> str:
    """The parameters as PHP's json_encode gives them after decoding: HMAC v1 signs this."""
    return php_json_encode(_php_arrays(dict(sorted(action.parameters.items()))))


def _php_arrays(value: Any) -> Any:
    """PHP decodes an empty object to an array, which it encodes back as []."""
    if isinstance(value, dict):
        return {k: _php_arrays(v) for k, v in value.items()} if value else []
    if isinstance(value, list):
        return [_php_arrays(v) for v in value]
    return value


def comment_text(text: str) -> str:
    """Text for a comment of the code: only harmless characters, at most 200.

    A line break (or PHP's ?>) in a resourcetype or name must not end the comment and
    turn the rest into a line of shell or PHP code.
    """
    return _UNSAFE.sub("?", text)[:200]


def describe(request: CodeRequest) -> str:
    """A one-line summary for the file's header comment, e.g. "read estate, get fields"."""
    calls = ", ".join(f"{a.verb.value} {a.resourcetype}".strip() for a in request.actions)
    return comment_text(request.title or calls)


def fill_signing_script(template: str, request: CodeRequest, *, url: str, actions: str) -> str:
    """A script that signs when it runs, its summary, HMAC version, URL and actions filled in
    (`url` and `actions` already written as the language's own literals)."""
    values = {
        "__SUMMARY__": describe(request),
        "__VERSION__": str(request.hmac_version),
        "__URL__": url,
        "__ACTIONS__": actions,
    }
    return fill(template, values)


def fill(template: str, values: dict[str, str]) -> str:
    """The template with each ``__NAME__`` of ``values`` replaced, in a single pass.

    One pass, because the inserted texts hold what anyone typed: replaced one name after
    the other, a summary or value holding ``__ACTIONS__`` had the actions pasted into the
    header comment or docstring, where a parameter value ending that docstring ran as code.
    """
    pattern = re.compile("|".join(re.escape(name) for name in values))
    return pattern.sub(lambda match: values[match.group(0)], template)


def _languages() -> dict[str, Language]:
    """The five languages, imported late: each module imports this one."""
    from playground.onoffice.codegen import curl, node, php, php_sdk, python

    found = [curl.LANGUAGE, php_sdk.LANGUAGE, php.LANGUAGE, python.LANGUAGE, node.LANGUAGE]
    return {language.key: language for language in found}


def languages() -> list[Language]:
    """All export languages in menu order."""
    return list(_languages().values())


def language(key: str) -> Language | None:
    """The language with this URL key, or None."""
    return _languages().get(key)


def generate(key: str, request: CodeRequest) -> str:
    """The code for one language (``KeyError`` for an unknown one)."""
    return _languages()[key].generate(request)


def check_actions(actions: Sequence[ActionRequest]) -> tuple[ActionRequest, ...]:
    """The actions as a tuple; there must be at least one."""
    if not actions:
        raise ValueError("A request needs at least one action.")
    return tuple(actions)
