"""An account's field catalogue: the ``get fields`` call, its answer made plain, and lookups.

onOffice field names are case-sensitive and differ per account, so the playground asks the
account itself (``get fields`` with labels) and answers "did you mean" from that list.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.response import ActionResult

# Every module the docs list for get fields, plus search criteria (its own field set).
FIELD_MODULES = (
    "estate", "address", "searchcriteria", "agentsLog", "calendar", "email", "file", "news",
    "intranet", "project", "task", "user",
)  # fmt: skip
LANGUAGES = ("DEU", "ENG")
# The answers that mean "this field name is unknown" (section 2.2 of the shared API notes).
UNKNOWN_FIELD_CODES = frozenset({75, 138, 141, 143, 145})
# The module whose fields an action's data, filter and sortby name, by resourcetype.
MODULE_OF = {
    "estate": "estate", "address": "address", "searchcriteria": "searchcriteria",
    "agentslog": "agentsLog", "calendar": "calendar", "task": "task", "user": "user",
    "fileRelation": "file", "appointmentList": "calendar", "searchcriterias": "searchcriteria",
}  # fmt: skip
_QUOTED = re.compile(r"[\"'“„]([^\"'”“]+)[\"'”“]")

Field = dict[str, Any]
Modules = dict[str, dict[str, Field]]


def fields_action(language: str) -> ActionRequest:
    """The get fields action that fetches every module with labels in one language."""
    parameters = {"labels": True, "language": language, "modules": list(FIELD_MODULES)}
    return ActionRequest(
        verb=Verb.GET, resourcetype="fields", resourceid="", identifier="", parameters=parameters
    )


def _field(raw: Mapping[str, Any]) -> Field:
    """One field as the editor needs it: label, type, length, permitted values, default."""
    permitted = raw.get("permittedvalues")
    if isinstance(permitted, list):  # without labels onOffice lists the keys only
        permitted = {str(key): str(key) for key in permitted}
    elif isinstance(permitted, dict):
        permitted = {str(key): str(label) for key, label in permitted.items()}
    else:
        permitted = None
    length = raw.get("length")
    return {
        "label": str(raw.get("label") or ""),
        "type": str(raw.get("type") or ""),
        "length": length if isinstance(length, int) and not isinstance(length, bool) else None,
        "permitted": permitted or None,
        "default": raw.get("default"),
    }


def modules_of(result: ActionResult) -> Modules:
    """The fields per module of a get fields result (the module's own label is left out)."""
    modules: Modules = {}
    for record in result.records:
        if record.id is None or not isinstance(record.elements, dict):
            continue
        fields = {
            str(name): _field(raw) for name, raw in record.elements.items() if isinstance(raw, dict)
        }
        modules[str(record.id)] = fields
    return modules


def wrong_names(message: str) -> list[str]:
    """The field names an "Unknown field" message names: quoted, or after the last colon."""
    quoted = _QUOTED.findall(message)
    if quoted:
        return [name.strip() for name in quoted if name.strip()]
    if ":" not in message:
        return []
    tail = message.rsplit(":", 1)[1]
    return [name.strip() for name in tail.split(",") if name.strip()]


def nearest(name: str, known: Mapping[str, object], count: int = 3) -> list[str]:
    """The known names closest to `name`; a name differing only in case comes first."""
    same_case = [k for k in known if k.lower() == name.lower() and k != name]
    close = difflib.get_close_matches(name, list(known), n=count, cutoff=0.6)
    lowered = {k.lower(): k for k in known}
    close += [lowered[m] for m in difflib.get_close_matches(name.lower(), list(lowered), n=count)]
    return list(dict.fromkeys(same_case + close))[:count]
