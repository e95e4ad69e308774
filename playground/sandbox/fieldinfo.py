"""Field-configuration calls besides ``get fields``: search-criteria fields, multiselect
configuration, select values of address fields and address-completion fields.

All of them are derived from the same field definitions the records use, so a key they
list is a key a write accepts.
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.calls import Call, Handler
from playground.sandbox.fielddef import FieldDef
from playground.sandbox.fields import FIELDS
from playground.sandbox.lookups import language
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.store import Store
from playground.sandbox.vocab import HERKUNFT_PARENT

_TYPE_URN = "urn:onoffice-de-ns:smart:2.5:dbAccess:dataType:"
_KINDS = "wohnung,haus,grundstueck,buero_praxen,einzelhandel,gastgewerbe,hallen_lager_prod"


def _groups(fields: list[FieldDef]) -> dict[tuple[str, str], list[FieldDef]]:
    """Fields grouped by their category, in definition order."""
    grouped: dict[tuple[str, str], list[FieldDef]] = {}
    for fdef in fields:
        grouped.setdefault(fdef.category, []).append(fdef)
    return grouped


def search_criteria_fields(store: Store, call: Call) -> Answer:
    """get searchCriteriaFields: one record per category, fields with range flags."""
    eng = language(call.parameters, "language")
    plain: dict[str, FieldDef] = {}
    for name, fdef in FIELDS["searchcriteria"].items():
        plain.setdefault(name.split("__")[0], fdef)
    records = []
    for number, (category, defs) in enumerate(_groups(list(plain.values())).items()):
        entries = []
        for position, fdef in enumerate(defs, start=1):
            base = fdef.name.split("__")[0]
            ranged = base != fdef.name
            label = fdef.label(("DEU", "ENG")[eng]).removesuffix(" von").removesuffix(" from")
            entry: dict[str, Any] = {
                "id": base, "name": label, "position": str(position),
                "ko": "true" if base in ("kaufpreis", "objektart") else "false",
                "rangefield": "true" if ranged else "false",
                "type": _TYPE_URN + fdef.type, "objektarten": _KINDS}  # fmt: skip
            if fdef.permitted:
                entry["values"] = {k: v[eng] for k, v in fdef.permitted.items()}
            entries.append(entry)
        elements = {"name": category[eng], "fields": entries}
        records.append({"id": number, "type": "", "elements": elements})
    return Answer(records, None)


def multiselect_configuration(store: Store, call: Call) -> Answer:
    """get multiselectconfiguration: each value of the module's multiselect fields."""
    module = call.parameters.get("module")
    fields = FIELDS.get(str(module)) if module in ("address", "estate", "searchcriteria") else None
    if fields is None:
        raise ApiError(167 if module in (None, "") else 255, "module")
    eng = language(call.parameters, "language")
    wanted = call.parameters.get("fields") or [n for n, f in fields.items() if f.listed]
    records: list[dict[str, Any]] = []
    # Each field once: a repeated name listed its values again, 125 times the request's size.
    for name in dict.fromkeys(map(str, wanted)):
        fdef = fields.get(str(name))
        if fdef is None or not fdef.permitted:
            raise ApiError(75, str(name))
        for position, (key, labels) in enumerate(fdef.permitted.items(), start=1):
            parent = HERKUNFT_PARENT.get(key) if name == "HerkunftKontakt" else None
            records.append({"id": len(records) + 1, "type": "", "elements": {
                "field": key, "fieldcontent": labels[eng], "multiselectfield": name,
                "active": 1, "fieldfilter": 0, "default": 0, "position": position,
                "level": 2 if parent else 1, "parent": parent}})  # fmt: skip
    return Answer(records, len(records))


def address_field_values(store: Store, call: Call) -> Answer:
    """get confignewaddressfields (resourceid fieldvalues): keys and titles of one field."""
    name = call.parameters.get("fieldname")
    if name in (None, ""):
        raise ApiError(167, "fieldname")
    fdef = FIELDS["address"].get(str(name))
    if fdef is None or not fdef.permitted:
        raise ApiError(75, str(name))
    eng = language(call.parameters, "language")
    records = [{"id": key, "type": "", "elements": {"title": labels[eng]}}
               for key, labels in fdef.permitted.items()]  # fmt: skip
    return Answer(records, len(records))


def address_completion_fields(store: Store, call: Call) -> Answer:
    """get addressCompletionFields: the writable address fields, grouped by category."""
    writable = [f for f in FIELDS["address"].values() if f.writable]
    records = []
    for number, (category, defs) in enumerate(_groups(writable).items()):
        entries = [{"id": f.name, "name": f.label_de, "type": f.type,
                    "values": {k: v[0] for k, v in f.permitted.items()}} for f in defs]  # fmt: skip
        records.append(
            {"id": number, "type": "", "elements": {"name": category[0], "fields": entries}}
        )
    return Answer(records, None)


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "searchCriteriaFields"): search_criteria_fields,
    (Verb.GET, "multiselectconfiguration"): multiselect_configuration,
    (Verb.GET, "confignewaddressfields"): address_field_values,
    (Verb.GET, "addressCompletionFields"): address_completion_fields,
}
