"""The sandbox's one-pass ``like``: the matches SQL ``LIKE`` gives, for every pattern."""

from __future__ import annotations

import random
from functools import cache

import pytest

from playground.sandbox.like import like_matcher


def sql_like(pattern: str, text: str) -> bool:
    """SQL ``LIKE`` without an escape character, straight from its definition."""

    @cache
    def matches(p: int, t: int) -> bool:
        if p == len(pattern):
            return t == len(text)
        if pattern[p] == "%":
            return matches(p + 1, t) or (t < len(text) and matches(p, t + 1))
        return t < len(text) and pattern[p] in ("_", text[t]) and matches(p + 1, t + 1)

    return matches(0, 0)


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("", "", True),  # an empty pattern matches the empty value only
        ("", "a", False),
        ("%", "", True),
        ("%%", "abc", True),
        ("_", "", False),
        ("_", "ä", True),  # one character, not one byte
        ("a%b%c", "axxbyyc", True),
        ("%a%b", "aab", True),  # the first "a" that fits is not the one that must match
        ("%ab", "aab", True),
        ("a%a", "a", False),  # a % between two characters does not let them overlap
        ("%.*%", "x.*y", True),  # regular expression characters are plain characters
        ("%[a]%", "a", False),
        ("a|b", "a", False),
        ("%\\%", "x\\", True),
        ("line_two", "line\ntwo", True),  # _ and % take a line break too
        ("%two", "one\ntwo", True),
    ],
)
def test_like_matches_as_sql_does(pattern: str, text: str, expected: bool) -> None:
    assert like_matcher(pattern)(text) is expected
    assert sql_like(pattern, text) is expected


def test_like_agrees_with_sql_on_many_patterns_and_values() -> None:
    draw = random.Random(7)
    for _ in range(20_000):
        pattern = "".join(draw.choice("ab%_.") for _ in range(draw.randint(0, 7)))
        text = "".join(draw.choice("ab%_.") for _ in range(draw.randint(0, 9)))
        assert like_matcher(pattern)(text) is sql_like(pattern, text), (pattern, text)
