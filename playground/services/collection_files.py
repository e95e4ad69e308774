"""A folder of saved requests as one JSON file: export it, import it (here or elsewhere).

The file holds names, descriptions, request bodies and expectations; never a profile, token
or secret. An import refuses the whole file when any key or value anywhere looks like a
credential (a key such as "token" or "secret", or a value holding a token or secret of a
profile the importing user may use), so a file cannot smuggle one into the database. What
it cannot use (unknown fields, broken entries) it skips and reports; the rest goes into a
new private folder, all at once or not at all. A file nested deeper than an export goes, or
with an absurdly long key, is refused before anything walks it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import (
    audit,
    compose,
    expectations,
    flow_steps,
    folders,
    saved,
    variables,
)
from playground.services.collection_reading import (
    FORMAT,
    MAX_REQUESTS,
    VERSION,
    read_document,
    refuse,
    shape_problem,
)
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput
from playground.store import folders as store
from playground.store.models import SavedFolder, SavedRequest, User, utcnow
from playground.store.secretbox import SecretBox

# Key names that carry a credential, compared in lower case without "_", "-" and spaces.
CREDENTIAL_KEYS = frozenset(
    {"token", "secret", "apitoken", "apisecret", "apikey", "accesstoken", "password",
     "passwort", "hmac", "authorization", "bearer", "clientsecret", "credentials"}
)  # fmt: skip
TOP_KEYS = frozenset({"format", "version", "exported_at", "folder", "requests", "left_out"})
ENTRY_KEYS = frozenset({"name", "description", "request", "expectations"})


@dataclass
class Imported:
    """The new folder, the requests it got and what was skipped, in words."""

    folder_id: int
    folder_name: str
    names: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def _credential_key(key: str) -> bool:
    """True for a key name that carries a credential."""
    return "".join(c for c in key.lower() if c not in "_- ") in CREDENTIAL_KEYS


@dataclass(frozen=True, slots=True)
class _Place:
    """Where a value sits: its parent's place and the key or list index leading to it."""

    parent: _Place | None
    step: str | int

    def path(self) -> str:
        """The place as text, such as ``requests[1].request[0].parameters``."""
        steps: list[str | int] = []
        place: _Place | None = self
        while place is not None:
            steps.append(place.step)
            place = place.parent
        parts = (f"[{s}]" if isinstance(s, int) else f".{s}" for s in reversed(steps))
        return "".join(parts).removeprefix(".")


def _children(node: Any, place: _Place | None) -> list[tuple[_Place, Any]]:
    """The places and values directly inside an object or a list (none inside anything else)."""
    if isinstance(node, dict):
        return [(_Place(place, str(key)), value) for key, value in node.items()]
    if isinstance(node, list):
        return [(_Place(place, index), value) for index, value in enumerate(node)]
    return []


def _leaves(document: Any) -> Iterator[tuple[_Place, str, Any]]:
    """Every (place, key, value) of a decoded document in document order; key "" in lists.

    A loop, and each place only points at its parent's: a path's text is built only for
    what is reported, since building it at every level costs depth² times key length.
    """
    pending = _children(document, None)[::-1]
    while pending:
        place, value = pending.pop()
        yield place, place.step if isinstance(place.step, str) else "", value
        pending.extend(reversed(_children(value, place)))


def credential_at(document: Any, credentials: list[str]) -> str | None:
    """Where the document carries something like a credential (a path, no value), or None."""
    for place, key, value in _leaves(document):
        if key and variables.holds_credential(key, credentials):  # named without the key
            return place.parent.path() if place.parent else "."
        if key and _credential_key(key):
            return place.path()
        if isinstance(value, str) and variables.holds_credential(value, credentials):
            return place.path()
    return None


def _entry(row: SavedRequest) -> dict[str, Any]:
    """One saved request as the file holds it."""
    expect = {"ok": row.expect_ok, "min_records": row.expect_min_records, "field": row.expect_field}
    request = json.loads(row.request_json)
    return {
        "name": row.name,
        "description": row.description,
        "request": request,
        "expectations": expect,
    }


def export(
    session: Session, *, user: User, folder_id: int, box: SecretBox, address: str = ""
) -> tuple[str, bytes]:
    """The file name and JSON of a visible folder with the requests in it the user may see.

    A request holding a credential (typed into a parameter by hand) is left out and named:
    the exporter's profiles' and each request's own profile's token and secret are looked for.
    """
    folder = folders.get_visible(session, user=user, folder_id=folder_id)
    rows = store.requests_in(session, folder_id=folder_id, limit=MAX_REQUESTS)
    rows = [row for row in rows if saved.visible(row, user)]
    own_profiles = [row.profile_id for row in rows if row.profile_id is not None]
    credentials = variables.usable_credentials(session, user=user, box=box, also=own_profiles)
    if variables.holds_credential(folder.name, credentials):
        message = _("The folder's name holds a token or secret: rename it before exporting.")
        raise InvalidInput({"folder": message})
    entries, left_out = [], []
    for row in rows:
        entry = _entry(row)
        if credential_at(entry, credentials) is None:
            entries.append(entry)
        else:  # named, unless its name is what holds the credential
            named = not variables.holds_credential(row.name, credentials)
            left_out.append(row.name if named else f"#{row.id}")
    document = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(timespec="seconds"),
        "folder": {"name": folder.name},
        "requests": entries,
        "left_out": left_out,
    }
    safe = "".join(c if c.isalnum() else "-" for c in folder.name).strip("-")[:60] or "collection"
    summary = f"Exported folder “{folder.name}” ({len(entries)} requests, {len(left_out)} left out)"
    audit.record(session, kind="collection.exported", actor=user, summary=summary, address=address)
    return f"{safe}.json", json.dumps(document, ensure_ascii=False, indent=2).encode()


def _request_json(value: Any) -> str | None:
    """The request (or flow) as the composer would store it, when it is valid; else None.

    Each action goes through the composer's own checks, so an import stores nothing the
    composer could not have saved.
    """
    try:
        if isinstance(value, str):
            value = json.loads(value)
            # Only text can hide deeper nesting than the file's; indenting it takes depth² time.
            if shape_problem(value) is not None:
                return None
        encoded = json.dumps(value, ensure_ascii=False)
        steps = flow_steps.saved_steps(encoded)
        if steps is not None:
            return flow_steps.saved_json(steps)
        actions = flow_steps.saved_actions(encoded)
        forms = [ActionForm.from_action(a) for a in actions]  # as the composer will hold them
        actions = compose.parse_forms(forms)
    except (InvalidInput, KeyError, ValueError, TypeError, AttributeError, RecursionError):
        return None
    return json.dumps([a.to_dict() for a in actions], ensure_ascii=False)


def _expectations(value: Any) -> tuple[bool, int | None, str] | None:
    """The expectations (ok, at least N records, a field), when well-formed; else None."""
    value = value if isinstance(value, dict) else {}
    ok, low, name = value.get("ok", False), value.get("min_records"), value.get("field", "")
    good_low = low is None or (
        isinstance(low, int) and not isinstance(low, bool) and 0 <= low <= expectations.MAX_RECORDS
    )
    good_name = isinstance(name, str) and len(name) <= expectations.MAX_FIELD
    good_name = good_name and all(c.isalnum() or c in "_-." for c in name)
    return (ok, low, name) if isinstance(ok, bool) and good_low and good_name else None


def _storable(text: Any) -> TypeGuard[str]:
    """True for text a database keeps as it is (PostgreSQL stores no NUL character)."""
    return isinstance(text, str) and "\x00" not in text


def _row(entry: Any, number: int, owner_id: int, skipped: list[str]) -> SavedRequest | None:
    """One entry as a new private saved request; what is wrong goes to `skipped`."""
    label = _("Entry %(number)d") % {"number": number}
    if not isinstance(entry, dict):
        skipped.append(label + ": " + _("not an object, skipped."))
        return None
    name = entry.get("name")
    if isinstance(name, str) and name.strip():
        label = f"{label} ({name.strip()[:80]})"
    request_json = _request_json(entry.get("request"))
    if not _storable(name) or not 1 <= len(name.strip()) <= saved.MAX_NAME:
        skipped.append(label + ": " + _("no usable name, skipped."))
        return None
    if request_json is None:
        skipped.append(label + ": " + _("the request is invalid JSON or no request, skipped."))
        return None
    description = entry.get("description", "")
    if not _storable(description) or len(description) > saved.MAX_DESCRIPTION:
        skipped.append(label + ": " + _("the description was unusable and left out."))
        description = ""
    row = SavedRequest(owner_id=owner_id, name=name.strip(), request_json=request_json)
    row.description = description.strip()
    expected = _expectations(entry.get("expectations"))
    if expected is None:
        skipped.append(label + ": " + _("the expectations were unusable and left out."))
    else:
        row.expect_ok, row.expect_min_records, row.expect_field = expected
    unknown = sorted(str(k) for k in entry if k not in ENTRY_KEYS)
    if unknown:
        skipped.append(
            label + ": " + _("unknown fields ignored: %(names)s.") % {"names": ", ".join(unknown)}
        )
    return row


def import_file(
    session: Session, *, user: User, data: bytes, box: SecretBox, address: str = ""
) -> Imported:
    """A new private folder with the file's requests, or InvalidInput and nothing written."""
    assert user.id is not None
    document = read_document(data)
    credentials = variables.usable_credentials(session, user=user, box=box)
    where = credential_at(document, credentials)
    if where is not None:
        raise refuse(
            _("The file carries a credential (at %(where)s); files never do.") % {"where": where}
        )
    skipped: list[str] = []
    unknown = sorted(str(k) for k in document if k not in TOP_KEYS)
    if unknown:
        skipped.append(_("Unknown fields ignored: %(names)s.") % {"names": ", ".join(unknown)})
    folder_part = document.get("folder")
    given = folder_part.get("name") if isinstance(folder_part, dict) else None
    name = given.strip()[: folders.MAX_NAME] if _storable(given) and given.strip() else ""
    folder = SavedFolder(owner_id=user.id, name=name or _("Imported"), team=False)
    entries = enumerate(document["requests"], start=1)
    rows = [r for n, e in entries if (r := _row(e, n, user.id, skipped)) is not None]
    if not rows:
        raise refuse(_("The file holds no usable request."))
    store.add_with_requests(session, folder=folder, requests=rows)
    assert folder.id is not None
    summary = f"Imported folder “{folder.name}” ({len(rows)} requests, {len(skipped)} notes)"
    audit.record(session, kind="collection.imported", actor=user, summary=summary, address=address)
    return Imported(folder.id, folder.name, [r.name for r in rows], skipped)
