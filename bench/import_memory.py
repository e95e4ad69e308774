"""Peak memory and time of importing a collection file: hostile files and a normal large one.

In a temporary data directory this migrates a database (``create_app``) and creates a user,
then calls the import service (``collection_files.import_file``) once per file under
``tracemalloc`` and prints the peak traced memory, the time and what the import answered:

- deep keys: the review's file, just under the 1 MB upload limit: 960 objects nested in one
  another, each under a key of 1030 characters (a walk that builds every level's path text
  holds depth squared times key length characters at once);
- deep, keys at limit: the same nesting under keys of 1000 characters (the longest taken);
- deep request texts: 500 requests, each given as JSON text nested 900 levels deep (indenting
  such parameters for the composer takes time quadratic in the depth);
- normal large: 500 requests (the most a file may hold) with realistic parameters and flows.

The time is of a run without tracemalloc, the peak of a second run with it.

Target: no import holds more than 40 times its file's size (the decoded document alone is
several times the file) or takes more than 5 seconds.

    .venv/bin/python -m bench.import_memory [--depth 960] [--key 1030]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bench.support import PASSWORD, USERNAME, print_load, target_cell, time_and_peak, verdict
from playground.services import accounts, collection_files, collection_reading
from playground.services.errors import InvalidInput
from playground.settings import Settings
from playground.web.app import create_app

HEAD = '{"format":"onoffice-playground-collection","version":1,"requests":[],"x":'
TARGET_TIMES_FILE = 40
TARGET_SECONDS = 5.0
LONGEST_KEY = 1000  # characters: collection_reading.MAX_KEY, spelled out to measure code without it
ACTION = {"verb": "read", "resourcetype": "estate", "resourceid": "", "identifier": ""}


def deep_keys(depth: int, key: int) -> bytes:
    """The hostile file of the review: `depth` objects nested under keys of `key` characters."""
    opening = '{"' + "k" * key + '":'
    return (HEAD + opening * depth + "1" + "}" * depth + "}").encode()


def deep_request_texts(count: int, depth: int) -> bytes:
    """A file of `count` requests, each JSON text with parameters nested `depth` levels deep."""
    nested = "[" * depth + "]" * depth
    text = '[{"verb":"read","resourcetype":"estate","parameters":{"a":' + nested + "}}]"
    entries = [{"name": f"Deep {n}", "request": text} for n in range(count)]
    document = {"format": collection_reading.FORMAT, "version": 1, "requests": entries}
    return json.dumps(document).encode()


def _parameters(number: int) -> dict[str, Any]:
    """Parameters a real read of estates might carry."""
    return {
        "data": ["Id", "objekttitel", "kaufpreis", "wohnflaeche", "ort", "plz", "status"],
        "filter": {"kaufpreis": [{"op": "<", "val": 500_000 + number}],
                   "status": [{"op": "=", "val": 1}]},
        "sortby": {"kaufpreis": "ASC"},
        "listlimit": 50,
        "formatoutput": True,
    }  # fmt: skip


def _entry(number: int) -> dict[str, Any]:
    """One saved request (every fifth a two-step flow) as an export writes it."""
    action = ACTION | {"parameters": _parameters(number)}
    request: Any = [action]
    if number % 5 == 0:
        step = {"actions": [action], "stop_on_failure": True}
        request = {"steps": [step, step]}
    expect = {"ok": True, "min_records": 1, "field": "kaufpreis"}
    description = f"Kaufpreise unter {500_000 + number} Euro, neueste zuerst"
    return {"name": f"Request {number}", "description": description, "request": request,
            "expectations": expect}  # fmt: skip


def normal_large(count: int) -> bytes:
    """An exported folder with `count` requests, indented as an export writes it."""
    document = {
        "format": collection_reading.FORMAT,
        "version": 1,
        "exported_at": "2025-01-01T00:00:00+00:00",
        "folder": {"name": "Large"},
        "requests": [_entry(n) for n in range(1, count + 1)],
        "left_out": [],
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


def _outcome(importing: Callable[[bytes], str], data: bytes) -> str:
    """What one import of `data` answered."""
    try:
        return importing(data)
    except InvalidInput as exc:
        return "refused: " + " ".join(exc.errors.values())


def run(data_dir: Path, files: list[tuple[str, bytes]]) -> list[tuple[str, int, float, float, str]]:
    """Import each file as a fresh user of a new database; the figures per file."""
    state = create_app(Settings(data_dir=data_dir)).state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        user = accounts.create_user(db, username=USERNAME, password=PASSWORD, is_admin=True)

        def importing(data: bytes) -> str:
            done = collection_files.import_file(db, user=user, data=data, box=state.box)
            return f"imported {len(done.names)} requests, {len(done.skipped)} notes"

        results = [
            (label, len(data), *time_and_peak(partial(_outcome, importing, data)))
            for label, data in files
        ]
    state.engine.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    """Build the files, import each once and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--depth", type=int, default=960, help="nesting of the deep-keys file")
    parser.add_argument("--key", type=int, default=1030, help="key length of the deep-keys file")
    args = parser.parse_args(argv)
    for name in [k for k in os.environ if k.startswith("PLAYGROUND_")]:
        del os.environ[name]  # the caller's settings must not reach the temporary instance
    logging.getLogger("playground").setLevel(logging.ERROR)  # no "generated a key" notes
    files = [
        ("deep keys", deep_keys(args.depth, args.key)),
        ("deep, keys at limit", deep_keys(args.depth, LONGEST_KEY)),
        ("deep request texts", deep_request_texts(collection_reading.MAX_REQUESTS, 900)),
        ("normal large", normal_large(collection_reading.MAX_REQUESTS)),
    ]
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        results = run(Path(tmp) / "data", files)
    print(
        f"{'file':<20} {'kB':>6} {'peak MB':>8} {'target':>8} {'seconds':>8} {'target':>8}  result"
    )
    for label, size, seconds, peak, outcome in results:
        limit = round(TARGET_TIMES_FILE * size / 1e6)
        met = peak <= limit and seconds <= TARGET_SECONDS
        print(
            f"{label:<20} {size / 1000:>6.0f} {peak:>8.1f} {target_cell(limit)} {seconds:>8.3f}"
            f" {target_cell(TARGET_SECONDS)}  {verdict(met)}"
        )
        print(f"{'':<20} {outcome[:100]}")
    print_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
