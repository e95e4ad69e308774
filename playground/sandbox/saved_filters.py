"""Filters "saved in enterprise": listed by ``get filters``, applied by ``filterid``."""

from __future__ import annotations

from typing import Any, NamedTuple


class SavedFilter(NamedTuple):
    """One saved filter: who sees it and the filter clauses it stands for."""

    name: str
    scope: str
    group_id: int | None
    clauses: dict[str, Any]


def _is(value: object) -> list[dict[str, object]]:
    """A one-clause ``=`` filter expression."""
    return [{"op": "=", "val": value}]


SAVED_FILTERS: dict[str, dict[str, SavedFilter]] = {
    "estate": {
        "101": SavedFilter("Aktive Kaufobjekte", "public", None,
                           {"status": _is(1), "vermarktungsart": _is("kauf")}),
        "103": SavedFilter("Aktive Mietobjekte", "public", None,
                           {"status": _is(1), "vermarktungsart": _is("miete")}),
        "105": SavedFilter("Häuser in Aachen", "office", 1,
                           {"objektart": _is("haus"), "ort": _is("Aachen")}),
        "107": SavedFilter("Verkauft/vermietet", "public", None, {"verkauft": _is(1)}),
    },
    "address": {
        "102": SavedFilter("Aktive Adressen", "public", None, {"Status": _is(1)}),
        "104": SavedFilter("Newsletter-Empfänger", "public", None,
                           {"newsletter_aktiv": _is(1)}),
        "106": SavedFilter("Eigentümer", "office", 1, {"ArtDaten": _is("Eigentuemer")}),
    },
}  # fmt: skip
