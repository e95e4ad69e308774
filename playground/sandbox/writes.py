"""The field values a create or modify call carries, in the shape each module's docs give.

* estate, search criteria, task, appointment: ``data: {field: value}``.
* address: the fields straight in ``parameters`` (values.address_fields).
* agents log: named parameters (``actionkind``, ``actiontype``, ``note``, ``addressids``,
  ``estateid``, ...) on create; modify takes them in ``data`` (its docs page) or, like
  create, at the top level.
* task: ``relatedAddressId`` / ``relatedEstateId``; appointment: ``relatedAddressIds``,
  ``relatedEstateId`` and ``subscribers.users``. Every id named must exist (292/293).
"""

from __future__ import annotations

from typing import Any

from playground.sandbox.calls import existing, id_list
from playground.sandbox.outcome import ApiError
from playground.sandbox.staff import USERS
from playground.sandbox.store import Store
from playground.sandbox.values import address_fields

# agents-log parameter -> field (the docs' modify answer names the fields).
_AGENTSLOG = {
    "actionkind": "Aktionsart", "actiontype": "Aktionstyp", "datetime": "Datum",
    "note": "Bemerkung", "origincontact": "HerkunftKontakt", "features": "merkmal",
    "cost": "Kosten", "duration": "dauer", "advisorylevel": "Beratungsebene",
    "reasoncancellation": "Absagegrund",
}  # fmt: skip
_AGENTSLOG_IGNORED = frozenset({"projectid", "taskid", "appointmentid", "fileids"})


def data_object(params: dict[str, Any], *, required: bool) -> dict[str, Any]:
    """The ``data`` object of a write."""
    data = params.get("data")
    if data is None or data == []:
        if required:
            raise ApiError(167, "data")
        return {}
    if not isinstance(data, dict):
        raise ApiError(255, "data")
    return data


def _ids(store: Store, module: str, raw: object, parameter: str) -> tuple[str, ...]:
    """Ids of existing ``module`` records as the strings stored in id-list fields."""
    ids = id_list(raw, parameter)
    for record_id in ids:
        existing(store, module, record_id)
    return tuple(str(i) for i in ids)


def _username(raw: object) -> str:
    """The user name of a user id (agents log ``userid``); 255 for an unknown user."""
    for user in USERS:
        if str(user.id) == str(raw):
            return user.username
    raise ApiError(255, "userid")


def _agentslog(store: Store, params: dict[str, Any], *, create: bool) -> dict[str, Any]:
    """Fields of an agents-log write, plus the estate and addresses it names."""
    source = params if create else data_object(params, required=False) or params
    values: dict[str, Any] = {}
    for key, value in source.items():
        if key in _AGENTSLOG:
            values[_AGENTSLOG[key]] = value
        elif key == "addressids":
            values["Adress_nr"] = _ids(store, "address", value, key)
        elif key == "estateid":
            values["Objekt_nr"] = _ids(store, "estate", value, key)
        elif key == "userid":
            values["Benutzer"] = _username(value)
        elif key not in _AGENTSLOG_IGNORED and key != "data":
            raise ApiError(167 if key == "" else 255, key)
    if create:
        if "Aktionsart" not in values:
            raise ApiError(167, "actionkind")
        values.setdefault("Datum", store.now_text())
    return values


def _task_links(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """relatedAddressId / relatedEstateId of a task write."""
    links: dict[str, Any] = {}
    if params.get("relatedAddressId") not in (None, ""):
        links["relatedAddressId"] = _ids(store, "address", params["relatedAddressId"], "x")
    if params.get("relatedEstateId") not in (None, ""):
        links["relatedEstateId"] = _ids(store, "estate", params["relatedEstateId"], "x")
    return links


def _calendar_links(store: Store, params: dict[str, Any]) -> dict[str, Any]:
    """Contacts, estate and participating users of an appointment write."""
    links: dict[str, Any] = {}
    if params.get("relatedAddressIds") not in (None, "", []):
        links["relatedAddressIds"] = _ids(store, "address", params["relatedAddressIds"], "x")
    if params.get("relatedEstateId") not in (None, ""):
        links["relatedEstateId"] = int(_ids(store, "estate", params["relatedEstateId"], "x")[0])
    subscribers = params.get("subscribers")
    if isinstance(subscribers, dict) and subscribers.get("users"):
        links["user_ids"] = _ids(store, "user", subscribers["users"], "subscribers")
    return links


def write_values(
    store: Store, module: str, params: dict[str, Any], *, create: bool
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(field values to validate, already checked link values) of a create or modify."""
    if module == "address":
        return address_fields(params), {}
    if module == "agentslog":
        values = _agentslog(store, params, create=create)
        links: dict[str, Any] = {
            k: values.pop(k) for k in ("Adress_nr", "Objekt_nr") if k in values
        }
        return values, links
    data = data_object(params, required=module == "estate" or not create)
    if module == "task":
        return data, _task_links(store, params)
    if module == "calendar":
        if create:
            for name in ("start_dt", "end_dt"):
                if name not in data:
                    raise ApiError(167, name)
        return data, _calendar_links(store, params)
    return data, {}
