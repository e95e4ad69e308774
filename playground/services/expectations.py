"""Expectations of a saved request's answer, for smoke tests: status OK, records, a field."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground.onoffice.response import ApiResponse, Record
from playground.store.models import SavedRequest

MAX_FIELD = 120
MAX_RECORDS = 1_000_000


@dataclass(frozen=True)
class Expectations:
    """What a run expects; the defaults expect nothing."""

    ok: bool = False
    min_records: int | None = None
    field: str = ""

    def describe(self) -> list[str]:
        """Each expectation in words."""
        words = ["status OK"] if self.ok else []
        if self.min_records is not None:
            words.append(f"at least {self.min_records} record(s)")
        if self.field:
            words.append(f"field {self.field} present")
        return words


@dataclass(frozen=True)
class Checked:
    """One expectation and whether the answer met it."""

    expectation: str
    met: bool
    detail: str = ""


def of(saved: SavedRequest) -> Expectations:
    """The expectations stored with a saved request."""
    return Expectations(saved.expect_ok, saved.expect_min_records, saved.expect_field)


def _records(parsed: ApiResponse | None) -> list[Record]:
    """Every record of every action."""
    return [r for result in parsed.results for r in result.records] if parsed else []


def _has_field(record: Record, name: str) -> bool:
    """True when a record's elements name the field (an object key, or a list of them)."""
    elements: Any = record.elements
    if isinstance(elements, dict):
        return name in elements
    return any(isinstance(item, dict) and name in item for item in elements)


def check(expected: Expectations, parsed: ApiResponse | None, *, ok: bool) -> list[Checked]:
    """Check an answer (None when none came back) against the expectations."""
    results: list[Checked] = []
    records = _records(parsed)
    if expected.ok:
        detail = "" if ok else "the answer or one of its actions reports an error"
        results.append(Checked("status OK", ok, detail))
    if expected.min_records is not None:
        met = len(records) >= expected.min_records
        words = f"at least {expected.min_records} record(s)"
        results.append(Checked(words, met, f"{len(records)} record(s) came back"))
    if expected.field:
        met = any(_has_field(r, expected.field) for r in records)
        detail = "" if met else "no record carries it"
        results.append(Checked(f"field {expected.field} present", met, detail))
    return results
