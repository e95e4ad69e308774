"""The sandbox's memory budget: how far its data may grow beyond the seed.

The sandbox's demo credentials are public and it must stay reachable without a session,
so anyone who reaches the server may write into it. Every write that keeps something
(records, relations, relation info, unfinished uploads, price offers, tracking accounts,
filed e-mails) counts its bytes against ``Limits.total_bytes`` and is refused once that
is spent; deletes and shrinking modifies give the bytes back, reads never touch it. This
is a deliberate deviation from onOffice, whose own limits are not documented.

The byte counts are estimates from ``sys.getsizeof``, chosen to stay at or above what
Python really keeps (``bench/sandbox_memory.py`` measures it): a new estate counts about
6.3 kB against 5 kB kept with its rendered view, a relation 270 bytes against 125.

The defaults, and why:

* ``total_bytes`` 32 MiB: the seed itself takes about 20 MB (data plus rendered views),
  so a full sandbox stays a modest part of a server process; it still holds about 5,000
  new estates (or 5,000 new records in each of three smaller modules, appointments or
  tasks), far more than a developer or the tests write.
* ``records_per_module`` 5,000 besides the seed: reads and filters scan all records of a
  module, so this keeps the largest module (2,000 seeded addresses) quick to read.
* ``relations`` 20,000 besides the seed (about 4,500): relation lookups scan them all.
* ``value_chars`` 65,536: one stored value (a free text, a relationinfo); a long exposé
  text has a few thousand characters.
* ``key_chars`` 1,024: names the client chooses that become keys (tmpUploadId, messageId,
  accountname, relationtype); real ones are well under 100 characters.
* ``open_uploads`` 100, ``open_upload_bytes`` 256 MiB, ``upload_seconds`` one hour: only
  the size of an upload's blocks is kept, never their bytes, but unfinished uploads must
  not pile up; one left unfinished for an hour is forgotten.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

MIB = 1024 * 1024
RESET_HINT = (
    "Reset the sandbox data (Admin → Users → Reset sandbox data, or `playground sandbox "
    "reset`) to write again."
)
RESTART_HINT = "Restart the sandbox to write again."
# A dict slot with its key and the bookkeeping around it; measured 120-130 bytes.
ENTRY_BYTES = 160
# Per field of a record: its rendered copy in the view cache and its number objects.
_FIELD_BYTES = 64


@dataclass(frozen=True)
class Limits:
    """How far the data of one sandbox may grow beyond its seed (see the module's notes)."""

    total_bytes: int = 32 * MIB
    records_per_module: int = 5_000
    relations: int = 20_000
    value_chars: int = 65_536
    key_chars: int = 1_024
    open_uploads: int = 100
    open_upload_bytes: int = 256 * MIB
    upload_seconds: float = 3600.0
    reset_hint: str = RESET_HINT


class OverBudget(Exception):
    """A write the limits do not allow; ``resettable`` when resetting the data helps."""

    def __init__(self, reason: str, *, resettable: bool = True) -> None:
        """Remember why, as the end of the sentence "Entry could not be created: ..."."""
        self.reason = reason
        self.resettable = resettable
        super().__init__(reason)

    def detail(self, reset_hint: str) -> str:
        """The explanation for the action's status message."""
        return f"{self.reason}. {reset_hint}" if self.resettable else f"{self.reason}."


def size_text(nbytes: int) -> str:
    """A size for a message: in MiB, or in bytes below one MiB."""
    return f"{nbytes / MIB:g} MiB" if nbytes >= MIB else f"{nbytes:,} bytes"


def size_of(value: object) -> int:
    """Bytes ``value`` and everything in it hold (JSON-like values: str, numbers, containers)."""
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        total += sys.getsizeof(item)
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
    return total


def entry_bytes(*parts: object) -> int:
    """What one entry of a dict costs: its slot plus its key's and value's bytes."""
    return ENTRY_BYTES + sum(size_of(part) for part in parts)


def record_bytes(record: dict[str, object]) -> int:
    """What one stored record costs, its rendered view and bookkeeping included."""
    texts = sum(size_of(v) for v in record.values() if isinstance(v, str | tuple) and v)
    return 2 * sys.getsizeof(record) + _FIELD_BYTES * len(record) + ENTRY_BYTES + texts


def characters(value: object, cap: int) -> int:
    """The length of a text, or about that of a structure as JSON; counting stops past ``cap``."""
    if isinstance(value, str):
        return len(value)
    total, stack = 0, [value]
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 3
        elif isinstance(item, dict):
            total += 2 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            total += 2 + len(item)
            stack.extend(item)
        else:
            total += 8  # a number, a boolean or null
    return total


class Budget:
    """The bytes the data holds beyond its seed, against ``Limits.total_bytes``."""

    def __init__(self, limits: Limits) -> None:
        """Start with nothing spent."""
        self.limits = limits
        self.used = 0

    def change(self, old: int, new: int, *, refusable: bool = True) -> None:
        """Account something of ``old`` bytes replaced by ``new`` bytes (0 for nothing).

        Growth past the budget is refused unless ``refusable`` is False: a step that must
        follow one already taken (the link of a record just created) is counted anyway.
        """
        grown = self.used - old + new
        if refusable and new > old and grown > self.limits.total_bytes:
            budget = size_text(self.limits.total_bytes)
            raise OverBudget(f"the sandbox's data has reached its budget of {budget}")
        # Never below zero: replacing seeded state gives back bytes never counted.
        self.used = max(grown, 0)

    def check_value(self, name: str, value: object) -> None:
        """Refuse a value longer than ``Limits.value_chars``."""
        cap = self.limits.value_chars
        if characters(value, cap) > cap:
            raise OverBudget(
                f'the sandbox keeps at most {cap:,} characters in "{name}"', resettable=False
            )

    def check_key(self, name: str, value: str) -> None:
        """Refuse a client-chosen name longer than ``Limits.key_chars``."""
        cap = self.limits.key_chars
        if len(value) > cap:
            raise OverBudget(
                f'the sandbox takes at most {cap:,} characters in "{name}"', resettable=False
            )
