"""Reading a collection file for import: its size, JSON, format and version, and how deep,
how wide and how long its keys go, all checked before anything else walks it.

A request stored as JSON text inside the file counts too: the text is decoded here, once,
so that its values are counted with the file's (text would hide them from the count).
"""

from __future__ import annotations

import json
from typing import Any

from babel.numbers import format_decimal

from playground import i18n
from playground.i18n import gettext as _
from playground.services import compose
from playground.services.errors import InvalidInput

FORMAT = "onoffice-playground-collection"
VERSION = 1
MAX_IMPORT_BYTES = 1_000_000
MAX_REQUESTS = 500
# As deep as an exported flow goes: the file, its requests, an entry, the request, its steps,
# a step, its actions and an action hold parameters nested as deep as the composer allows.
MAX_DEPTH = compose.MAX_DEPTH + 8
MAX_KEY = compose.MAX_KEY  # what the composer takes, so every export imports again
# Values in a whole file: each is checked several times over (credentials, the composer's
# checks), so 150,000 short numbers in 1 MB took over half a second of CPU to import.
MAX_VALUES = 50_000


def refuse(message: str) -> InvalidInput:
    """The one error an import raises: nothing was imported."""
    return InvalidInput({"file": message + " " + _("Nothing was imported.")})


def _too_deep() -> str:
    """The refusal of a file nested deeper than it can be read."""
    return _("The file nests too deeply to be read.")


def shape_problem(value: Any) -> str | None:
    """Why a decoded value is refused before anything walks it: too deep or a key too long."""
    return _shape(value, MAX_VALUES)[0]


def _shape(value: Any, budget: int) -> tuple[str | None, int]:
    """As shape_problem, with more than `budget` values a problem too; and how many it saw."""
    pending: list[tuple[Any, int]] = [(value, 1)]
    count = 0
    while pending:
        item, depth = pending.pop()
        count += 1
        if count > budget:
            return _too_many_values(), count
        if depth > MAX_DEPTH:
            return _too_deep(), count
        if isinstance(item, dict):
            if any(len(key) > MAX_KEY for key in item):
                message = _("The file holds a key longer than %(max)d characters.")
                return message % {"max": MAX_KEY}, count
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return None, count


def _too_many_values() -> str:
    """The refusal of a file holding more values than an import reads."""
    most = format_decimal(MAX_VALUES, locale=i18n.current())
    return _("The file holds more than %(max)s values; export smaller folders.") % {"max": most}


def _decode_requests(entries: list[Any], budget: int) -> None:
    """Decode the requests given as JSON text in place, counting their values in the file's
    budget (text hides them from the file's own count); a text that is no usable JSON stays
    for the import to skip."""
    for entry in entries:
        text = entry.get("request") if isinstance(entry, dict) else None
        if not isinstance(text, str):
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            continue
        if isinstance(value, str):
            continue  # text inside text: the import decodes it once and skips it, as ever
        problem, used = _shape(value, budget)
        budget -= used
        if budget < 0:
            raise refuse(problem or "")
        if problem is None:
            entry["request"] = value


def read_document(data: bytes) -> dict[str, Any]:
    """The decoded file, checked for size, JSON, format and version, or InvalidInput."""
    if len(data) > MAX_IMPORT_BYTES:
        limit = {"max": MAX_IMPORT_BYTES // 1000}
        raise refuse(_("The file is larger than %(max)d kB.") % limit)
    try:
        document = json.loads(data.decode("utf-8-sig"))  # a byte order mark some editors add
    except (UnicodeDecodeError, ValueError):
        raise refuse(_("The file is not valid JSON.")) from None
    except RecursionError:
        raise refuse(_too_deep()) from None
    # Walked in full (only JSON decoding came first), so a file of too many requests is
    # told so rather than of too many values.
    problem, used = _shape(document, MAX_IMPORT_BYTES)
    if problem is not None:
        raise refuse(problem)
    try:  # a lone surrogate (a JSON escape) is text that no page or database can hold
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise refuse(_("The file holds text that is not valid Unicode.")) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise refuse(_("The file is not a collection exported from the playground."))
    if document.get("version") != VERSION:
        raise refuse(_("This collection format version is not supported."))
    if not isinstance(document.get("requests"), list):
        raise refuse(_("The file lists no requests."))
    if len(document["requests"]) > MAX_REQUESTS:
        raise refuse(_("The file has more than %(max)d requests.") % {"max": MAX_REQUESTS})
    if used > MAX_VALUES:
        raise refuse(_too_many_values())
    _decode_requests(document["requests"], MAX_VALUES - used)
    return document
