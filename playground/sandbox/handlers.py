"""Dispatch of one verified action to its handler, and the record handlers.

Error codes chosen where section 2.2 of the shared API notes offers several:

* Unknown field names in estate ``data`` (read, create, modify): 143 "Unknown field in
  estate data"; in address and search-criteria ``data`` or address parameters: 75
  "Unknown field". Unknown filter fields are 141 and unknown sort fields 212 (query.py);
  145 is not used.
* Modify/delete without a resourceid: 79 "Missing record id". A resourceid that names no
  record: 293 (estate) or 292 (address), which say the record "may not exist"; search
  criteria have no module-specific code, so they get 80 "Unknown record". A read with
  such a resourceid gets the same codes.
* A missing mandatory parameter: 167; a parameter of the wrong shape: 255.

Read answers: estate ``elements`` hold exactly the fields named in ``data`` (the WordPress
plugin's read-estate capture has a record without ``Id`` where ``Id`` was not asked for;
``records[].id`` always carries the id). Address ``elements`` always start with ``id``, as
in the docs' read-address example. Without ``data`` a read returns ``DEFAULT_DATA``.

Delete estate and delete address are not in the docs' catalogue (enterprise archives
such records through their status); the sandbox offers them so tests can clean up.
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox import info, relations
from playground.sandbox.calls import Call, Handler, existing, id_list
from playground.sandbox.fields import DEFAULT_DATA, FIELDS
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.query import parse_data, parse_filter, parse_paging, parse_sort, run
from playground.sandbox.seed import ADDRESS_SEARCHCRITERIA, ID_KEY
from playground.sandbox.store import Store
from playground.sandbox.values import (
    ADDRESS_PSEUDO_FIELDS,
    address_fields,
    coerce,
    record_out,
)

_UNKNOWN_FIELD = {"estate": 143, "address": 75, "searchcriteria": 75}


def dispatch(store: Store, call: Call, supported: frozenset[tuple[Verb, str]]) -> Answer:
    """Run the handler for the call; other catalogue calls get an empty answer, others 25."""
    handler = HANDLERS.get((call.verb, call.resourcetype))
    if handler is not None:
        return handler(store, call)
    if (call.verb, call.resourcetype) in supported:
        return Answer([], 0 if call.verb is Verb.READ else None)
    raise ApiError(25, call.resourcetype)


def _read(module: str) -> Handler:
    """Read estates or addresses: one by resourceid, or a filtered, sorted page."""
    extra = ADDRESS_PSEUDO_FIELDS if module == "address" else frozenset()

    def handler(store: Store, call: Call) -> Answer:
        params = call.parameters
        names = parse_data(
            params.get("data"),
            FIELDS[module],
            unknown_code=_UNKNOWN_FIELD[module],
            default=DEFAULT_DATA[module],
            extra=extra,
        )
        iso = params.get("countryIsoCodeType")
        if call.resourceid not in (None, ""):
            # The docs: with resourceid exactly that record is read and filter is ignored.
            record = existing(store, module, call.resourceid)
            return Answer([record_out(store, module, record, names, iso=iso)], 1)
        fields = FIELDS[module]
        clauses = parse_filter(params.get("filter"), fields)
        sort = parse_sort(params.get("sortby"), params.get("sortorder"), fields)
        limit, offset = parse_paging(params.get("listlimit"), params.get("listoffset"))
        records = store.records(module)
        if module == "address" and params.get("recordids") not in (None, []):
            wanted = set(id_list(params["recordids"], "recordids"))
            records = [r for r in records if r[ID_KEY] in wanted]
        total, page = run(records, clauses, sort, limit, offset)
        return Answer([record_out(store, module, r, names, iso=iso) for r in page], total)

    return handler


def _data_object(params: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """The ``data`` object of an estate or search-criteria write."""
    data = params.get("data")
    if data is None or data == []:
        if required:
            raise ApiError(167, "data")
        return {}
    if not isinstance(data, dict):
        raise ApiError(255, "data")
    return data


def _write_values(module: str, params: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """The field values of a create/modify call in the shape the module's docs prescribe."""
    if module == "address":
        return address_fields(params)
    return _data_object(params, required=required)


def _create(module: str) -> Handler:
    """Create a record; the answer carries the new id as records[0].id."""

    def handler(store: Store, call: Call) -> Answer:
        params = call.parameters
        values = coerce(
            module,
            _write_values(module, params, required=module == "estate"),
            unknown_code=_UNKNOWN_FIELD[module],
        )
        owner = None
        if module == "searchcriteria":
            if "addressid" not in params:
                raise ApiError(167, "addressid")
            owner = int(existing(store, "address", params["addressid"])[ID_KEY])
        new_id = store.create(module, values)
        if owner is not None:
            store.relate(ADDRESS_SEARCHCRITERIA, [owner], [new_id])
        # WordPress plugin capture of create address: "elements": [] (an empty PHP array).
        return Answer([{"id": new_id, "type": module, "elements": []}], None)

    return handler


def _modify(module: str) -> Handler:
    """Change fields of the record named by resourceid."""

    def handler(store: Store, call: Call) -> Answer:
        rid = int(existing(store, module, call.resourceid)[ID_KEY])
        values = coerce(
            module,
            _write_values(module, call.parameters, required=True),
            unknown_code=_UNKNOWN_FIELD[module],
        )
        store.modify(module, rid, values)
        return Answer([], None)

    return handler


def _delete(module: str) -> Handler:
    """Delete the record named by resourceid, with its relations."""

    def handler(store: Store, call: Call) -> Answer:
        store.delete(module, int(existing(store, module, call.resourceid)[ID_KEY]))
        return Answer([], None)

    return handler


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.READ, "estate"): _read("estate"),
    (Verb.READ, "address"): _read("address"),
    (Verb.READ, "basicsettings"): info.basic_settings,
    (Verb.READ, "impressum"): info.imprint,
    (Verb.GET, "fields"): info.fields,
    (Verb.GET, "search"): info.search,
    (Verb.GET, "searchcriterias"): info.searchcriterias,
    (Verb.GET, "idsfromrelation"): relations.ids_from_relation,
    (Verb.CREATE, "relation"): relations.create_relation,
    (Verb.DELETE, "relation"): relations.delete_relation,
}
for _module in ("estate", "address", "searchcriteria"):
    HANDLERS[(Verb.CREATE, _module)] = _create(_module)
    HANDLERS[(Verb.MODIFY, _module)] = _modify(_module)
    HANDLERS[(Verb.DELETE, _module)] = _delete(_module)
