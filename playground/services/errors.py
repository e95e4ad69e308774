"""Errors a use case raises for the web layer to turn into a 4xx with a clear message."""

from __future__ import annotations

from playground.i18n import ngettext


class InvalidInput(Exception):
    """The input was wrong; `errors` maps a form field to a message a person can act on."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotFound(Exception):
    """The object does not exist or belongs to someone else (both answer 404)."""


class Conflict(Exception):
    """The action would break a rule (e.g. leave no active admin); the message says which."""


class TooManyAttempts(Exception):
    """Too many wrong passwords in a row: refused for `minutes` without being checked."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            ngettext(
                "Too many wrong attempts. Please try again in %(num)d minute.",
                "Too many wrong attempts. Please try again in %(num)d minutes.",
                minutes,
            )
            % {"num": minutes}
        )
        self.minutes = minutes
