"""Information calls computed from the records: rights, appointment lists and conflicts,
macros, links, matching prospects, records last seen and user photos."""

from __future__ import annotations

import re
from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox import staff
from playground.sandbox.calls import UNKNOWN_RECORD, Call, Handler, existing, id_list
from playground.sandbox.info import criteria_fit
from playground.sandbox.narrow import parse_moment
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.paging import mandatory_listlimit, parse_paging
from playground.sandbox.seed import ADDRESS_SEARCHCRITERIA, ID_KEY, Record
from playground.sandbox.store import Store


def _mandatory(params: dict[str, Any], name: str) -> Any:
    """A mandatory parameter's value, or 167."""
    if params.get(name) in (None, "", []):
        raise ApiError(167, name)
    return params[name]


def check_rights(store: Store, call: Call) -> Answer:
    """get checkuserrecordsright: the given records the user may access (all that exist)."""
    params = call.parameters
    module = str(_mandatory(params, "module"))
    if module not in UNKNOWN_RECORD:
        raise ApiError(255, "module")
    existing(store, "user", _mandatory(params, "userid"))
    ids = id_list(_mandatory(params, "recordIds"), "recordIds")
    allowed = [str(i) for i in ids if store.get(module, i) is not None]
    return Answer([{"id": 0, "type": "", "elements": allowed}], len(allowed))


def _appointment(record: Record) -> dict[str, Any]:
    """One appointment in the shape of get appointmentList."""
    start, end = (str(record[k]).replace(" ", "T") + "+00:00" for k in ("start_dt", "end_dt"))
    return {"id": str(record[ID_KEY]), "subject": record["description"], "notes": record["note"],
            "type": {"value": record["art"], "label": record["art"]},
            "status": {"value": record["status"], "label": record["status"]},
            "date": {"start": start, "end": end, "allDay": bool(record["ganztags"])},
            "private": bool(record["private"]), "location": {"type": "other",
                                                             "value": record["ort"]},
            "users": [int(u) for u in record["user_ids"]],
            "contacts": [int(a) for a in record["relatedAddressIds"]],
            "estate": record["relatedEstateId"] or None}  # fmt: skip


def appointment_list(store: Store, call: Call) -> Answer:
    """get appointmentList: appointments of a period (startDate and endDate mandatory)."""
    flt = call.parameters.get("filter")
    if not isinstance(flt, dict):
        raise ApiError(167, "filter")
    start = parse_moment(_mandatory(flt, "startDate"), "startDate")[:10]
    end = parse_moment(_mandatory(flt, "endDate"), "endDate")[:10] + " 23:59:59"
    found = [r for r in store.records("calendar")
             if start <= str(r["start_dt"]) <= end
             and (not flt.get("isCancelled") or r["status"] == "cancelled")
             and (flt.get("isCancelled") is not False or r["status"] != "cancelled")
             and (flt.get("isDone") is not True or r["status"] == "done")]  # fmt: skip
    users = flt.get("userIds")
    if users:
        wanted = {str(u) for u in id_list(users, "userIds")}
        found = [r for r in found if wanted.intersection(r["user_ids"])]
    wanted_data = call.parameters.get("data") or None
    # A set: a list of 20,000 names was scanned for every key of 500 appointments (1.4 s).
    keep = frozenset(map(str, wanted_data)) if isinstance(wanted_data, list) else None
    records = []
    for record in found[:500]:
        elements = _appointment(record)
        if keep is not None:
            elements = {k: v for k, v in elements.items() if k in keep or k == "id"}
        records.append({"id": record[ID_KEY], "type": "calendar", "elements": elements})
    return Answer(records, len(found))


def appointment_conflicts(store: Store, call: Call) -> Answer:
    """get appointmentConflicts: overlapping appointments of the given participants."""
    data = call.parameters.get("data")
    if not isinstance(data, dict):
        raise ApiError(167, "data")
    start = parse_moment(_mandatory(data, "start_dt"), "start_dt")
    end = parse_moment(_mandatory(data, "end_dt"), "end_dt")
    subscribers = call.parameters.get("subscribers") or {}
    users = (
        {str(u) for u in subscribers.get("users", [])} if isinstance(subscribers, dict) else set()
    )
    conflicts = [int(r[ID_KEY]) for r in store.records("calendar")
                 if str(r["start_dt"]) < end and str(r["end_dt"]) > start
                 and r["status"] != "cancelled" and users.intersection(r["user_ids"])]  # fmt: skip
    elements = {"hasConflicts": bool(conflicts), "conflictingAppointmentIds": conflicts}
    return Answer([{"id": 0, "type": "", "elements": elements}], len(conflicts))


_MACROS = {"_Anrede": ("address", "Anrede"), "_Vorname": ("address", "Vorname"),
           "_Name": ("address", "Name"), "_Briefanrede": ("address", "Briefanrede"),
           "_Objekttitel": ("estate", "objekttitel"), "_ImmoNr": ("estate", "objektnr_extern"),
           "_Ort": ("estate", "ort")}  # fmt: skip


def macro_resolve(store: Store, call: Call) -> Answer:
    """get macroresolve: address, estate and user macros replaced in ``text``."""
    text = str(_mandatory(call.parameters, "text"))
    records = {m: existing(store, m, call.parameters[p][0]) if call.parameters.get(p) else None
               for m, p in (("address", "addressids"), ("estate", "estateids"))}  # fmt: skip
    user = staff.USERS[0]

    def replace(match: re.Match[str]) -> str:
        name = match.group(0)
        if name == "_Uservorname":
            return user.first
        if name == "_Username":
            return user.last
        source = _MACROS.get(name)
        record = records.get(source[0]) if source else None
        return str(record[source[1]]) if source and record is not None else name

    resolved = re.sub(r"_[A-Za-z]+", replace, text)
    return Answer([{"id": 0, "type": "", "elements": {"resolvedtext": resolved}}], None)


def get_link(store: Store, call: Call) -> Answer:
    """get getlink: a URL for the record (the sandbox's own, no enterprise behind it)."""
    module = str(call.resourceid)
    if module not in ("estate", "address", "agentslog"):
        raise ApiError(24, module)
    record = existing(store, module, _mandatory(call.parameters, "recordId"))
    url = f"{store.base_url}/records/{module}/{record[ID_KEY]}"
    return Answer([{"id": record[ID_KEY], "type": "", "elements": {"url": url}}], None)


def qualified_suitors(store: Store, call: Call) -> Answer:
    """get qualifiedsuitors: prospects whose search profile fits ``estatedata``."""
    data = _mandatory(call.parameters, "estatedata")
    if not isinstance(data, dict):
        raise ApiError(255, "estatedata")
    owners = {sc: a for a, scs in store.related(ADDRESS_SEARCHCRITERIA, [
        int(r[ID_KEY]) for r in store.records("address")], of_parents=True).items()
        for sc in scs}  # fmt: skip
    records: list[dict[str, Any]] = []
    for record in store.records("searchcriteria"):
        place_ok = str(data.get("ort", record["range_ort"])) == record["range_ort"]
        if criteria_fit(record, data) and int(record[ID_KEY]) in owners:
            records.append({"id": owners[int(record[ID_KEY])], "type": "", "elements": {
                "percentage": 100 if place_ok else 50,
                "deviated": [[]] if place_ok else [{"ort": 0}],  # the docs' two forms
                "searchcriteria": record[ID_KEY]}})  # fmt: skip
    records.sort(key=lambda r: -int(r["elements"]["percentage"]))
    limit, offset = parse_paging(
        call.parameters.get("listlimit"), call.parameters.get("listoffset")
    )
    return Answer(records[offset : offset + limit], len(records))


def last_seen(store: Store, call: Call) -> Answer:
    """read recordsLastSeen: the records of a module most recently changed (listlimit 0: count)."""
    module = str(_mandatory(call.parameters, "module"))
    if module not in ("estate", "address"):
        raise ApiError(255, "module")
    limit = mandatory_listlimit(call.parameters)
    key = "geaendert_am" if module == "estate" else "Aenderung"
    recent = sorted(store.records(module), key=lambda r: str(r[key]), reverse=True)[:50]
    records = [{"id": r[ID_KEY], "type": "lastSeen", "elements": {"id": str(r[ID_KEY])}}
               for r in recent[:limit]]  # fmt: skip
    return Answer(records, len(recent))


def user_photo(store: Store, call: Call) -> Answer:
    """read userphoto: one user's photo link (resourceid) or every user's."""
    chosen = ([existing(store, "user", call.resourceid)] if call.resourceid not in (None, "")
              else store.records("user"))  # fmt: skip
    # The docs name listlimit (default 20) but no listoffset for this call.
    chosen = chosen[: parse_paging(call.parameters.get("listlimit"), None)[0]]
    records = [{"id": u[ID_KEY], "type": "user",
                "elements": {"photo": f"{store.base_url}/userphotos/{u[ID_KEY]}.png"}}
               for u in chosen]  # fmt: skip
    return Answer(records, None)


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "checkuserrecordsright"): check_rights,
    (Verb.GET, "appointmentList"): appointment_list,
    (Verb.GET, "appointmentConflicts"): appointment_conflicts,
    (Verb.GET, "macroresolve"): macro_resolve,
    (Verb.GET, "getlink"): get_link,
    (Verb.GET, "qualifiedsuitors"): qualified_suitors,
    (Verb.READ, "recordsLastSeen"): last_seen,
    (Verb.READ, "userphoto"): user_photo,
}
