"""Expectations of a saved request's answer, for smoke tests: status OK, records, a field.

Their words are English for the JSON API and `playground run` (which read them), and in the
reader's language on the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playground import i18n
from playground.i18n import gettext as _
from playground.i18n import ngettext
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
        """Each expectation in English words (the JSON API's)."""
        with i18n.speaking("en"):
            return self.shown()

    def shown(self) -> list[str]:
        """Each expectation in the reader's language."""
        words = [_status_ok()] if self.ok else []
        if self.min_records is not None:
            words.append(_at_least(self.min_records))
        if self.field:
            words.append(_field_present(self.field))
        return words


def _status_ok() -> str:
    """The words of the status expectation."""
    return _("status OK")


def _at_least(count: int) -> str:
    """The words of the records expectation (English keeps its "record(s)")."""
    words = ngettext("at least %(count)d record(s)", "at least %(count)d record(s)", count)
    return words % {"count": count}


def _field_present(name: str) -> str:
    """The words of the field expectation."""
    return _("field %(field)s present") % {"field": name}


@dataclass(frozen=True)
class Checked:
    """One expectation and whether the answer met it: `expectation` and `detail` in English
    (the JSON API's), `shown` and `shown_detail` in the reader's language (the pages')."""

    expectation: str
    met: bool
    detail: str = ""
    shown: str = ""
    shown_detail: str = ""


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


def _verdicts(expected: Expectations, records: list[Record], ok: bool) -> list[Checked]:
    """Each expectation checked, in the current language."""
    results: list[Checked] = []
    if expected.ok:
        detail = "" if ok else _("the answer or one of its actions reports an error")
        results.append(Checked(_status_ok(), ok, detail))
    if expected.min_records is not None:
        met = len(records) >= expected.min_records
        came = ngettext(
            "%(count)d record(s) came back", "%(count)d record(s) came back", len(records)
        )
        results.append(
            Checked(_at_least(expected.min_records), met, came % {"count": len(records)})
        )
    if expected.field:
        met = any(_has_field(r, expected.field) for r in records)
        detail = "" if met else _("no record carries it")
        results.append(Checked(_field_present(expected.field), met, detail))
    return results


def check(expected: Expectations, parsed: ApiResponse | None, *, ok: bool) -> list[Checked]:
    """Check an answer (None when none came back) against the expectations."""
    records = _records(parsed)
    shown = _verdicts(expected, records, ok)
    with i18n.speaking("en"):
        english = _verdicts(expected, records, ok)
    return [
        Checked(e.expectation, e.met, e.detail, s.expectation, s.detail)
        for e, s in zip(english, shown, strict=True)
    ]
