"""The shape of onOffice API credentials: a token of 32 characters, a secret of 64.

onOffice's API documentation ("Allgemeine Hinweise", access tokens) asks to check both
lengths when a request is "not authenticated"; catching a mistyped or half-pasted value
when it is saved spares that round trip. Issued values are printable ASCII without
spaces, so anything else is a copying accident.
"""

from __future__ import annotations

import re
from typing import Literal

from playground.i18n import gettext as _

TOKEN_LENGTH = 32
SECRET_LENGTH = 64
_PRINTABLE = re.compile(r"[\x21-\x7e]*")

Kind = Literal["token", "secret"]
LENGTHS: dict[Kind, int] = {"token": TOKEN_LENGTH, "secret": SECRET_LENGTH}


def _messages(kind: Kind) -> tuple[str, str, str]:
    """Wrong characters, too short, too long: whole sentences per kind, for translation."""
    if kind == "token":
        return (
            _("The token may hold only letters, digits and punctuation (no spaces or other "
              "characters): check that it was copied whole and nothing else with it."),
            _("The token is too short: onOffice tokens have 32 characters, "
              "this one has %(length)d."),
            _("The token is too long: onOffice tokens have 32 characters, "
              "this one has %(length)d."),
        )  # fmt: skip
    return (
        _("The secret may hold only letters, digits and punctuation (no spaces or other "
          "characters): check that it was copied whole and nothing else with it."),
        _("The secret is too short: onOffice secrets have 64 characters, "
          "this one has %(length)d."),
        _("The secret is too long: onOffice secrets have 64 characters, "
          "this one has %(length)d."),
    )  # fmt: skip


def shape_problem(kind: Kind, value: str) -> str | None:
    """Why `value` cannot be an onOffice token or secret, in words; None when it can be."""
    wrong_characters, too_short, too_long = _messages(kind)
    if not _PRINTABLE.fullmatch(value):
        return wrong_characters
    if len(value) != LENGTHS[kind]:
        return (too_short if len(value) < LENGTHS[kind] else too_long) % {"length": len(value)}
    return None
