"""SQL ``LIKE`` matching (``%`` any run of characters, ``_`` exactly one) without backtracking.

A regular expression built from the whole pattern (``%`` as ``.*``) backtracks: a dozen
``%`` before a character the value lacks took hours on one short title while holding the
interpreter lock, so a single read of the public sandbox froze the whole server.

Here the pattern is cut at its ``%`` into pieces of fixed length (``_`` is one character).
The first piece must match at the start, the last at the end, and each piece between is
taken at the first place it matches after the one before: a later place could only leave
less room for the rest, so nothing is ever tried twice. Each piece is found by the regular
expression engine (in C), and the work grows with the value's length times the pattern's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ANY_RUN = "%"
ANY_ONE = "_"
MAX_PATTERN = 1000  # characters; a longer pattern is refused before any record is read


def _piece(text: str) -> re.Pattern[str]:
    """A fixed-length piece of a pattern as a regular expression (``_`` any one character)."""
    return re.compile("".join("." if c == ANY_ONE else re.escape(c) for c in text), re.DOTALL)


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """A test of whether a whole text matches the pattern (no escape character)."""
    texts = pattern.split(ANY_RUN)
    if len(texts) == 1:  # no %: the text is exactly as long as the pattern
        whole = _piece(pattern)
        return lambda text: whole.fullmatch(text) is not None
    first, *middle, last = [_piece(t) for t in texts]
    head, tail, fixed = len(texts[0]), len(texts[-1]), len(pattern) - len(texts) + 1

    def matches(text: str) -> bool:
        end = len(text) - tail
        if len(text) < fixed or not first.match(text) or not last.fullmatch(text, end):
            return False
        at = head
        for piece in middle:  # each at the first place it fits
            found = piece.search(text, at, end)
            if found is None:
                return False
            at = found.end()
        return True

    return matches
