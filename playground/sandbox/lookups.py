"""Information calls answered from the agency's configuration: regions, estate categories,
kinds of action, users and groups, saved filters, calendar resources, templates, e-mail
template folders and signatures, surveys, statistics widgets and default attachments.

Record shapes follow the examples on each call's docs page (shared API notes, section 3).
"""

from __future__ import annotations

from typing import Any

from playground.onoffice.actions import Verb
from playground.sandbox import activities, places, staff, vocab
from playground.sandbox.calls import Call, Handler
from playground.sandbox.company import TEMPLATE_FOLDERS, TEMPLATES
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.saved_filters import SAVED_FILTERS
from playground.sandbox.store import Store

LANGUAGES = frozenset({"DEU", "ENG", "FRA", "ESP", "ITA", "HRV"})
_REGIONS = {"Nord": ("Norddeutschland", "Northern Germany"),
            "West": ("Westdeutschland", "Western Germany"),
            "Ost": ("Ostdeutschland", "Eastern Germany"),
            "Sued": ("Süddeutschland", "Southern Germany")}  # fmt: skip
_STATE_REGION = {"Hamburg": "Nord", "Bremen": "Nord", "Niedersachsen": "Nord",
                 "Schleswig-Holstein": "Nord", "Mecklenburg-Vorpommern": "Nord",
                 "Nordrhein-Westfalen": "West", "Hessen": "West", "Rheinland-Pfalz": "West",
                 "Berlin": "Ost", "Brandenburg": "Ost", "Sachsen": "Ost",
                 "Bayern": "Sued", "Baden-Württemberg": "Sued"}  # fmt: skip


def language(params: dict[str, Any], *names: str) -> int:
    """0 for German, 1 for English labels, from the first of ``names`` given; 160 if bad."""
    for name in names:
        value = params.get(name)
        if value not in (None, ""):
            if not isinstance(value, str) or value.upper() not in LANGUAGES:
                raise ApiError(160, str(value))
            return 1 if value.upper() == "ENG" else 0
    return 0


def _region_tree(eng: int) -> list[dict[str, Any]]:
    """Sales regions -> federal states -> cities, with postcode ranges."""
    country = ("Deutschland", "Germany")[eng]
    tree = []
    for key, names in _REGIONS.items():
        states: dict[str, dict[str, Any]] = {}
        for city in places.GERMAN_CITIES:
            state = places.CENTRES[city.name][2]
            if _STATE_REGION[state] != key:
                continue
            node = states.setdefault(state, {"id": f"{key}_{state}", "name": state,
                                             "description": None, "postalcodes": [],
                                             "state": state, "country": country,
                                             "children": {}})  # fmt: skip
            leaf_id = f"{key}_{city.name}"
            node["children"][leaf_id] = {
                "id": leaf_id,
                "name": city.name,
                "description": None,
                "postalcodes": [[city.postcode(city.plz_lo), city.postcode(city.plz_hi)]],
                "state": state,
                "country": country,
                "children": [],
            }
            node["postalcodes"] += node["children"][leaf_id]["postalcodes"]
        tree.append({"id": key, "name": names[eng], "description": names[eng],
                     "postalcodes": [p for s in states.values() for p in s["postalcodes"]],
                     "state": "", "country": country,
                     "children": {s["id"]: s for s in states.values()}})  # fmt: skip
    return tree


def regions(store: Store, call: Call) -> Answer:
    """get regions: the region tree, one record per top-level region."""
    tree = _region_tree(language(call.parameters, "language"))
    return Answer([{"id": n["id"], "type": "", "elements": n} for n in tree], None)


def _flatten(nodes: Any, path: str) -> list[tuple[str, str]]:
    """(key, "Parent - Child" title) of every region below ``nodes``."""
    out: list[tuple[str, str]] = []
    for node in nodes.values() if isinstance(nodes, dict) else nodes:
        title = f"{path} - {node['name']}" if path else node["name"]
        out.append((node["id"], title))
        out.extend(_flatten(node["children"], title))
    return out


def regions_live_search(store: Store, call: Call) -> Answer:
    """get regionsLiveSearch: regions whose name contains the search string."""
    text = call.parameters.get("searchstring")
    if not isinstance(text, str) or not text.strip():
        raise ApiError(167, "searchstring")
    found = [{"key": key, "title": title, "field": "regionaler_zusatz"}
             for key, title in _flatten(_region_tree(0), "")
             if text.casefold() in title.rsplit(" - ", 1)[-1].casefold()]  # fmt: skip
    return Answer([{"id": 0, "type": "", "elements": found}], len(found))


def estate_categories(store: Store, call: Call) -> Answer:
    """get estateCategories: kinds, types, uses and marketing methods with names."""
    eng = language(call.parameters, "language")
    records = []
    for key, values in (("objektart", vocab.OBJEKTART), ("objekttyp", vocab.OBJEKTTYP),
                        ("nutzungsart", vocab.NUTZUNGSART),
                        ("vermarktungsart", vocab.VERMARKTUNGSART)):  # fmt: skip
        elements = [{"id": k, "name": names[eng]} for k, names in values.items()]
        records.append({"id": key, "type": "", "elements": elements})
    return Answer(records, None)


def action_kind_types(store: Store, call: Call) -> Answer:
    """get actionkindtypes: each kind of action with its types (labels per ``lang``)."""
    eng = language(call.parameters, "lang", "language")
    records = []
    for number, (key, (de, en, types)) in enumerate(activities.ACTION_KINDS.items()):
        elements = {"key": key, "label": (de, en)[eng],
                    "types": {k: v[eng] for k, v in types.items()}, "default": ""}  # fmt: skip
        records.append({"id": str(number), "type": "actionkind", "elements": elements})
    return Answer(records, None)


def users(store: Store, call: Call) -> Answer:
    """get users: every user, or a group's (userfilter byGroupId)."""
    chosen = staff.USERS
    if call.parameters.get("userfilter") == "byGroupId":
        group = next((g for g in staff.GROUPS if str(g.id) == str(call.parameters.get("groupId"))),
                     None)  # fmt: skip
        if group is None:
            raise ApiError(255, "groupId")
        chosen = tuple(u for u in staff.USERS if u.id in group.user_ids)
    records = [{"id": u.id, "type": None, "elements": {
        "id": u.id, "username": u.username, "firstname": u.first, "lastname": u.last,
        "email": f"{u.username}@example.com", "meetingurl": f"https://meet.example.com/{u.username}",
    }} for u in chosen]  # fmt: skip
    return Answer(records, None)


def groups(store: Store, call: Call) -> Answer:
    """get groups: office groups (groupfilter officeGroups) or all."""
    chosen = staff.GROUPS
    if call.parameters.get("groupfilter") == "officeGroups":
        chosen = tuple(g for g in chosen if g.kind == "GroupOffice")
    records = [{"id": g.id, "type": None, "elements": {
        "id": g.id, "name": g.name, "abr": g.abr, "userIds": list(g.user_ids),
        "groupType": g.kind, "leaders": list(g.leaders)}} for g in chosen]  # fmt: skip
    return Answer(records, None)


def filters(store: Store, call: Call) -> Answer:
    """get filters: the filters saved for estates or addresses."""
    module = call.parameters.get("module")
    if module not in SAVED_FILTERS:
        raise ApiError(167 if module in (None, "") else 255, "module")
    records = [{"id": int(fid), "type": "filter", "elements": {
        "scope": f.scope, "name": f.name, "userId": None, "groupId": f.group_id}}
        for fid, f in SAVED_FILTERS[str(module)].items()]  # fmt: skip
    return Answer(records, len(records))


def calendar_resources(store: Store, call: Call) -> Answer:
    """get calendarResources: the bookable rooms, cars and devices."""
    records = [{"id": n, "type": "calendarResource", "elements": {
        "id": n, "name": key, "label": names[0], "active": 1,
        "type": "car" if key == "Firmenfahrzeug" else "device" if key == "Beamer" else "room"}}
        for n, (key, names) in enumerate(activities.RESOURCES.items(), start=1)]  # fmt: skip
    return Answer(records, len(records))


def templates(store: Store, call: Call) -> Answer:
    """get templates: templates of one type (mail, pdf, ...), optionally of one folder."""
    kind = call.parameters.get("type")
    if kind in (None, ""):
        raise ApiError(167, "type")
    if kind not in TEMPLATES:
        raise ApiError(255, "type")
    folder = call.parameters.get("folderid")
    chosen = [t for t in TEMPLATES[str(kind)] if folder in (None, "") or t["folder"] == folder]
    records = [{"id": t["id"], "type": "template", "elements": t} for t in chosen]
    return Answer(records, len(records))


def template_folders(store: Store, call: Call) -> Answer:
    """get emailtemplatefolders: folder id -> name."""
    return Answer([{"id": 1, "type": "", "elements": dict(TEMPLATE_FOLDERS)}], None)


HANDLERS: dict[tuple[Verb, str], Handler] = {
    (Verb.GET, "regions"): regions,
    (Verb.GET, "regionsLiveSearch"): regions_live_search,
    (Verb.GET, "estateCategories"): estate_categories,
    (Verb.GET, "actionkindtypes"): action_kind_types,
    (Verb.GET, "users"): users,
    (Verb.GET, "groups"): groups,
    (Verb.GET, "filters"): filters,
    (Verb.GET, "calendarResources"): calendar_resources,
    (Verb.GET, "templates"): templates,
    (Verb.GET, "emailtemplatefolders"): template_folders,
}
