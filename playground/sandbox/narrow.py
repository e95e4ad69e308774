"""Module-specific read parameters that narrow the records before ``filter`` applies.

* address: ``recordids`` (DOC read address); estate and address: ``filterid``, a filter
  saved in enterprise (``get filters`` lists them).
* agentslog: ``estateid`` / ``addressid`` (DOC read agents log).
* task: ``relatedAddressId`` / ``relatedEstateId`` (DOC read tasks); the answer then also
  carries those fields, as in the docs' example.
* calendar: ``datestart``/``dateend`` (either "2025-01-31 23:59:59" or the SDK's
  "25-03-2022 02:17:53"), ``showcancelled``, ``users``/``allusers`` (DOC read calendar).
* log: ``module``, ``user`` and ``action`` (DOC number of log entries, section 3.2 of the
  shared API notes); its listlimit and listOffset are paging.py's.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from playground.sandbox.calls import Call, id_list
from playground.sandbox.fields import FIELDS
from playground.sandbox.outcome import ApiError
from playground.sandbox.query import parse_filter
from playground.sandbox.saved_filters import SAVED_FILTERS
from playground.sandbox.seed import ID_KEY, Record

Narrow = Callable[[list[Record], dict[str, Any]], list[Record]]


def _containing(records: list[Record], field: str, ids: list[int]) -> list[Record]:
    """Records whose id-list ``field`` names one of ``ids``."""
    wanted = {str(i) for i in ids}
    out = []
    for record in records:
        value = record[field]
        items = value if isinstance(value, tuple) else (str(value),)
        if wanted.intersection(items):
            out.append(record)
    return out


def _saved_filter(module: str) -> Narrow:
    """``filterid``: the clauses of a filter saved for ``module``."""

    def narrow(records: list[Record], params: dict[str, Any]) -> list[Record]:
        if params.get("filterid") in (None, ""):
            return records
        saved = SAVED_FILTERS[module].get(str(params["filterid"]))
        if saved is None:
            raise ApiError(255, "filterid")
        clauses = parse_filter(saved.clauses, FIELDS[module])
        return [r for r in records if all(c.matches(r) for c in clauses)]

    return narrow


def _address(records: list[Record], params: dict[str, Any]) -> list[Record]:
    """recordids and filterid."""
    if params.get("recordids") not in (None, []):
        wanted = set(id_list(params["recordids"], "recordids"))
        records = [r for r in records if r[ID_KEY] in wanted]
    return _saved_filter("address")(records, params)


def _agentslog(records: list[Record], params: dict[str, Any]) -> list[Record]:
    """estateid and addressid."""
    for name, field in (("estateid", "Objekt_nr"), ("addressid", "Adress_nr")):
        if params.get(name) not in (None, "", []):
            records = _containing(records, field, id_list(params[name], name))
    return records


def _task(records: list[Record], params: dict[str, Any]) -> list[Record]:
    """relatedAddressId and relatedEstateId."""
    for name in ("relatedAddressId", "relatedEstateId"):
        if params.get(name) not in (None, "", []):
            records = _containing(records, name, id_list(params[name], name))
    return records


def parse_moment(value: object, parameter: str) -> str:
    """A date or datetime parameter in the API's "YYYY-MM-DD HH:MM:SS" form."""
    if isinstance(value, str):
        for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%d-%m-%Y %H:%M:%S"):
            try:
                return datetime.strptime(value.strip(), form).strftime("%Y-%m-%d %H:%M:%S")
            except ValueError:
                continue
    raise ApiError(255, parameter)


def _calendar(records: list[Record], params: dict[str, Any]) -> list[Record]:
    """datestart/dateend, showcancelled and users."""
    if params.get("datestart") not in (None, ""):
        start = parse_moment(params["datestart"], "datestart")
        records = [r for r in records if str(r["end_dt"]) >= start]
    if params.get("dateend") not in (None, ""):
        end = parse_moment(params["dateend"], "dateend")
        records = [r for r in records if str(r["start_dt"]) <= end]
    if params.get("showcancelled") in (False, 0, "0", "false", None):
        records = [r for r in records if r["status"] != "cancelled"]
    if params.get("users") not in (None, []) and not params.get("allusers"):
        records = _containing(records, "user_ids", id_list(params["users"], "users"))
    return records


def _log(records: list[Record], params: dict[str, Any]) -> list[Record]:
    """module, user and action (DOC number of log entries); paging.py checks listlimit."""
    for name, field in (("module", "module"), ("user", "userId"), ("action", "action")):
        if params.get(name) not in (None, ""):
            records = [r for r in records if str(r[field]) == str(params[name])]
    return records


NARROW: dict[str, Narrow] = {
    "estate": _saved_filter("estate"),
    "address": _address,
    "agentslog": _agentslog,
    "task": _task,
    "calendar": _calendar,
    "log": _log,
}


def extra_names(module: str, call: Call) -> tuple[str, ...]:
    """Fields an answer carries beyond ``data`` because a parameter asked for them."""
    if module == "task":
        return tuple(n for n in ("relatedAddressId", "relatedEstateId") if n in call.parameters)
    return ()
