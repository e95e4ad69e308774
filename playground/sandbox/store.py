"""The sandbox's in-memory data: records per module and the relations between them.

Every method is synchronous and none awaits; the app runs each request under a lock.
Records are copied on write: a new store shares the seed's record dicts and replaces a
record when it changes, so starting a store costs one dict copy per module.

Whatever a write adds beyond the seed counts against the store's ``Budget`` (budget.py):
a seed record costs nothing until it is modified, then its copy counts in full.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from playground.sandbox.budget import (
    ENTRY_BYTES,
    Budget,
    Limits,
    OverBudget,
    entry_bytes,
    record_bytes,
)
from playground.sandbox.fields import FIELDS
from playground.sandbox.seed import ID_KEY, RELATION_PREFIX, Record, SeedData, timestamp_text
from playground.sandbox.uploads import OpenUploads

# The field each module stamps with the time of the last create or modify.
_CHANGED_FIELD = {"estate": "geaendert_am", "address": "Aenderung", "task": "Eintragsdatum"}
# Modules whose records also carry their id in a field of their own (filter ``Nr``).
_ID_ALIAS = {"task": "Nr", "user": "Nr"}
RelationKey = tuple[str, int, int]


def _berlin() -> tzinfo:
    """onOffice runs on German time; fall back to UTC where no time zone data is installed."""
    try:
        return ZoneInfo("Europe/Berlin")
    except ZoneInfoNotFoundError:
        return UTC


def relation_modules(relationtype: str) -> tuple[str, str] | None:
    """The parent and child module of a relation type URN, or None if it is not one."""
    if not relationtype.startswith(RELATION_PREFIX):
        return None
    parts = relationtype.removeprefix(RELATION_PREFIX).split(":")
    if len(parts) < 2 or not all(parts):
        return None
    return parts[0], parts[1]


class Store:
    """Records per module, relations, and the small state of the other calls."""

    def __init__(
        self, data: SeedData, clock: Callable[[], float], limits: Limits | None = None
    ) -> None:
        """Start from ``data``; its record dicts are shared until one changes."""
        self._seed = data
        self.budget = Budget(limits or Limits())
        self._modules: dict[str, dict[int, Record]] = {
            module: dict(records) for module, records in data.modules.items()
        }
        self._next_id = {
            name: max(records, default=0) + 1 for name, records in self._modules.items()
        }
        # A dict keeps insertion order, so relation answers are stable between runs.
        self._relations: dict[RelationKey, None] = dict.fromkeys(data.relations)
        self._seed_relations = frozenset(data.relations)
        self._added_relations = 0
        # ``modify relation``'s relationinfo, which goes with its relation, and its cost.
        self._relation_info: dict[RelationKey, tuple[object, int]] = {}
        self._clock = clock
        self._zone = _berlin()
        # Rendered field values per record: a read of 500 records would otherwise format
        # thousands of numbers on every request.
        self._views: dict[tuple[str, int], dict[str, str | list[str]]] = {}
        # State of calls without a module of their own (offers, tracking, e-mails, ...).
        self.state: dict[str, Any] = {}
        self.uploads = OpenUploads(self.budget, clock)
        # Where the sandbox is reached, for the URLs of its images (set per request).
        self.base_url = ""
        self._counter = 0

    def next_number(self) -> int:
        """A number that grows with every call, for ids of temporary things."""
        self._counter += 1
        return self._counter

    def records(self, module: str) -> list[Record]:
        """All records of ``module`` in id order."""
        return list(self._modules[module].values())

    def get(self, module: str, record_id: int) -> Record | None:
        """One record, or None when there is no record with that id."""
        return self._modules[module].get(record_id)

    def view(self, module: str, record: Record) -> dict[str, str | list[str]]:
        """Every field of ``record`` rendered as the API sends it (cached until it changes)."""
        key = (module, int(record[ID_KEY]))
        rendered = self._views.get(key)
        if rendered is None:
            rendered = {name: fdef.render(record[name]) for name, fdef in FIELDS[module].items()}
            self._views[key] = rendered
        return rendered

    def next_id(self, module: str) -> int:
        """The id the next record created in ``module`` gets."""
        return self._next_id[module]

    def create(self, module: str, values: Record) -> int:
        """Store a new record with defaults for unset fields and return its id."""
        self._check_room(module, values)
        record_id = self._next_id[module]
        self._next_id[module] = record_id + 1
        record: Record = {name: fdef.empty() for name, fdef in FIELDS[module].items()}
        record.update(values)
        record[ID_KEY] = record_id
        if module in _ID_ALIAS:
            record[_ID_ALIAS[module]] = record_id
        self._stamp(module, record)
        self.budget.change(0, record_bytes(record))
        self._modules[module][record_id] = record
        return record_id

    def modify(self, module: str, record_id: int, values: Record) -> bool:
        """Update fields of a record; False when it does not exist."""
        current = self._modules[module].get(record_id)
        if current is None:
            return False
        for name, value in values.items():
            self.budget.check_value(name, value)
        record = {**current, **values}
        if module != "task":  # a task keeps its creation date
            self._stamp(module, record)
        self.budget.change(self._cost(module, current), record_bytes(record))
        self._modules[module][record_id] = record
        self._views.pop((module, record_id), None)
        return True

    def delete(self, module: str, record_id: int) -> bool:
        """Remove a record and every relation that names it; False when it does not exist."""
        record = self._modules[module].pop(record_id, None)
        if record is None:
            return False
        self.budget.change(self._cost(module, record), 0)
        self._views.pop((module, record_id), None)
        kept: dict[RelationKey, None] = {}
        for key in self._relations:
            if _names(key, module, record_id):
                self._forget_relation(key)
            else:
                kept[key] = None
        self._relations = kept
        return True

    def relate(
        self,
        relationtype: str,
        parents: Iterable[int],
        children: Iterable[int],
        *,
        refusable: bool = True,
    ) -> None:
        """Link every parent to every child with ``relationtype``.

        ``refusable`` False counts the links even past the limits: for the one link that
        completes a record just created, which must not be left half done.
        """
        kids = list(children)
        keys = [(relationtype, p, c) for p in parents for c in kids]
        added = [
            k
            for k in dict.fromkeys(keys)
            if k not in self._relations and k not in self._seed_relations
        ]
        if refusable:
            self.budget.check_key("relationtype", relationtype)
            if self._added_relations + len(added) > self.budget.limits.relations:
                limit = self.budget.limits.relations
                raise OverBudget(f"the sandbox keeps at most {limit:,} relations besides its seed")
        cost = len(added) * _relation_bytes(relationtype)
        self.budget.change(0, cost, refusable=refusable)
        self._added_relations += len(added)
        for key in keys:
            self._relations[key] = None

    def unrelate(self, relationtype: str, parents: Iterable[int], children: Iterable[int]) -> int:
        """Remove links; returns how many existed."""
        mothers, kids = set(parents), set(children)
        keys: Iterable[RelationKey]
        if len(mothers) * len(kids) <= len(self._relations):
            keys = [(relationtype, parent, child) for parent in mothers for child in kids]
        else:  # 500 parents by 500 children in 50 actions took 2.6 s to look up one by one
            keys = [
                key
                for key in self._relations
                if key[0] == relationtype and key[1] in mothers and key[2] in kids
            ]
        removed = 0
        for key in keys:
            if key in self._relations:
                del self._relations[key]
                self._forget_relation(key)
                removed += 1
        return removed

    def annotate(self, keys: Iterable[RelationKey], info: object) -> None:
        """Keep ``info`` as the relationinfo of existing relations (counted once for each)."""
        self.budget.check_value("relationinfo", info)
        cost = entry_bytes(info) + sys.getsizeof(("", 0, 0))
        unique = list(dict.fromkeys(keys))
        old = sum(self._relation_info[k][1] for k in unique if k in self._relation_info)
        self.budget.change(old, cost * len(unique))
        for key in unique:
            self._relation_info[key] = (info, cost)

    def related(
        self, relationtype: str, ids: Iterable[int], *, of_parents: bool
    ) -> dict[int, list[int]]:
        """For each id, the ids on the other side of ``relationtype``, in link order."""
        wanted: dict[int, list[int]] = {record_id: [] for record_id in ids}
        for kind, parent, child in self._relations:
            if kind != relationtype:
                continue
            own, other = (parent, child) if of_parents else (child, parent)
            if own in wanted:
                wanted[own].append(other)
        return wanted

    def _check_room(self, module: str, values: Record) -> None:
        """Refuse a create beyond the module's record limit or with a value too long."""
        limit = self.budget.limits.records_per_module
        if len(self._modules[module]) - len(self._seed.modules[module]) >= limit:
            raise OverBudget(
                f"the sandbox keeps at most {limit:,} {module} records besides its seed"
            )
        for name, value in values.items():
            self.budget.check_value(name, value)

    def _cost(self, module: str, record: Record) -> int:
        """What a stored record counts: nothing while it is the seed's own."""
        if record is self._seed.modules[module].get(int(record[ID_KEY])):
            return 0
        return record_bytes(record)

    def _forget_relation(self, key: RelationKey) -> None:
        """Give back what a removed relation and its relationinfo counted."""
        if key not in self._seed_relations:
            self._added_relations -= 1
            self.budget.change(_relation_bytes(key[0]), 0)
        if key in self._relation_info:
            self.budget.change(self._relation_info.pop(key)[1], 0)

    def now_text(self) -> str:
        """The clock's time in German time, in the API's datetime format."""
        return timestamp_text(datetime.fromtimestamp(self._clock(), tz=self._zone))

    def _stamp(self, module: str, record: Record) -> None:
        """Set the module's last-change field to the current time."""
        field_name = _CHANGED_FIELD.get(module)
        if field_name is not None:
            moment = datetime.fromtimestamp(self._clock(), tz=self._zone)
            record[field_name] = timestamp_text(moment)


def _relation_bytes(relationtype: str) -> int:
    """What one relation entry counts: its key tuple, ids and slot; the type's text in full,
    though links made in one call share it."""
    return ENTRY_BYTES + sys.getsizeof(relationtype)


def _names(key: RelationKey, module: str, record_id: int) -> bool:
    """True when the relation ``key`` has ``module`` record ``record_id`` on either side."""
    kinds = relation_modules(key[0])
    if kinds is None:
        return False
    return (kinds[0] == module and key[1] == record_id) or (
        kinds[1] == module and key[2] == record_id
    )
