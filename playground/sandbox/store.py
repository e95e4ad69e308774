"""The sandbox's in-memory data: records per module and the relations between them.

Every method is synchronous and none awaits; the app runs each request under a lock.
Records are copied on write: a new store shares the seed's record dicts and replaces a
record when it changes, so starting a store costs one dict copy per module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from playground.sandbox.fields import FIELDS
from playground.sandbox.seed import ID_KEY, RELATION_PREFIX, Record, SeedData, timestamp_text

# The field each module stamps with the time of the last create or modify.
_CHANGED_FIELD = {"estate": "geaendert_am", "address": "Aenderung", "task": "Eintragsdatum"}
# Modules whose records also carry their id in a field of their own (filter ``Nr``).
_ID_ALIAS = {"task": "Nr", "user": "Nr"}


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

    def __init__(self, data: SeedData, clock: Callable[[], float]) -> None:
        """Start from ``data``; its record dicts are shared until one changes."""
        self._modules: dict[str, dict[int, Record]] = {
            module: dict(records) for module, records in data.modules.items()
        }
        self._next_id = {
            name: max(records, default=0) + 1 for name, records in self._modules.items()
        }
        # A dict keeps insertion order, so relation answers are stable between runs.
        self._relations: dict[tuple[str, int, int], None] = dict.fromkeys(data.relations)
        self._clock = clock
        self._zone = _berlin()
        # Rendered field values per record: a read of 500 records would otherwise format
        # thousands of numbers on every request.
        self._views: dict[tuple[str, int], dict[str, str | list[str]]] = {}
        # State of calls without a module of their own (uploads, offers, tracking, ...).
        self.state: dict[str, Any] = {}
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

    def create(self, module: str, values: Record) -> int:
        """Store a new record with defaults for unset fields and return its id."""
        record_id = self._next_id[module]
        self._next_id[module] = record_id + 1
        record: Record = {name: fdef.empty() for name, fdef in FIELDS[module].items()}
        record.update(values)
        record[ID_KEY] = record_id
        if module in _ID_ALIAS:
            record[_ID_ALIAS[module]] = record_id
        self._stamp(module, record)
        self._modules[module][record_id] = record
        return record_id

    def modify(self, module: str, record_id: int, values: Record) -> bool:
        """Update fields of a record; False when it does not exist."""
        current = self._modules[module].get(record_id)
        if current is None:
            return False
        record = {**current, **values}
        if module != "task":  # a task keeps its creation date
            self._stamp(module, record)
        self._modules[module][record_id] = record
        self._views.pop((module, record_id), None)
        return True

    def delete(self, module: str, record_id: int) -> bool:
        """Remove a record and every relation that names it; False when it does not exist."""
        if self._modules[module].pop(record_id, None) is None:
            return False
        self._views.pop((module, record_id), None)
        self._relations = dict.fromkeys(
            key for key in self._relations if not _names(key, module, record_id)
        )
        return True

    def relate(self, relationtype: str, parents: Iterable[int], children: Iterable[int]) -> None:
        """Link every parent to every child with ``relationtype``."""
        kids = list(children)
        for parent in parents:
            for child in kids:
                self._relations[(relationtype, parent, child)] = None

    def unrelate(self, relationtype: str, parents: Iterable[int], children: Iterable[int]) -> int:
        """Remove links; returns how many existed."""
        kids = list(children)
        removed = 0
        for key in [(relationtype, parent, child) for parent in parents for child in kids]:
            if key in self._relations:
                del self._relations[key]
                removed += 1
        return removed

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

    def now_text(self) -> str:
        """The clock's time in German time, in the API's datetime format."""
        return timestamp_text(datetime.fromtimestamp(self._clock(), tz=self._zone))

    def _stamp(self, module: str, record: Record) -> None:
        """Set the module's last-change field to the current time."""
        field_name = _CHANGED_FIELD.get(module)
        if field_name is not None:
            moment = datetime.fromtimestamp(self._clock(), tz=self._zone)
            record[field_name] = timestamp_text(moment)


def _names(key: tuple[str, int, int], module: str, record_id: int) -> bool:
    """True when the relation ``key`` has ``module`` record ``record_id`` on either side."""
    kinds = relation_modules(key[0])
    if kinds is None:
        return False
    return (kinds[0] == module and key[1] == record_id) or (
        kinds[1] == module and key[2] == record_id
    )
