"""Error codes of the onOffice API: the API's own messages plus playground hints.

The table itself is in ``error_table.py`` (every code of the public list of onOffice's
error texts; see there for the source). The official docs only explain 97 and the
top-level status codes. Hints are written for this playground and say what a user should
check; codes without a hint of their own get a general one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from playground.i18n import N_
from playground.i18n import gettext as _
from playground.onoffice.error_table import ROWS

DOCS_ERROR_PAGE = "https://apidoc.onoffice.de/fehler/"

# For codes whose only documentation is their message.
GENERAL_HINT = N_(
    "onOffice documents no more than the message for this code. Check the call's parameters "
    "against its page in the onOffice API docs (https://apidoc.onoffice.de/); if they look right, "
    "ask onOffice support."
)


@dataclass(frozen=True)
class ErrorInfo:
    """One error code: the API's message template and a hint for playground users."""

    code: int
    message: str
    hint: str


ERRORS: Mapping[int, ErrorInfo] = MappingProxyType(
    {code: ErrorInfo(code, message, hint or GENERAL_HINT) for code, message, hint in ROWS}
)

# Marked for the catalogue; translated where shown.
STATUS_CODES: Mapping[int, str] = MappingProxyType(
    {200: N_("OK"), 400: N_("not authenticated"), 500: N_("server error")}
)


def explain(code: int) -> ErrorInfo:
    """Return the info for a code, or a generic entry for codes not in the table."""
    known = ERRORS.get(code)
    if known is not None:
        return known
    return ErrorInfo(
        code=code,
        message=_("Unknown error code %(code)d") % {"code": code},
        hint=_(
            "This code is not in the public list of onOffice's error codes. Look it up in "
            "the onOffice API docs (%(url)s) or ask onOffice support."
        )
        % {"url": DOCS_ERROR_PAGE},
    )


def error_message(code: int, *args: str) -> str:
    """Return the API message for a code with its %s placeholders filled in order.

    Missing arguments leave an empty string, so a caller never gets a raw %s. The arguments
    are inserted as they are: the result is plain text, to be escaped by whatever renders it
    (the JSON encoder, or Jinja's autoescaping in the templates), never marked safe.
    """
    # Splitting on the placeholder avoids %-formatting surprises from a literal % in a message.
    pieces = explain(code).message.split("%s")
    values = [*args, *([""] * len(pieces))]
    out = [pieces[0]]
    for index, piece in enumerate(pieces[1:]):
        out.append(values[index])
        out.append(piece)
    return "".join(out)
