"""A unified line diff whose cost stays near linear, however the two texts differ.

difflib's matcher takes time quadratic in the lines it compares: two 700 KB answers whose
lines repeat with different periods took 24 s of CPU. The lines both texts start and end
with are set aside first (a modify between two reads changes a few lines in the middle),
and of the rest only the first MIDDLE_LINES lines of each side are compared: changes further
down are left out of the raw view (the page says so).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

CONTEXT = 3
# Lines of each side compared after the common start and end are set aside. The worst case
# measured, lines repeating about every hundred lines with periods differing by two, took
# 0.12 s at 3,000 lines, 0.25 s at 4,000 and 3.7 s at 10,000.
MIDDLE_LINES = 3_000
_HUNK = re.compile(r"^@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@$")


def _common_start(old: list[str], new: list[str]) -> int:
    """How many lines both lists start with."""
    count = 0
    for left, right in zip(old, new, strict=False):
        if left != right:
            break
        count += 1
    return count


def _common_end(old: list[str], new: list[str], start: int) -> int:
    """How many lines both lists end with, not counting their first `start` lines."""
    most = min(len(old), len(new)) - start
    count = 0
    while count < most and old[-1 - count] == new[-1 - count]:
        count += 1
    return count


def _shifted(lines: Iterator[str], offset: int) -> Iterator[str]:
    """The diff's lines, its hunk headers counting from `offset` lines further."""
    for line in lines:
        hunk = _HUNK.match(line) if line.startswith("@@") else None
        if hunk:
            old_at, old_len, new_at, new_len = hunk.groups()
            old_range = f"{int(old_at) + offset}{old_len or ''}"
            line = f"@@ -{old_range} +{int(new_at) + offset}{new_len or ''} @@"
        yield line


def unified(old: list[str], new: list[str], *, limit: int) -> tuple[list[str], bool, bool]:
    """The unified diff of two lists of lines, cut to `limit` lines; whether it was cut, and
    whether the differing part was longer than MIDDLE_LINES (only its start is compared)."""
    start = _common_start(old, new)
    end = _common_end(old, new, start)
    skip = max(start - CONTEXT, 0)  # the context lines before the first change stay
    tail = max(end - CONTEXT, 0)
    middle_old, middle_new = old[skip : len(old) - tail], new[skip : len(new) - tail]
    partial = max(len(middle_old), len(middle_new)) > MIDDLE_LINES
    middle_old, middle_new = middle_old[:MIDDLE_LINES], middle_new[:MIDDLE_LINES]
    diff = difflib.unified_diff(middle_old, middle_new, "a", "b", lineterm="", n=CONTEXT)
    out: list[str] = []
    for line in _shifted(diff, skip):
        if len(out) == limit:
            return out, True, partial
        out.append(line)
    return out, False, partial
