"""Information calls: get fields, get search, get searchcriterias, basic settings, imprint."""

from __future__ import annotations

from typing import Any

from playground.sandbox import vocab
from playground.sandbox.calls import Call, id_list
from playground.sandbox.company import BASIC_SETTINGS, IMPRINT
from playground.sandbox.fields import DEFAULT_DATA, FIELD_MODULES, FIELDS, MODULE_LABELS, describe
from playground.sandbox.formatting import flag
from playground.sandbox.lookups import language
from playground.sandbox.outcome import Answer, ApiError
from playground.sandbox.paging import parse_paging
from playground.sandbox.query import parse_sort, run
from playground.sandbox.seed import ADDRESS_SEARCHCRITERIA, Record
from playground.sandbox.store import Store
from playground.sandbox.values import record_out

# ISO 639-2 codes the field configuration knows (onoffice-structure's list); labels exist
# in DEU and ENG, the others fall back to DEU.
LANGUAGES = frozenset({"DEU", "ENG", "FRA", "ESP", "ITA", "HRV"})
_SEARCHABLE = {
    "estate": ("objekttitel", "objektnr_extern", "strasse", "hausnummer", "plz", "ort"),
    "address": ("Vorname", "Name", "Email", "Strasse", "Plz", "Ort", "Telefon1", "KdNr"),
}
MAX_WORDS = 20
_RANGES = ("kaufpreis", "kaltmiete", "wohnflaeche", "anzahl_zimmer")


def _string_list(value: object, parameter: str) -> list[str] | None:
    """An optional list of strings (a single string counts as a list of one)."""
    if value is None or value == []:
        return None
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise ApiError(255, parameter)
    return items


def fields(store: Store, call: Call) -> Answer:
    """get fields: one record per known module, id = module name (LAR/WP captures)."""
    params = call.parameters
    # Each module once: a repeated name was described again, 700 times the request's size.
    modules = list(dict.fromkeys(_string_list(params.get("modules"), "modules") or FIELD_MODULES))
    language = params.get("language", "DEU")
    if not isinstance(language, str) or language.upper() not in LANGUAGES:
        raise ApiError(160, str(language))
    language = language.upper()
    labels = params.get("labels") in (True, 1, "1", "true")
    listed = _string_list(params.get("fieldList"), "fieldList")
    wanted = None if listed is None else frozenset(listed)
    records = []
    for name_asked in modules:
        module = FIELD_MODULES.get(name_asked)
        if module is None:
            continue  # modules the sandbox does not model (email, news, project) are left out
        elements: dict[str, Any] = {}
        if labels:
            elements["label"] = MODULE_LABELS[module][1 if language == "ENG" else 0]
        for name, fdef in FIELDS[module].items():
            if wanted is None or name in wanted:
                elements[name] = describe(fdef, labels=labels, language=language)
        records.append({"id": name_asked, "type": "", "elements": elements})
    return Answer(records, None)


def search(store: Store, call: Call) -> Answer:
    """get search: free text over estates or addresses, or matching search criteria."""
    module = call.resourceid
    if module == "searchcriteria":
        return _matching_criteria(store, call.parameters)
    if not isinstance(module, str) or module not in _SEARCHABLE:
        raise ApiError(24, str(module))
    params = call.parameters
    text = params.get("input")
    if text is None:
        raise ApiError(167, "input")
    if not isinstance(text, str | int) or isinstance(text, bool):
        raise ApiError(255, "input")
    # Every word is looked for in every record: 950,000 of them took 70 s (docs: no limit).
    words = list(dict.fromkeys(str(text).casefold().split()))
    if len(words) > MAX_WORDS:
        raise ApiError(255, "input", detail=f"at most {MAX_WORDS} different words")
    sort = parse_sort(params.get("sortby"), params.get("sortorder"), FIELDS[module])
    limit, offset = parse_paging(params.get("listlimit"), params.get("listoffset"))
    searchable = _SEARCHABLE[module]
    matches = []
    for record in store.records(module):
        haystack = " ".join(str(record[name]) for name in searchable).casefold()
        if all(word in haystack for word in words):
            matches.append(record)
    total, page = run(matches, [], sort, limit, offset)
    return Answer([record_out(store, module, r, DEFAULT_DATA[module]) for r in page], total)


def _matching_criteria(store: Store, params: dict[str, Any]) -> Answer:
    """Search criteria whose kind, method and ranges fit ``searchdata``."""
    data = params.get("searchdata")
    if data is None:
        raise ApiError(167, "searchdata")
    if not isinstance(data, dict):
        raise ApiError(255, "searchdata")
    limit, offset = parse_paging(params.get("limit"), params.get("offset"))
    matches = [r for r in store.records("searchcriteria") if criteria_fit(r, data)]
    total, page = run(matches, [], [], limit, offset)
    names = DEFAULT_DATA["searchcriteria"]
    return Answer([record_out(store, "searchcriteria", r, names) for r in page], total)


def criteria_fit(record: Record, data: dict[str, Any]) -> bool:
    """True when an estate described by ``data`` fits the search profile ``record``."""
    for key in ("objektart", "vermarktungsart"):
        if key in data and str(data[key]) != record[key]:
            return False
    for key in _RANGES:
        if key not in data:
            continue
        try:
            value = float(data[key])
        except (TypeError, ValueError):
            raise ApiError(255, "searchdata") from None
        low, high = float(record[f"{key}__von"]), float(record[f"{key}__bis"])
        if value < low or (high > 0 and value > high):
            return False
    return True


def searchcriterias(store: Store, call: Call) -> Answer:
    """get searchcriterias: profiles by their own ids or by the ids of their addresses."""
    params = call.parameters
    for name in ("mode", "ids"):
        if name not in params:
            raise ApiError(167, name)
    mode, ids = params["mode"], id_list(params["ids"], "ids")
    if mode in ("internal", "external"):
        linked = store.related(ADDRESS_SEARCHCRITERIA, ids, of_parents=True)
        ids = [sc_id for sc_ids in linked.values() for sc_id in sc_ids]
    elif mode == "filter":
        ids = []  # saved enterprise filters do not exist in the sandbox
    elif mode != "searchcriteria":
        raise ApiError(255, "mode")
    records = [r for r in (store.get("searchcriteria", i) for i in ids) if r is not None]
    limit, offset = parse_paging(params.get("listlimit"), params.get("listoffset"))
    total, page = run(records, [], [], limit, offset)
    names = DEFAULT_DATA["searchcriteria"]
    return Answer([record_out(store, "searchcriteria", r, names) for r in page], total)


def basic_settings(store: Store, call: Call) -> Answer:
    """read basicsettings: the groups (and keys) asked for in data.basicData, or all."""
    data = call.parameters.get("data")
    asked = data.get("basicData") if isinstance(data, dict) else None
    if not isinstance(asked, dict) or not asked:
        chosen = {group: dict(values) for group, values in BASIC_SETTINGS.items()}
    else:
        chosen = {}
        for group, keys in asked.items():
            values = BASIC_SETTINGS.get(group)
            if values is None:
                continue
            names = keys if isinstance(keys, list) and keys else list(values)
            chosen[group] = {k: values[k] for k in names if isinstance(k, str) and k in values}
    record = {"id": 1, "type": None, "elements": {"basicData": chosen}}
    return Answer([record], 1)


def imprint(store: Store, call: Call) -> Answer:
    """read impressum: the fields named in data, or all of them.

    The docs: ``language`` gives "title" and "country" in that language; "country" is
    the ISO-3 code unless ``formatoutput`` is true, then the country's name.
    """
    names = _string_list(call.parameters.get("data"), "data")
    eng = language(call.parameters, "language")
    country = next(k for k, pair in vocab.LAND.items() if pair[0] == IMPRINT["country"])
    values = dict(IMPRINT, title=vocab.ANREDE[IMPRINT["title"]][eng])
    values["country"] = (
        vocab.LAND[country][eng] if flag(call.parameters, "formatoutput") else country
    )
    elements = values if names is None else {n: values[n] for n in names if n in values}
    return Answer([{"id": "impressum", "type": None, "elements": elements}], None)
