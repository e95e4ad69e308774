"""Time comparing two large answers: 500 records by 50 fields, as the compare page does.

Builds two read-estate answers with 500 records of 50 fields each; the second has 5% of
the records changed (two fields each, one of them nested), 10 records removed and 10
added, and the rest in another order. Times the record diff (decoding included) and the
raw line diff of the pretty-printed JSON, best and median of several runs.
Target: the record diff well under a second.

    .venv/bin/python -m bench.diff_speed [--records 500] [--fields 50] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from playground.onoffice.actions import ACTION_ID_PREFIX
from playground.onoffice.diff import diff_answers, raw_diff

TARGET_SECONDS = 1.0


def _record(number: int, fields: int) -> dict[str, Any]:
    """One estate with `fields` fields, one of them nested."""
    elements: dict[str, Any] = {"Id": number, "lage": {"ort": f"Ort {number}", "plz": "52062"}}
    for field in range(fields - 2):
        elements[f"feld{field}"] = f"Wert {number}-{field}"
    return {"id": number, "type": "estate", "elements": elements}


def _answer(records: list[dict[str, Any]]) -> str:
    """A read-estate answer around the records, as the server stores it."""
    result = {
        "actionid": ACTION_ID_PREFIX + "read",
        "resourceid": "",
        "resourcetype": "estate",
        "identifier": "",
        "data": {"meta": {"cntabsolute": len(records)}, "records": records},
        "status": {"errorcode": 0, "message": "OK"},
    }
    top = {"code": 200, "errorcode": 0, "message": "OK"}
    return json.dumps({"status": top, "response": {"results": [result]}})


def _pair(count: int, fields: int) -> tuple[str, str]:
    """The two answers: the second changed, cut, extended and shuffled."""
    rng = random.Random(16)
    old = [_record(n, fields) for n in range(1, count + 1)]
    new = json.loads(json.dumps(old[10:]))
    for record in rng.sample(new, count // 20):
        record["elements"]["feld3"] = "geändert"
        record["elements"]["lage"]["plz"] = "50667"
    new += [_record(n, fields) for n in range(count + 1, count + 11)]
    rng.shuffle(new)
    return _answer(old), _answer(new)


def _time(runs: int, work: Any) -> tuple[float, float]:
    """Best and median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


def main() -> None:
    """Print the timings and whether the record diff meets its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--fields", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    a, b = _pair(args.records, args.fields)
    [action] = diff_answers(json.loads(a), json.loads(b)).actions
    print(f"answers: {len(a) / 1e6:.2f} MB and {len(b) / 1e6:.2f} MB")
    print(
        f"found: {len(action.changed)} changed, {len(action.added)} added, "
        f"{len(action.removed)} removed, reordered={action.reordered}"
    )
    best, median = _time(args.runs, lambda: diff_answers(json.loads(a), json.loads(b)))
    print(
        f"record diff ({args.records} records, {args.fields} fields): "
        f"best {best:.3f} s, median {median:.3f} s"
    )
    raw_best, raw_median = _time(args.runs, lambda: raw_diff(a, b))
    print(f"raw JSON diff: best {raw_best:.3f} s, median {raw_median:.3f} s")
    verdict = "meets" if median < TARGET_SECONDS else "MISSES"
    print(f"target: record diff under {TARGET_SECONDS:.1f} s: {verdict}")


if __name__ == "__main__":
    main()
