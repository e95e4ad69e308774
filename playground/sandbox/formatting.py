"""``formatoutput`` and ``outputlanguage`` of read estate and read address, and the
boolean and language parameters of the other calls.

The docs (DOC:/actions/datensatz-lesen/objekte/, .../adressen/): with ``formatoutput``
true, single- and multiselect fields carry their labels ("content") instead of their keys;
``outputlanguage`` (ISO-3) picks the language of those labels and needs ``formatoutput``.
The WordPress plugin's formatted read-estate captures show exactly that ("objektart":
"House", "vermarktungsart": "Purchase", "land": "Germany" for the keys haus, kauf, DEU),
with booleans still "0"/"1" and coordinates unchanged.

Decisions where the sources say nothing:

* The sandbox knows German and English labels. ``ENG`` gives English; every other valid
  language (DEU, FRA, ESP, ITA, HRV) gives German, the account's system language, as
  onOffice does for a label that has no translation.
* A multiselect field stays a list, with each key replaced by its label.
* Numbers keep their plain form: the unit and separators onOffice adds depend on the
  account's "representation of numerical values" setting, which no source shows.
* An ``outputlanguage`` that is no ISO-3 language gets 160 "Invalid language" even
  without ``formatoutput``; a ``formatoutput`` that is no boolean (true/false, 1/0,
  "1"/"0", "true"/"false") gets 255 "Invalid value for parameter".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground.sandbox.fielddef import FieldDef
from playground.sandbox.lookups import language
from playground.sandbox.outcome import ApiError

# True and False also stand for the JSON numbers 1 and 0 (equal in Python).
_TRUE = frozenset({True, "1", "true"})
_FALSE = frozenset({False, "0", "false", ""})


def flag(params: Mapping[str, Any], name: str, *, default: bool = False) -> bool:
    """A boolean parameter as PHP would read it; 255 for a value that is no boolean."""
    value = params.get(name)
    if value is None:
        return default
    if isinstance(value, bool | int | str):
        folded = value.lower() if isinstance(value, str) else value
        if folded in _TRUE:
            return True
        if folded in _FALSE:
            return False
    raise ApiError(255, name)


def output_language(params: dict[str, Any]) -> int | None:
    """None when values stay keys, else 0 (German) or 1 (English) for labels."""
    eng = language(params, "outputlanguage")
    return eng if flag(params, "formatoutput") else None


def labelled(fdef: FieldDef, rendered: str | list[str], eng: int) -> str | list[str]:
    """A select field's key (or list of keys) as its label in German or English."""
    if not fdef.permitted:
        return rendered
    if isinstance(rendered, list):
        return [_label(fdef, key, eng) for key in rendered]
    return _label(fdef, rendered, eng)


def _label(fdef: FieldDef, key: str, eng: int) -> str:
    """One key's label; an empty or unknown key stays as it is."""
    pair = fdef.permitted.get(key)
    return pair[eng] if pair else key
