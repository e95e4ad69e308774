"""Relations: create relation, delete relation and get idsfromrelation.

A relation type is a URN ``urn:onoffice-de-ns:smart:2.5:relationTypes:<parent>:<child>[:<kind>]``
(DOC:/actions/informationen-abfragen/relationen/). Any such URN is accepted; for parents
or children that are estates, addresses or search criteria the ids must exist. The docs
name no error code for a bad relation type (an n8n fixture shows 132, which the error table
lacks), so a malformed one is 255 "Invalid value for parameter".
"""

from __future__ import annotations

from typing import Any

from playground.sandbox.calls import UNKNOWN_RECORD, Call, id_list
from playground.sandbox.outcome import Answer, ApiError, success
from playground.sandbox.store import Store, relation_modules

# Module names in relation URNs that differ from the sandbox's module names.
_MODULE = {"agentsLog": "agentslog"}


def _relationtype(params: dict[str, Any]) -> tuple[str, tuple[str, str]]:
    """The relation type URN and its parent and child module."""
    relationtype = params.get("relationtype")
    if relationtype is None:
        raise ApiError(167, "relationtype")
    modules = relation_modules(relationtype) if isinstance(relationtype, str) else None
    if modules is None:
        raise ApiError(255, "relationtype")
    return str(relationtype), modules


def _ids(params: dict[str, Any], name: str) -> list[int]:
    """A mandatory, non-empty id list parameter."""
    if name not in params:
        raise ApiError(167, name)
    ids = id_list(params[name], name)
    if not ids:
        raise ApiError(185)
    return ids


def _require_existing(store: Store, module: str, ids: list[int]) -> None:
    """Fail with the module's unknown-record code when an id names no record."""
    if module not in UNKNOWN_RECORD:
        return
    if any(store.get(module, record_id) is None for record_id in ids):
        raise ApiError(UNKNOWN_RECORD[module])


def relation_parts(store: Store, params: dict[str, Any]) -> tuple[str, list[int], list[int]]:
    """Relation type, parent ids and child ids, every id naming an existing record."""
    relationtype, (parent_module, child_module) = _relationtype(params)
    parents = _ids(params, "parentid")
    children = _ids(params, "childid")
    _require_existing(store, _MODULE.get(parent_module, parent_module), parents)
    _require_existing(store, _MODULE.get(child_module, child_module), children)
    return relationtype, parents, children


def create_relation(store: Store, call: Call) -> Answer:
    """Link parentid[] to childid[]; 1:n in either direction, never n:n (docs)."""
    relationtype, parents, children = relation_parts(store, call.parameters)
    if len(parents) > 1 and len(children) > 1:
        raise ApiError(255, "childid")
    store.relate(relationtype, parents, children)
    return success()


def delete_relation(store: Store, call: Call) -> Answer:
    """Remove the links between parentid[] and childid[]."""
    relationtype, _ = _relationtype(call.parameters)
    store.unrelate(
        relationtype, _ids(call.parameters, "parentid"), _ids(call.parameters, "childid")
    )
    return success()


def _first(params: dict[str, Any], *names: str) -> object:
    """The value of the first of ``names`` present in ``params``, else None."""
    for name in names:
        if name in params:
            return params[name]
    return None


def ids_from_relation(store: Store, call: Call) -> Answer:
    """For each given parent (or child) id, the ids on the other side of the relation."""
    relationtype, _ = _relationtype(call.parameters)
    # The docs spell the parameters both "childids" and "childIds".
    parent_ids = _first(call.parameters, "parentids", "parentIds")
    child_ids = _first(call.parameters, "childids", "childIds")
    if parent_ids is not None and child_ids is not None:
        raise ApiError(255, "childids")
    if parent_ids is None and child_ids is None:
        raise ApiError(167, "parentids")
    ids = id_list(parent_ids if parent_ids is not None else child_ids, "parentids")
    if not ids:
        raise ApiError(185)
    related = store.related(relationtype, ids, of_parents=parent_ids is not None)
    # Shape of the WordPress plugin's capture: {"id": "relatedIds", "elements": {"1337": [50, 52]}}.
    elements = {str(key): value for key, value in related.items()}
    return Answer([{"id": "relatedIds", "type": "", "elements": elements}], None)
