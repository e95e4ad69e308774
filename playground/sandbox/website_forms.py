"""The calls a website's forms and search boxes make: get distinctValues and do contactaddress.

onOffice's own website plug-in fills its search selects with ``get distinctValues`` (the
values a field takes in the records a filter lets through) and posts its contact forms
with ``do contactaddress`` (the sender's address is stored and, with an estate id, linked
to that estate as a prospect; onOffice then e-mails the agent).
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.calls import Call, Handler, existing
from playground.sandbox.fields import FIELDS
from playground.sandbox.lookups import language
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.query import parse_filter
from playground.sandbox.seed import ID_KEY, INTERESTED, Record
from playground.sandbox.store import Store
from playground.sandbox.values import address_fields, coerce

_DISTINCT_MODULES = ("estate", "address", "searchcriteria")
# Unknown field codes of the modules (as a read of that module answers).
_UNKNOWN_FIELD = {"estate": 143, "address": 141}


def _required(params: dict[str, Any], name: str) -> Any:
    """A parameter the call cannot do without (167 names it when it is missing)."""
    value = params.get(name)
    if value in (None, "", [], {}):
        raise ApiError(167, name)
    return value


def distinct_values(store: Store, call: Call) -> Answer:
    """get distinctValues: each value of one field among the records the filter admits."""
    params = call.parameters
    module = _required(params, "module")
    if module not in _DISTINCT_MODULES:
        raise ApiError(163, str(module))
    fields = FIELDS[module]
    name = str(_required(params, "field"))
    fdef = fields.get(name)
    if fdef is None:
        raise ApiError(_UNKNOWN_FIELD.get(module, 75), name)
    clauses = parse_filter(params.get("filter"), fields)
    eng = language(params, "language")
    values: dict[str, str] = {}
    for record in store.records(module):
        if not all(clause.matches(record) for clause in clauses):
            continue
        for value in _values(record, name):
            labels = fdef.permitted.get(value)
            values.setdefault(value, labels[eng] if labels else value)
    # One record whose elements map each value to its label, as onOffice answers.
    return Answer([{"id": 0, "type": "", "elements": dict(sorted(values.items()))}], None)


def _values(record: Record, name: str) -> list[str]:
    """The non-empty values a record holds in a field (a multiselect holds several)."""
    raw = record.get(name)
    items = raw if isinstance(raw, tuple) else (raw,)
    return [str(item) for item in items if item not in (None, "")]


def contact_address(store: Store, call: Call) -> Answer:
    """do contactaddress: store the sender's address, link it to the estate asked about."""
    params = call.parameters
    data = _required(params, "addressdata")
    if not isinstance(data, dict):
        raise ApiError(255, "addressdata")
    estate = existing(store, "estate", params["estateid"]) if params.get("estateid") else None
    values = coerce("address", address_fields(data), unknown_code=_UNKNOWN_FIELD["address"])
    address_id = store.create("address", values)
    if estate is not None:
        store.relate(INTERESTED, [int(estate[ID_KEY])], [address_id], refusable=False)
    return Answer([{"id": 0, "type": "", "elements": {"success": "success"}}], None)


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "distinctValues"): distinct_values,
    (Verb.DO, "contactaddress"): contact_address,
}
