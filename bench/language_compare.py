"""Time asking every action of a full composer (50 reads) for its answer in a language.

Comparing in two languages does this on the event loop three times per request (the check
before sending, then once per language), so it has to stay far below a millisecond per
action. Prints the best and median time of several runs for the three passes.

    .venv/bin/python -m bench.language_compare [--actions 50] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.languages import in_language


def _once(actions: list[ActionRequest]) -> float:
    """Seconds for the three passes over the actions."""
    started = time.perf_counter()
    for language in ("DEU", "DEU", "ENG"):
        for action in actions:
            in_language(action, language)
    return time.perf_counter() - started


def main() -> None:
    """Parse the options, run, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    read = ActionRequest(Verb.READ, "estate", "", "", {"data": ["Id", "objektart"]})
    times = [_once([read] * options.actions) for _ in range(options.runs)]
    print(
        f"{options.actions} actions, 3 passes: best {min(times) * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
