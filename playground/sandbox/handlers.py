"""Dispatch of one verified action to its handler, and the record handlers.

Error codes chosen where section 2.2 of the shared API notes offers several:

* Unknown field names in estate ``data`` (read, create, modify): 143 "Unknown field in
  estate data"; in the other modules' ``data`` or address parameters: 75 "Unknown field".
  Unknown filter fields are 141 and unknown sort fields 212 (query.py); 145 is not used.
* Modify/delete without a resourceid: 79 "Missing record id". A resourceid that names no
  record: 293 (estate) or 292 (address), which say the record "may not exist"; the other
  modules have no module-specific code, so they get 80 "Unknown record". A read with
  such a resourceid gets the same codes.
* A missing mandatory parameter: 167; a parameter of the wrong shape: 255. The listlimit
  of log and recordsLastSeen is the exception: 256 (paging.py).
* A write beyond the sandbox's memory budget (budget.py), a deliberate deviation: 88
  "Entry could not be modified" for a modify call, 78 "Entry could not be created" for
  every other (creates, uploads, relations, do calls that keep something), each followed
  by why and, where it helps, how to reset the data: the codes whose texts say that a
  write was not kept. Reads and deletes are never refused for it.

Read answers: estate ``elements`` hold exactly the fields named in ``data`` (the WordPress
plugin's read-estate capture has a record without ``Id`` where ``Id`` was not asked for;
``records[].id`` always carries the id). Address ``elements`` always start with ``id``, as
in the docs' read-address example. Without ``data`` a read returns ``DEFAULT_DATA``.

Writes answer as the docs show: create with the new id and empty ``elements``; modify and
delete with ``{"id": 0, "type": <module>, "elements": {"success": "success"}}`` (the
docs' modify-estate and modify-task answers). Delete estate and delete address are not in
the docs' catalogue (enterprise archives such records through their status); the sandbox
offers them so tests can clean up.
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox.budget import OverBudget
from playground.sandbox.calls import Call, Handler, existing
from playground.sandbox.fields import DEFAULT_DATA, FIELDS
from playground.sandbox.formatting import output_language
from playground.sandbox.narrow import NARROW, extra_names
from playground.sandbox.outcome import Answer, ApiError, success
from playground.sandbox.paging import read_paging
from playground.sandbox.query import parse_data, parse_filter, parse_sort, run
from playground.sandbox.registry import EXTRA_HANDLERS
from playground.sandbox.seed import ADDRESS_SEARCHCRITERIA, ID_KEY, Record
from playground.sandbox.store import Store
from playground.sandbox.values import ADDRESS_PSEUDO_FIELDS, coerce, record_out
from playground.sandbox.writes import write_values

_UNKNOWN_FIELD = {"estate": 143}
# The record type of each module's answers, as the docs' examples spell it.
KIND = {"agentslog": "agentslog", "log": "Log", "file": "file"}
_CREATED_KIND = {"agentslog": "agentsLog"}
# The reads whose docs offer formatoutput and outputlanguage (formatting.py).
_FORMATTED = frozenset({"estate", "address"})


def dispatch(store: Store, call: Call, supported: frozenset[tuple[Verb, str]]) -> Answer:
    """Run the handler for the call; 25 for a call the sandbox does not know."""
    handler = HANDLERS.get((call.verb, call.resourcetype))
    if handler is None:
        raise ApiError(25, call.resourcetype)
    try:
        return handler(store, call)
    except OverBudget as exc:
        code = 88 if call.verb is Verb.MODIFY else 78
        raise ApiError(code, detail=exc.detail(store.budget.limits.reset_hint)) from None


def read(module: str) -> Handler:
    """Read records: one by resourceid, or a narrowed, filtered, sorted page."""
    extra = ADDRESS_PSEUDO_FIELDS if module == "address" else frozenset()
    narrow = NARROW.get(module)

    def handler(store: Store, call: Call) -> Answer:
        params = call.parameters
        fields = FIELDS[module]
        names = parse_data(
            params.get("data"),
            fields,
            unknown_code=_UNKNOWN_FIELD.get(module, 75),
            default=DEFAULT_DATA[module],
            extra=extra,
        )
        names += [n for n in extra_names(module, call) if n not in names]
        iso, kind = params.get("countryIsoCodeType"), KIND.get(module)
        labels = output_language(params) if module in _FORMATTED else None

        def out(record: Record) -> dict[str, Any]:
            """One record as this read renders it."""
            return record_out(store, module, record, names, iso=iso, kind=kind, labels=labels)

        if call.resourceid not in (None, "") and module != "log":
            # The docs: with resourceid exactly that record is read and filter is ignored.
            return Answer([out(existing(store, module, call.resourceid))], 1)
        records = store.records(module)
        if narrow is not None:
            records = narrow(records, params)
        clauses = parse_filter(params.get("filter"), fields)
        sort = parse_sort(params.get("sortby"), params.get("sortorder"), fields)
        limit, offset = read_paging(module, params)
        total, page = run(records, clauses, sort, limit, offset)
        return Answer([out(r) for r in page], total)

    return handler


def _create(module: str) -> Handler:
    """Create a record; the answer carries the new id as records[0].id."""

    def handler(store: Store, call: Call) -> Answer:
        params = call.parameters
        raw, links = write_values(store, module, params, create=True)
        values = coerce(module, raw, unknown_code=_UNKNOWN_FIELD.get(module, 75))
        owner = None
        if module == "searchcriteria":
            if "addressid" not in params:
                raise ApiError(167, "addressid")
            owner = int(existing(store, "address", params["addressid"])[ID_KEY])
        new_id = store.create(module, {**values, **links})
        if owner is not None:
            store.relate(ADDRESS_SEARCHCRITERIA, [owner], [new_id], refusable=False)
        # The docs' create answers: "elements": [] (an empty PHP array).
        kind = _CREATED_KIND.get(module, module)
        return Answer([{"id": new_id, "type": kind, "elements": []}], None)

    return handler


def _modify(module: str) -> Handler:
    """Change fields of the record named by resourceid."""

    def handler(store: Store, call: Call) -> Answer:
        rid = int(existing(store, module, call.resourceid)[ID_KEY])
        raw, links = write_values(store, module, call.parameters, create=False)
        values = coerce(module, raw, unknown_code=_UNKNOWN_FIELD.get(module, 75))
        store.modify(module, rid, {**values, **links})
        return success(_CREATED_KIND.get(module, module))

    return handler


def _delete(module: str) -> Handler:
    """Delete the record named by resourceid, with its relations."""

    def handler(store: Store, call: Call) -> Answer:
        store.delete(module, int(existing(store, module, call.resourceid)[ID_KEY]))
        return success(module)

    return handler


HANDLERS: dict[tuple[Verb, str], Handler] = dict(EXTRA_HANDLERS)
for _module in ("estate", "address", "agentslog", "user", "task", "calendar", "log"):
    HANDLERS[(Verb.READ, _module)] = read(_module)
for _module in ("estate", "address", "searchcriteria", "agentslog", "task", "calendar"):
    HANDLERS[(Verb.CREATE, _module)] = _create(_module)
    HANDLERS[(Verb.MODIFY, _module)] = _modify(_module)
for _module in ("estate", "address", "searchcriteria", "calendar", "task", "agentslog"):
    HANDLERS[(Verb.DELETE, _module)] = _delete(_module)
