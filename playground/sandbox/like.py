"""SQL ``LIKE`` matching (``%`` any run of characters, ``_`` exactly one) in one pass.

A regular expression built from the pattern (``%`` as ``.*``) backtracks: a dozen ``%``
before a character the value lacks took hours on one short title while holding the
interpreter lock, so a single read of the public sandbox froze the whole server. Here
every way the pattern could have matched so far is kept at once, one bit per pattern
position, and each character of the value moves them all forward: the work grows with the
value's length times the pattern's length in machine words, never more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ANY_RUN = "%"
ANY_ONE = "_"
MAX_PATTERN = 1000  # characters; a longer pattern is refused before any record is read
_RUNS = re.compile(f"{ANY_RUN}+")


def like_matcher(pattern: str) -> Callable[[str], bool]:
    """A test of whether a whole text matches the pattern (no escape character)."""
    pattern = _RUNS.sub(ANY_RUN, pattern)  # "%%" is "%": one step below covers it
    runs = ones = 0  # the positions of each % and each _ in the pattern, as bits
    literal: dict[str, int] = {}  # each other character's positions, as bits
    for position, char in enumerate(pattern):
        bit = 1 << position
        if char == ANY_RUN:
            runs |= bit
        elif char == ANY_ONE:
            ones |= bit
        else:
            literal[char] = literal.get(char, 0) | bit
    done = 1 << len(pattern)
    # Bit i: the pattern's first i characters match what has been read. A % at i may match
    # nothing, so reaching i reaches i + 1 as well.
    start = 1 | (runs & 1) << 1

    def matches(text: str) -> bool:
        states = start
        for char in text:
            # A % keeps its place (it takes the character); a matching one moves on.
            states = (states & runs) | (states & (literal.get(char, 0) | ones)) << 1
            states |= (states & runs) << 1
            if not states:
                return False
        return bool(states & done)

    return matches
