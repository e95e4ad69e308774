"""Typed, bounded path, query and form parameters, shared by the routers.

Every id the database stores is a 64-bit integer: a larger number, zero, a sign or a
non-ASCII digit is refused at the edge with a 422 that names the field, before any query.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated, Any

from fastapi import Form, Path, Query
from pydantic import BeforeValidator

from playground.i18n import gettext as _

# Ids are INTEGER columns, 32 bits on PostgreSQL: a larger one is refused here, not there.
MAX_ID = 2**31 - 1
MAX_TEXT = 200


def blank_is_none(value: object) -> object:
    """An empty form or query value ("any profile") means no id at all."""
    return None if value == "" else value


def as_id(text: str) -> int | None:
    """The id a text names: ASCII digits from 1 to MAX_ID; None for anything else."""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def not_an_id() -> str:
    """Why a number was refused as an id, in words."""
    return _("not an id (use a whole number from 1 to %(max)d)") % {"max": MAX_ID}


def _reason(error: Mapping[str, Any]) -> str:
    """Why one value was refused, in words."""
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("missing")
    if kind in ("int_parsing", "greater_than_equal", "less_than_equal", "int_from_float"):
        return not_an_id()
    if kind == "string_too_long":
        longest = error.get("ctx", {}).get("max_length")
        return _("too long (at most %(max)s characters)") % {"max": longest}
    message = str(error.get("msg", "malformed"))
    return message.removeprefix("Value error, ")


def describe(errors: Sequence[Mapping[str, Any]]) -> str:
    """The refused fields and why, e.g. "entry_id: not an id (...)", for the 422 page."""
    reasons = {f"{e.get('loc', ['', '?'])[-1]!s}: {_reason(e)}" for e in errors}
    return _("Malformed or missing field(s): %(fields)s.") % {"fields": "; ".join(sorted(reasons))}


IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID), BeforeValidator(blank_is_none)]
IdForm = Annotated[int | None, Form(ge=1, le=MAX_ID), BeforeValidator(blank_is_none)]
# A NUL in any of these never gets here: web/nul_guard.py refuses it first.
TextQuery = Annotated[str, Query(max_length=MAX_TEXT)]
CodePath = Annotated[str, Path(max_length=64)]
CodeQuery = Annotated[str, Query(max_length=64)]
