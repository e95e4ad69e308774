"""Python's JSON parse errors (``json.JSONDecodeError.msg``) in the reader's language.

The English texts are CPython's own (``json/decoder.py`` and the C scanner in ``_json.c``),
so an English reader sees them unchanged; a message this table does not know is shown as
Python wrote it.
"""

from __future__ import annotations

from playground import i18n
from playground.i18n import gettext as _


def _known() -> list[tuple[str, str]]:
    """How each message starts, and what it says in the current language."""
    return [
        ("Expecting value", _("Expecting value")),
        (
            "Expecting property name enclosed in double quotes",
            _("Expecting property name enclosed in double quotes"),
        ),
        ("Expecting ':' delimiter", _("Expecting ':' delimiter")),
        ("Expecting ',' delimiter", _("Expecting ',' delimiter")),
        ("Unterminated string starting at", _("Unterminated string starting at")),
        # The C scanner says "... at", Python's own adds the character: "... '\t' at".
        ("Invalid control character", _("Invalid control character at")),
        ("Invalid \\uXXXX escape", _("Invalid \\uXXXX escape")),
        ("Invalid \\escape", _("Invalid \\escape")),
        ("Extra data", _("Extra data")),
        # Python 3.13 and later name a comma before a closing bracket.
        (
            "Illegal trailing comma before end of object",
            _("Illegal trailing comma before end of object"),
        ),
        (
            "Illegal trailing comma before end of array",
            _("Illegal trailing comma before end of array"),
        ),
    ]


def json_problem(message: str) -> str:
    """A JSONDecodeError's message for the reader: translated when known, else as it is."""
    if i18n.current() == i18n.DEFAULT_LOCALE:
        return message  # Python's exact words, a control character's name included
    for start, shown in _known():
        if message.startswith(start):
            return shown
    return message
