"""SQL ``LIKE`` matching (``%`` any run of characters, ``_`` exactly one) without backtracking.

A regular expression built from the whole pattern (``%`` as ``.*``) backtracks: a dozen
``%`` before a character the value lacks took hours on one short title while holding the
interpreter lock, so a single read of the public sandbox froze the whole server.

Here the pattern is cut at its ``%`` into pieces of fixed length (``_`` is one character).
The first piece must match at the start, the last at the end, and each piece between is
taken at the first place it matches after the one before: a later place could only leave
less room for the rest, so nothing is ever tried twice. Each piece is found by the regular
expression engine (in C): a piece of plain characters in one pass, but a piece with ``_`` in
it is tried at each place of the value, so its work grows with the value's length times the
piece's. ``work_budget`` bounds that work for one request: one clause of ``a_`` repeated
took a tenth of a second on a long value, and a request may carry a thousand clauses.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

ANY_RUN = "%"
ANY_ONE = "_"
MAX_PATTERN = 1000  # characters; a longer pattern is refused before any record is read


# Steps the pieces that mix letters and ``_`` may take in one request (about 0.15 s here).
WORK_PER_REQUEST = 1 << 27
_work_left: ContextVar[list[int] | None] = ContextVar("like_work_left", default=None)


class TooCostly(Exception):
    """The request's like patterns need more steps than ``WORK_PER_REQUEST``."""


@contextmanager
def work_budget(steps: int = WORK_PER_REQUEST) -> Iterator[None]:
    """Let the like matchers used inside take at most ``steps`` steps between them."""
    reset = _work_left.set([steps])
    try:
        yield
    finally:
        _work_left.reset(reset)


def _charge(steps: int) -> None:
    """Take ``steps`` from the current budget (none outside ``work_budget``)."""
    left = _work_left.get()
    if left is not None:
        left[0] -= steps
        if left[0] < 0:
            raise TooCostly


def _runs(text: str) -> list[tuple[bool, str]]:
    """The text as runs of ``_`` (True) and of other characters (False)."""
    return [(wild, "".join(run)) for wild, run in itertools.groupby(text, lambda c: c == ANY_ONE)]


def _piece(text: str) -> re.Pattern[str]:
    """A fixed-length piece of a pattern as a regular expression (``_`` any one character)."""
    parts = (_any(len(run)) if wild else re.escape(run) for wild, run in _runs(text))
    return re.compile("".join(parts), re.DOTALL)


# What compiling one piece costs: 20-30 microseconds for a piece not compiled before, and a
# thousand clauses of 500 pieces each fit in a request.
COMPILE_STEPS = 1 << 15
# What one search for a piece costs besides its work per character: the time of this many
# steps (a call into the regular expression engine, about a quarter of a microsecond).
SEARCH_STEPS = 256
# A counted repeat (``.{n}``) is one step for any n, but a slow one: the time of this many
# ``.``, each a step of its own.
REPEAT_STEPS = 16


def _any(count: int) -> str:
    """``count`` characters of any kind, in the quicker of the two ways to write it."""
    return "." * count if count < REPEAT_STEPS else f".{{{count}}}"


def _steps_per_place(text: str) -> int:
    """What searching for a middle piece costs per character of the value, at most."""
    runs = _runs(text)
    if len(runs) < 2:  # plain characters (or ``_`` alone): found in one pass
        return 0
    return sum(min(len(run), REPEAT_STEPS) if wild else len(run) for wild, run in runs)


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """A test of whether a whole text matches the pattern (no escape character).

    Inside ``work_budget`` it raises ``TooCostly`` once the budget is spent.
    """
    texts = pattern.split(ANY_RUN)
    # An empty middle piece (from ``%%``) matches anywhere: a pattern of a thousand ``%``
    # searched a thousand times per value, 78 s for one request of 200 kB.
    inner = [t for t in texts[1:-1] if t]
    _charge(COMPILE_STEPS * (len(inner) + 2))
    if len(texts) == 1:  # no %: the text is exactly as long as the pattern
        whole = _piece(pattern)
        return lambda text: whole.fullmatch(text) is not None
    first, last, middle = _piece(texts[0]), _piece(texts[-1]), [_piece(t) for t in inner]
    head, tail, fixed = len(texts[0]), len(texts[-1]), len(pattern) - len(texts) + 1
    per_place = sum(_steps_per_place(t) for t in texts[1:-1])

    def matches(text: str) -> bool:
        end = len(text) - tail
        if len(text) < fixed or not first.match(text) or not last.fullmatch(text, end):
            return False
        _charge(per_place * len(text))
        return _in_order(middle, text, head, end)

    return matches


def _in_order(middle: list[re.Pattern[str]], text: str, at: int, end: int) -> bool:
    """Whether the pieces occur one after another in ``text[at:end]``; each search is charged.

    A pattern of 500 one-letter pieces took 500 searches per value that held the letter
    often enough: 70 s for one request.
    """
    for searched, piece in enumerate(middle, start=1):  # each at the first place it fits
        found = piece.search(text, at, end)
        if found is None:
            _charge(SEARCH_STEPS * searched)
            return False
        at = found.end()
    _charge(SEARCH_STEPS * len(middle))
    return True
