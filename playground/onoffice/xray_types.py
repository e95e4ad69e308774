"""The vocabulary of the signature X-ray: findings, per-action reports, the profile's key."""

from __future__ import annotations

import hmac
from dataclasses import dataclass, field
from typing import Literal

from playground.i18n import gettext as _

Level = Literal["error", "warning", "ok", "note"]


@dataclass(frozen=True)
class Finding:
    """One thing the X-ray noticed; ``path`` names the key it is about ("request.actions[0]")."""

    level: Level
    message: str
    path: str = ""


@dataclass
class Report:
    """What the X-ray says about one action, and the string v2 signs (token masked)."""

    index: int
    findings: list[Finding] = field(default_factory=list)
    signed_string: str = ""
    hmac_matches: bool | None = None


@dataclass(frozen=True)
class Key:
    """The profile's credentials and the server clock; only ever compared with, never shown."""

    token: str
    secret: str
    now: float
    profile_name: str
    profile_version: int
    # The token's last characters, for the profile's owner only (members see none of it).
    hint: str = ""

    def __repr__(self) -> str:
        return f"Key(profile_name={self.profile_name!r})"

    def owns(self, token: str) -> bool:
        """Whether ``token`` is the profile's token (compared in constant time)."""
        return hmac.compare_digest(token.encode(), self.token.encode())

    def not_its_token(self) -> str:
        """Say that the token sent is not the profile's, with the hint where allowed."""
        values = {"profile": self.profile_name, "hint": self.hint}
        if self.hint:
            message = _(
                'This is not the token of the profile "%(profile)s" (that one ends in …%(hint)s), '
                "so no HMAC made with its secret can match."
            )
        else:
            message = _(
                'This is not the token of the profile "%(profile)s", so no HMAC made with its '
                "secret can match."
            )
        return message % values


def kind_of(value: object) -> str:
    """The JSON type of a value in words, for "must be a string; it is a number"."""
    if value is None:
        return _("null")
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, int | float):
        return _("a number")
    if isinstance(value, str):
        return _("a string")
    if isinstance(value, list):
        return _("a list") if value else _("an empty list")
    return _("an object")
