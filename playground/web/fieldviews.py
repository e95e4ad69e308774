"""What the fields browser and the response panel show of an account's fields.

A get fields answer becomes a list per module (name, label, type, length, permitted values)
instead of a table one column per field; an "Unknown field" answer names the nearest known
names; nested values in other answers show as indented JSON.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from playground.onoffice.fieldlist import (
    MODULE_OF,
    UNKNOWN_FIELD_CODES,
    Modules,
    modules_of,
    nearest,
    wrong_names,
)
from playground.onoffice.indented import indented
from playground.onoffice.response import ActionResult

# A module with thousands of fields stays usable; the search narrows it.
SHOWN_PER_MODULE = 2000
# A cell's value indented: hundreds of lines, more than a table cell unfolds usefully (real
# values are a few lines); a deeply nested one indents to many times its size.
CELL_PRETTY_CHARS = 20_000


@dataclass(frozen=True)
class FieldRow:
    """One field of a module as the list shows it."""

    name: str
    module: str
    label: str
    type: str
    length: int | None
    permitted: list[tuple[str, str]]
    other_label: str = ""


@dataclass(frozen=True)
class ModuleFields:
    """A module's fields, matching the search."""

    module: str
    fields: list[FieldRow]
    total: int


def _row(module: str, name: str, field: dict[str, Any], other: dict[str, Any] | None) -> FieldRow:
    permitted = field.get("permitted") or {}
    other_label = str((other or {}).get("label") or "")
    return FieldRow(
        name=name,
        module=module,
        label=str(field.get("label") or ""),
        type=str(field.get("type") or ""),
        length=field.get("length"),
        permitted=[(str(k), str(v)) for k, v in permitted.items()],
        other_label="" if other_label == field.get("label") else other_label,
    )


def _matches(row: FieldRow, terms: list[str]) -> bool:
    text = f"{row.name} {row.label} {row.other_label}".lower()
    return all(term in text for term in terms)


def field_modules(
    modules: Modules, other: Modules | None = None, query: str = ""
) -> list[ModuleFields]:
    """Every module's fields matching all words of `query` in name or either language's label."""
    terms = query.lower().split()
    shown = []
    for module, fields in modules.items():
        rows = [
            _row(module, name, field, (other or {}).get(module, {}).get(name))
            for name, field in fields.items()
        ]
        matching = [r for r in rows if _matches(r, terms)]
        if matching or not terms:
            shown.append(ModuleFields(module, matching[:SHOWN_PER_MODULE], len(matching)))
    return shown


def answer_fields(result: ActionResult) -> list[ModuleFields] | None:
    """A successful get fields result as the readable list; None for any other result."""
    if result.resourcetype != "fields" or not result.status.ok or not result.records:
        return None
    return field_modules(modules_of(result))


@dataclass(frozen=True)
class UnknownField:
    """A field name onOffice did not know and the nearest names of its module."""

    wrong: str
    module: str
    suggestions: list[str]
    # Where to load the field list when none is cached for the profile.
    load_url: str


def unknown_fields(
    result: ActionResult,
    request: dict[str, Any] | None,
    known: Modules | None,
    profile_id: int | None,
) -> list[UnknownField]:
    """For an "Unknown field" error, each wrong name with the nearest known names."""
    if result.status.errorcode not in UNKNOWN_FIELD_CODES:
        return []
    resourcetype = result.resourcetype or str((request or {}).get("resourcetype", ""))
    module = MODULE_OF.get(resourcetype, resourcetype)
    fields = (known or {}).get(module)
    load_url = f"/fields?profile={profile_id}" if profile_id else "/fields"
    return [
        UnknownField(wrong, module, nearest(wrong, fields) if fields else [], load_url)
        for wrong in wrong_names(result.status.message)
    ]


class Cell(str):
    """A table cell's text; `pretty` holds indented JSON when the value is an object or list."""

    pretty: str | None = None


def cell(text: str) -> str | Cell:
    """The cell as it is, or a Cell with its nested value indented for reading."""
    if not text or text[0] not in "[{":
        return text
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):  # no JSON, or nested deeper than json.loads reads
        return text
    if not isinstance(value, dict | list) or not value:
        return text
    pretty, cut = indented(value, limit=CELL_PRETTY_CHARS)
    if cut:  # nested too deep or long to unfold usefully in a table: the text as it is
        return text
    wrapped = Cell(text)
    wrapped.pretty = pretty
    return wrapped
