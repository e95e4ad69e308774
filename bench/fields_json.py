"""Cost of answering /fields.json for a large account, on the event loop and off it.

Builds a catalogue of 4 modules x 1,500 select fields (about 1.4 MB of JSON, a large
account's size) and prints how long encoding it takes: what every /fields.json request
held the event loop for when the route encoded the catalogue itself, what the first
request now spends in a worker thread, and what each later request costs (cached bytes).

    .venv/bin/python -m bench.fields_json
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from starlette.responses import JSONResponse

from playground.onoffice.fieldlist import Modules
from playground.services.fields import Catalogue


def large_catalogue(modules: int = 4, fields: int = 1500) -> Catalogue:
    """A catalogue shaped like get fields' answer for an account with many select fields."""
    values = {f"v{k}": f"Wert {k}" for k in range(8)}
    field = {"label": "Feld – Beschreibung", "type": "singleselect", "length": 80}
    built: Modules = {
        f"module{m}": {
            f"field_{m}_{i}": {**field, "permittedvalues": values} for i in range(fields)
        }
        for m in range(modules)
    }
    return Catalogue(1, "DEU", datetime.now(UTC), built, ("", 2, "", ""), 0.0)


def milliseconds(work: Callable[[], object]) -> float:
    """The best of five runs of `work()`, in milliseconds."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def main() -> None:
    """Print the three figures."""
    catalogue = large_catalogue()
    size = len(catalogue.json_bytes)
    fresh = milliseconds(lambda: large_catalogue().json_bytes)
    print(f"catalogue: {size:,} bytes of JSON")
    before = milliseconds(lambda: JSONResponse(catalogue.to_json()))
    print(f"encoded per request on the loop (before): {before:.1f} ms")
    print(f"first request, in a worker thread (build + encode): {fresh:.1f} ms")
    print(f"each later request on the loop: {milliseconds(lambda: catalogue.json_bytes):.4f} ms")


if __name__ == "__main__":
    main()
