"""One field of a sandbox module and its entry in the answer of ``get fields``.

Types are the onOffice field types (``varchar``, ``text``, ``integer``, ``float``,
``boolean``, ``singleselect``, ``multiselect``, ``date``, ``datetime``). Values leave the
sandbox as the API renders them: strings for scalar types, floats with two decimals
("249000.00"), booleans as "1"/"0" (the WordPress plugin's read-estate captures), and
lists of keys for multiselect fields and id lists (``Objekt_nr`` in the docs' read
agents-log example).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

# Lists are stored as tuples so that a shallow copy of a record never shares state.
Value = str | int | float | tuple[str, ...]
NUMERIC_TYPES = frozenset({"integer", "float", "boolean"})
Labels = Mapping[str, tuple[str, str]]
NO_VALUES: Labels = MappingProxyType({})
MASTER = ("Stammdaten", "Master data")


@dataclass(frozen=True)
class FieldDef:
    """One field: type, labels, permitted select keys (with DEU/ENG labels) and default."""

    name: str
    type: str
    label_de: str
    label_en: str
    category: tuple[str, str] = MASTER
    length: int | None = None
    permitted: Labels = field(default_factory=dict)
    default: str | None = None
    writable: bool = True

    @property
    def numeric(self) -> bool:
        """True when the API compares and sorts this field as a number."""
        return self.type in NUMERIC_TYPES

    @property
    def listed(self) -> bool:
        """True when the field holds a list (multiselect keys or record ids)."""
        return self.type == "multiselect"

    def label(self, language: str) -> str:
        """The label in ``language`` (ENG, or DEU for every other language)."""
        return self.label_en if language == "ENG" else self.label_de

    def empty(self) -> Value:
        """The value a record holds when this field was never set."""
        if self.listed:
            return ()
        if self.type in ("integer", "boolean"):
            return int(self.default or 0)
        if self.type == "float":
            return float(self.default or 0)
        return self.default or ""

    def render(self, value: Value) -> str | list[str]:
        """The value as the API sends it in ``elements``."""
        if isinstance(value, tuple):
            return list(value)
        if self.type == "float":
            return f"{float(value):.2f}"
        if self.type in ("integer", "boolean"):
            return str(int(value))
        return str(value)


def text(
    name: str, de: str, en: str, length: int = 80, category: tuple[str, str] = MASTER
) -> FieldDef:
    """Shorthand for a varchar field."""
    return FieldDef(name, "varchar", de, en, category=category, length=length)


def typed(
    name: str,
    type_: str,
    de: str,
    en: str,
    *,
    category: tuple[str, str] = MASTER,
    permitted: Labels = NO_VALUES,
    default: str | None = None,
    writable: bool = True,
) -> FieldDef:
    """Shorthand for a field of any other type."""
    return FieldDef(name, type_, de, en, category, None, permitted, default, writable)


def describe(fdef: FieldDef, *, labels: bool, language: str) -> dict[str, object]:
    """One field entry of a ``get fields`` record, as in the captured answers."""
    permitted: object = None
    if fdef.permitted:
        if labels:
            permitted = {
                key: pair[1 if language == "ENG" else 0] for key, pair in fdef.permitted.items()
            }
        else:
            permitted = list(fdef.permitted)
    entry: dict[str, object] = {
        "type": fdef.type,
        "length": fdef.length,
        "permittedvalues": permitted,
        "default": fdef.default,
        "filters": [],
        "dependencies": [],
        "compoundFields": [],
    }
    if labels:
        entry["label"] = fdef.label(language)
        entry["tablename"] = fdef.category[0]
        entry["content"] = fdef.category[1 if language == "ENG" else 0]
    return entry


def finite_number(raw: object) -> float | None:
    """A JSON number, boolean or numeric string as a finite float; None for anything else."""
    if not isinstance(raw, bool | int | float | str):
        return None
    try:
        number = float(raw.strip() if isinstance(raw, str) else raw)
    except (ValueError, OverflowError):  # not a number, or an integer of 400 digits
        return None
    # "nan" and "inf" read as floats, but no price or area is one, and NaN breaks sorting.
    return number if math.isfinite(number) else None
