"""Request values into stored values (create/modify), stored records into ``elements``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from playground.sandbox.fielddef import FieldDef, Value, finite_number
from playground.sandbox.fields import FIELDS
from playground.sandbox.formatting import labelled
from playground.sandbox.outcome import ApiError
from playground.sandbox.seed import ID_KEY, Record
from playground.sandbox.store import Store

# Pseudo fields a read address may name in ``data`` (DOC:/actions/datensatz-lesen/adressen/).
ADDRESS_PSEUDO_FIELDS = frozenset(
    {"phone", "mobile", "fax", "email", "defaultphone", "defaultfax", "defaultemail", "imageUrl"}
)
# Create/modify address parameters that feed a field of the address itself
# (DOC:/actions/datensatz-anlegen/adressen/); explicit field values take precedence.
_ADDRESS_ALIASES = {
    "phone": "Telefon1", "phone_private": "Telefon1", "phone_business": "Telefon1",
    "default_phone": "Telefon1", "email": "Email", "email_private": "Email",
    "email_business": "Email", "default_email": "Email",
}  # fmt: skip
# Documented parameters the sandbox accepts but does not model.
_ADDRESS_ALIASES.update({"mobile": "Handy", "phone_business": "Telefon2"})
_ADDRESS_IGNORED = frozenset(
    {"fax", "fax_private", "fax_business", "default_fax", "checkDuplicate",
     "noOverrideByDuplicate", "extendedclaim"}
)  # fmt: skip
_ISO2 = {"DEU": "DE", "AUT": "AT", "CHE": "CH"}
_SELECT_TYPES = frozenset({"singleselect", "multiselect"})


def address_fields(parameters: Mapping[str, Any]) -> dict[str, Any]:
    """The field values of a create/modify address call, whose fields sit in ``parameters``."""
    values = {
        key: value
        for key, value in parameters.items()
        if key not in _ADDRESS_ALIASES and key not in _ADDRESS_IGNORED
    }
    for key, value in parameters.items():
        target = _ADDRESS_ALIASES.get(key)
        if target is not None:
            values.setdefault(target, _contact_value(value))
    return values


def _contact_value(value: object) -> object:
    """A phone or e-mail parameter; modify address may send {"action", "newvalue", ...}."""
    if not isinstance(value, dict):
        return value
    if value.get("action") == "delete":
        return ""
    return value.get("newvalue", "")


def coerce(module: str, values: Mapping[str, object], *, unknown_code: int) -> Record:
    """Validate field values for ``module`` and convert them to their stored types."""
    fields = FIELDS[module]
    record: Record = {}
    for name, raw in values.items():
        fdef = fields.get(name)
        if fdef is None:
            raise ApiError(unknown_code, name)
        if not fdef.writable:
            raise ApiError(255, name)
        record[name] = _coerce_value(fdef, raw)
    return record


def _coerce_value(fdef: FieldDef, raw: object) -> Value:
    """One value for ``fdef``: select keys checked, numbers parsed, lengths enforced."""
    if fdef.listed:
        return _multiselect(fdef, raw)
    if isinstance(raw, list | dict):
        raise ApiError(255, fdef.name)
    if fdef.type == "singleselect":
        return _select_key(fdef, _plain_text(raw))
    if fdef.numeric:
        number = _number(raw)
        if number is None or (fdef.type != "float" and not number.is_integer()):
            raise ApiError(255, fdef.name)
        if fdef.type == "boolean" and number not in (0, 1):
            raise ApiError(255, fdef.name)
        return number if fdef.type == "float" else int(number)
    text = _plain_text(raw)
    if fdef.length is not None and len(text) > fdef.length:
        raise ApiError(255, fdef.name)
    return text


def _multiselect(fdef: FieldDef, raw: object) -> tuple[str, ...]:
    """Multiselect keys, given as a list or a single key; 76 for a key not permitted."""
    items = raw if isinstance(raw, list) else [] if raw in (None, "") else [raw]
    keys: list[str] = []
    for item in items:
        if isinstance(item, list | dict):
            raise ApiError(255, fdef.name)
        key = _plain_text(item)
        if fdef.permitted and key not in fdef.permitted:
            raise ApiError(76, key)
        keys.append(key)
    return tuple(dict.fromkeys(keys))


def _plain_text(raw: object) -> str:
    """A scalar as the text PHP would store: null is empty, 2.0 is "2", true is "1"."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return "1" if raw else ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _number(raw: object) -> float | None:
    """A value to store in a numeric field; null and an empty text are 0, None if not one."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 0.0
    return finite_number(raw)


def _select_key(fdef: FieldDef, text: str) -> str:
    """A permitted key of a single-select field; a label in DEU or ENG maps to its key."""
    if text == "" or text in fdef.permitted:
        return text
    folded = text.casefold()
    for key, labels in fdef.permitted.items():
        if folded in (label.casefold() for label in labels):
            return key
    raise ApiError(77, text)


def record_out(
    store: Store,
    module: str,
    record: Record,
    names: Sequence[str],
    *,
    iso: object = None,
    kind: str | None = None,
    labels: int | None = None,
) -> dict[str, Any]:
    """One ``records`` entry with the requested fields rendered as the API sends them."""
    view = store.view(module, record)
    return {
        "id": record[ID_KEY],
        "type": kind or module,
        "elements": elements(module, record, view, names, iso=iso, labels=labels),
    }


def elements(
    module: str,
    record: Record,
    view: Mapping[str, str | list[str]],
    names: Sequence[str],
    *,
    iso: object = None,
    labels: int | None = None,
) -> dict[str, Any]:
    """The ``elements`` object; addresses always carry their ``id`` (docs example).

    ``labels`` (formatoutput, see formatting.py): None keeps select keys, 0 or 1 gives
    their German or English labels.
    """
    fields = FIELDS[module]
    out: dict[str, Any] = {"id": record[ID_KEY]} if module == "address" else {}
    for name in names:
        rendered = view.get(name)
        if rendered is None:
            out.update(_address_pseudo(name, record))
        elif module == "address" and name == "Land" and isinstance(rendered, str):
            out[name] = _country(rendered, iso, labels or 0)
        elif labels is not None and fields[name].type in _SELECT_TYPES:
            out[name] = labelled(fields[name], rendered, labels)
        else:
            out[name] = rendered
    return out


def _country(key: str, iso: object, eng: int) -> str:
    """Land in full text, or as ISO code when ``countryIsoCodeType`` asks for one."""
    if iso == "ISO-3166-3":
        return key
    if iso == "ISO-3166-2":
        return _ISO2.get(key, key)
    labels = FIELDS["address"]["Land"].permitted.get(key)
    return labels[eng] if labels else key


def _address_pseudo(name: str, record: Record) -> dict[str, Any]:
    """Phone-book pseudo fields in the ``<type>__<entry id>`` notation of the docs."""
    entry = int(record[ID_KEY]) * 10
    if name in ("phone", "defaultphone") and record["Telefon1"]:
        return {f"phone__{entry + 1}": record["Telefon1"]}
    if name == "mobile" and record["Handy"]:
        return {f"mobile__{entry + 2}": record["Handy"]}
    if name in ("email", "defaultemail") and record["Email"]:
        return {f"email__{entry + 3}": record["Email"]}
    if name == "imageUrl":
        return {"imageUrl": ""}
    return {}
