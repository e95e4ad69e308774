"""What makes a new password acceptable: length, and not guessable by an estimator.

The estimator (zxcvbn) rates how many guesses an attacker needs, knowing common passwords,
words, names, keyboard patterns, dates and the user's own name. Every path that sets a
password (first run, the shell, an admin, a change of one's own) asks `problem` first.
"""

from __future__ import annotations

import re
from typing import Any

from zxcvbn import zxcvbn

from playground.i18n import gettext as _

# The product's own names are the first thing an attacker tries against it.
PRODUCT_WORDS = ("onoffice", "playground")
# zxcvbn's score 3: "safely unguessable", about 10^10 guesses (ASVS 2.1.7 asks for a check).
MIN_SCORE = 3
MIN_LENGTH = 12
# The estimator's cost grows with the length; past this many characters length alone wins.
ESTIMATED_PREFIX = 64
_min_length = [MIN_LENGTH]


def configure(min_length: int) -> None:
    """Require at least this many characters (never fewer than MIN_LENGTH)."""
    _min_length[0] = max(MIN_LENGTH, min_length)


def min_length() -> int:
    """The configured least number of characters."""
    return _min_length[0]


def _own_words(username: str) -> list[str]:
    """The words a password must not be built from: the user's name and the product's."""
    name = username.strip().lower()
    parts = [part for part in re.split(r"[._@-]+", name) if len(part) >= 3]
    return [word for word in (name, *parts, *PRODUCT_WORDS) if len(word) >= 3]


def _without(password: str, words: list[str]) -> str:
    """The password with every one of the words taken out, ignoring case."""
    rest = password
    for word in sorted(words, key=len, reverse=True):
        rest = re.sub(re.escape(word), "", rest, flags=re.IGNORECASE)
    return rest


def _estimate(password: str, words: list[str]) -> dict[str, Any]:
    """zxcvbn's verdict on (the start of) a password."""
    result: dict[str, Any] = zxcvbn(password[:ESTIMATED_PREFIX], user_inputs=words)
    return result


def _why(result: dict[str, Any]) -> str:
    """In words, the weakest kind of pattern the estimator found."""
    patterns = {str(match.get("pattern", "")) for match in result.get("sequence", [])}
    if "dictionary" in patterns:
        return _("it is made of common passwords, words or names")
    if "spatial" in patterns:
        return _("it follows a keyboard pattern")
    if "repeat" in patterns:
        return _("it repeats characters or words")
    if "sequence" in patterns:
        return _("it contains a sequence such as abc or 123")
    if "date" in patterns or "regex" in patterns:
        return _("it contains a date or a year")
    return _("it is too short for its kinds of characters")


BETTER = (
    "Try four or five unrelated words with spaces, or let a password manager make one; "
    "changing letters to look-alike digits does not help."
)


def problem(password: str, *, username: str = "") -> str | None:
    """Why a new password is not acceptable (with how to do better), or None."""
    better = _(BETTER)
    if len(password) < _min_length[0]:
        shortfall = _("Use at least %(count)d characters.") % {"count": _min_length[0]}
        return f"{shortfall} {better}"
    words = _own_words(username)
    rest = _without(password, words)
    if rest != password and (
        len(rest) < _min_length[0] // 2 or _estimate(rest, words)["score"] < MIN_SCORE
    ):
        built = _("This password is built from your user name or the product's name.")
        return f"{built} {better}"
    result = _estimate(password, words)
    if result["score"] < MIN_SCORE:
        guessable = _("This password is easy to guess: %(why)s.") % {"why": _why(result)}
        return f"{guessable} {better}"
    return None
