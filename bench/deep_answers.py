"""Time and peak memory of every walker over a stored answer, on hostile and normal answers.

Each answer is at most the history's cap (``history_body_cap``, 1 MB), as a page reads it
back from history; an answer B beside each differs from A where a walker must look:

- deep keys: objects nested as deep as json.loads reads from a fresh stack (980 levels
  with the envelope), each under a key of 1000 characters, B's deepest value changed
  (a walk building every level's path text holds depth squared times key length);
- deep keys, 900: the same 900 levels deep, which json.loads still reads on a page's stack;
- at the limit: 255 levels (answer_json.MAX_DEPTH is 256) under keys of 3800 characters;
- deep and wide: 245 levels, then a list of 300,000 numbers (every line of indented JSON
  carries the depth's indentation; B's last number changed);
- every level differs: 245 levels under keys of 2000 characters, B with one more key at
  every level (245 changes, each path as long as its depth times the key);
- 100,000 levels: lists in lists, as deep as 200 kB of text goes (no json.loads reads it);
- normal large: 500 records of 50 fields, 5% of them changed (as bench.diff_speed).

The walkers, each called from a stack 60 frames deep (as a page's code is) and each timed
with the reading of the stored text (``load_answer``) that comes before it on a page:
``load_answer``, the record diff (``diff_answers``), the raw line diff (``raw_diff``), the
JSON tab (``pretty_json``, cut as the view cuts it), the record table's cells
(``records_as_rows`` and ``cell``) and a flow's ``{{steps.1.…}}`` reference to the deepest
field (``step_refs.resolve``).

The time is of a run without tracemalloc, the peak of a second run with it. "error" is an
exception a page would answer with a 500; "refused" is an answer the page declines to
read (shown as not readable JSON), which is what a too-deep answer now gets.

Target: every walker answers (no error) within 2 seconds and 100 MB of peak memory.

    .venv/bin/python -m bench.deep_answers [--only deep]

For the figures before a change, run this file inside a copy of the older tree:
``git archive HEAD playground | tar -x -C /tmp/before`` and copy bench/ there too.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from functools import partial
from typing import Any

from bench.support import print_load, target_cell, time_and_peak, verdict
from playground.onoffice.actions import ACTION_ID_PREFIX
from playground.onoffice.answer_json import load_answer
from playground.onoffice.diff import diff_answers, raw_diff
from playground.onoffice.response import parse_response, records_as_rows
from playground.services import step_refs
from playground.web import prettyjson, views
from playground.web.fieldviews import cell

TARGET_SECONDS = 2.0
TARGET_MB = 100.0
STACK = 60  # frames below a walker, about as many as under a page's code
ENVELOPE = 9  # levels from the answer down to a record's field value
STATUS = {"code": 200, "errorcode": 0, "message": "OK"}
Answers = tuple[str, str]


def _answer(records: list[str]) -> str:
    """A read-estate answer around records given as JSON text."""
    head = {"actionid": ACTION_ID_PREFIX + "read", "resourcetype": "estate", "status": STATUS}
    listed = ",".join(records)
    data = f', "data": {{"meta": {{"cntabsolute": {len(records)}}}, "records": [{listed}]}}}}'
    results = json.dumps(head)[:-1] + data
    return f'{{"status": {json.dumps(STATUS)}, "response": {{"results": [{results}]}}}}'


def _record(deep: str) -> str:
    """One record whose field "deep" holds the given JSON text."""
    return '{"id": 1, "type": "estate", "elements": {"Id": "1", "deep": ' + deep + "}}"


def _chain(depth: int, key: int, leaf: str, extra: str = "") -> str:
    """`depth` objects nested under keys of `key` characters around `leaf`; `extra` a member
    each object has in addition (such as ``"x": 1, ``)."""
    opening = "{" + extra + json.dumps("k" * key) + ": "
    return opening * depth + leaf + "}" * depth


def deep_keys(depth: int, key: int) -> Answers:
    """A and B with a chain of objects under long keys, the deepest value changed."""
    inner = depth - ENVELOPE
    a, b = (_answer([_record(_chain(inner, key, leaf))]) for leaf in ('"a"', '"b"'))
    return a, b


def deep_and_wide(depth: int, count: int) -> Answers:
    """A and B with a list of `count` numbers at the bottom of a chain, the last changed."""
    numbers = ", ".join(["0"] * (count - 1))
    inner = depth - ENVELOPE - 1
    a, b = (_answer([_record(_chain(inner, 1, f"[{numbers}, {last}]"))]) for last in (0, 1))
    return a, b


def every_level_differs(depth: int, key: int) -> Answers:
    """A and B with a chain of objects under long keys, B with one more member in each."""
    inner = depth - ENVELOPE
    a = _answer([_record(_chain(inner, key, "1"))])
    return a, _answer([_record(_chain(inner, key, "1", extra='"x": 1, '))])


def lists_in_lists(depth: int) -> Answers:
    """A and B as `depth` lists nested in one another (B one level less)."""
    return "[" * depth + "]" * depth, "[" * (depth - 1) + "]" * (depth - 1)


def normal_large(records: int, fields: int) -> Answers:
    """500 records of 50 fields; B with 5% of them changed in two fields."""
    rng = random.Random(7)
    made: list[dict[str, Any]] = []
    for number in range(1, records + 1):
        elements: dict[str, Any] = {"Id": number, "lage": {"ort": f"Ort {number}"}}
        elements |= {f"feld{f}": f"Wert {number}-{f}" for f in range(fields - 2)}
        made.append({"id": number, "type": "estate", "elements": elements})
    a = _answer([json.dumps(r) for r in made])
    for record in rng.sample(made, records // 20):
        record["elements"]["feld3"] = "geändert"
        record["elements"]["lage"]["ort"] = "Anderswo"
    return a, _answer([json.dumps(r) for r in made])


def _cells(text: str) -> int:
    """The record tables' cells of the answer, as the answer view renders them."""
    shown = 0
    for result in parse_response(load_answer(text)).results:
        for row in records_as_rows(result, result.columns(), limit=101):
            shown += len([cell(value) for value in row])
    return shown


def _json_tab(text: str) -> str:
    """The answer view's JSON tab: the indented answer, cut where the view cuts it."""
    value = load_answer(text)
    cut = getattr(prettyjson, "pretty_json_cut", None)  # None in the tree before the cut
    return cut(value, views.PRETTY_JSON_CHARS)[0] if cut else prettyjson.pretty_json(value)


def _reference(text: str) -> str:
    """A flow step's reference to the deep field of this answer (or the text of the error)."""
    try:
        return step_refs.resolve("steps.1.deep", [load_answer(text)])
    except step_refs.StepReferenceError as exc:
        return str(exc)


WALKERS: dict[str, Callable[[Answers], object]] = {
    "load_answer": lambda ab: load_answer(ab[0]),
    "diff_answers": lambda ab: diff_answers(load_answer(ab[0]), load_answer(ab[1])),
    "raw_diff": lambda ab: raw_diff(*ab),
    "JSON tab": lambda ab: _json_tab(ab[0]),
    "table cells": lambda ab: _cells(ab[0]),
    "step reference": lambda ab: _reference(ab[0]),
}


def _at_depth(frames: int, call: Callable[[], object]) -> object:
    """Call with `frames` more frames on the stack."""
    return call() if frames <= 0 else _at_depth(frames - 1, call)


def _outcome(walker: Callable[[Answers], object], answers: Answers) -> str:
    """What one call answered: ok, refused (ValueError: not read as JSON) or an error."""
    try:
        _at_depth(STACK, lambda: walker(answers))
    except ValueError as exc:
        return f"refused: {str(exc)[:60]}"
    except Exception as exc:  # what a page would answer with a 500
        return f"error: {type(exc).__name__}"
    return "ok"


def answers() -> list[tuple[str, Answers]]:
    """The answers to walk, by label."""
    return [
        ("deep keys", deep_keys(980, 1000)),
        ("deep keys, 900", deep_keys(900, 1000)),
        ("at the limit", deep_keys(255, 3800)),
        ("deep and wide", deep_and_wide(255, 300_000)),
        ("every level differs", every_level_differs(255, 2000)),
        ("100,000 levels", lists_in_lists(100_000)),
        ("normal large", normal_large(500, 50)),
    ]


def main(argv: list[str] | None = None) -> int:
    """Walk each answer with each walker and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--only", default="", help="only answers whose label contains this")
    args = parser.parse_args(argv)
    print(f"{'answer':<20} {'kB':>5} {'walker':<15} {'seconds':>8} {'target':>8}"
          f" {'peak MB':>8} {'target':>8}  result")  # fmt: skip
    for label, pair in answers():
        if args.only not in label:
            continue
        for name, walker in WALKERS.items():
            seconds, peak, outcome = time_and_peak(partial(_outcome, walker, pair))
            met = seconds <= TARGET_SECONDS and peak <= TARGET_MB and "error" not in outcome
            print(
                f"{label:<20} {len(pair[0]) / 1000:>5.0f} {name:<15} {seconds:>8.3f}"
                f" {target_cell(TARGET_SECONDS)} {peak:>8.1f} {target_cell(TARGET_MB)}"
                f"  {verdict(met)} {outcome}"
            )
    print_load()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
