"""The sandbox's one-pass ``like``: the matches SQL ``LIKE`` gives, for every pattern."""

from __future__ import annotations

import random
from functools import cache

import pytest

from playground.sandbox.like import TooCostly, like_matcher, work_budget


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


@pytest.mark.parametrize(
    ("pattern", "text", "expected"),
    [
        ("%a" + "_" * 20 + "b%", "xa" + "y" * 20 + "bz", True),  # a run written .{20}
        ("%a" + "_" * 20 + "b%", "xa" + "y" * 19 + "bz", False),
        ("_" * 16, "y" * 16, True),
        ("_" * 16 + "%", "y" * 15, False),
    ],
)
def test_long_runs_of_underscores_take_exactly_as_many_characters(
    pattern: str, text: str, expected: bool
) -> None:
    assert like_matcher(pattern)(text) is expected
    assert sql_like(pattern, text) is expected


def test_letters_mixed_with_underscores_over_long_values_stop_at_the_budget() -> None:
    # Each place of the value tries the whole piece: on 60,000 characters this one took
    # 40 ms per value, and a request may carry a thousand such clauses.
    costly = like_matcher("%" + "a_" * 400 + "b%")
    plain = like_matcher("%garten%")
    usual = like_matcher("%m_ller%")
    value = "a" * 60_000
    with work_budget():
        assert not costly(value) and not costly(value)  # two fit in one request
        with pytest.raises(TooCostly):
            costly(value)
    with work_budget():  # a word, or a short pattern on ordinary texts, never runs out
        assert not any(plain(value) for _ in range(1000))
        assert all(usual("Familie Müller aus Köln".casefold()) for _ in range(100_000))
    assert not any(costly(value) for _ in range(4))  # outside a request: no budget


def test_patterns_of_many_pieces_stop_at_the_budget() -> None:
    # 500 one-letter pieces searched in every value that holds the letter often enough,
    # and compiled anew for each of a thousand clauses: seconds of one request.
    pattern = "%" + "a%" * 499
    with work_budget():
        many = like_matcher(pattern)
        with pytest.raises(TooCostly):
            all(many("a" * 600) for _ in range(10_000))
    with work_budget(), pytest.raises(TooCostly):
        [like_matcher(pattern) for _ in range(10_000)]
    with work_budget():  # runs of % cost as one, and a search of a few pieces stays cheap
        assert all(like_matcher("%" * 1000)("x") for _ in range(1000))
        usual = like_matcher("%müller%köln%")
        assert all(usual("familie müller aus köln") for _ in range(100_000))
