"""Variables: `{{name}}` values of the selected profile, the user and the team.

A name resolves to the selected profile's value first, then the user's own, then the
team's (so switching from the sandbox to a customer's profile switches its ids too).
A value is never a credential: one that contains the token or secret of a profile the
user may use is refused when saved, and again at send time for the chosen profile.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.services import compose, placeholders, profiles, step_refs
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput, NotFound
from playground.store import profiles as profile_store
from playground.store import variables as store
from playground.store.db import Duplicate, Gone
from playground.store.models import Profile, User, Variable, utcnow
from playground.store.secretbox import SecretBox, SecretBoxError

Scope = Literal["user", "team", "profile"]
SCOPES: tuple[Scope, ...] = ("profile", "user", "team")  # the order a name is looked up in
MAX_VALUE = 2000


@dataclass(frozen=True)
class Resolved:
    """The value a name will take, and where it comes from."""

    name: str
    value: str | None  # None: no variable of that name
    source: str


@dataclass(frozen=True)
class VariableView:
    """One variable as the variables page lists it."""

    id: int
    scope: str
    name: str
    value: str
    profile_name: str
    can_edit: bool


@dataclass(frozen=True)
class Applied:
    """The forms with their placeholders filled in, and the request as written (or None)."""

    forms: list[ActionForm]
    written_json: str | None


def _profile_or_none(session: Session, user: User, profile_id: int | None) -> Profile | None:
    """The usable profile, or None (an unusable one is refused by the send itself)."""
    if profile_id is None:
        return None
    try:
        return profiles.get_usable(session, user=user, profile_id=profile_id)
    except NotFound:
        return None


def resolve(session: Session, *, user: User, profile_id: int | None) -> dict[str, Resolved]:
    """Every name the user can use with the profile, with the value that wins."""
    assert user.id is not None
    profile = _profile_or_none(session, user, profile_id)
    ids = [profile.id] if profile and profile.id is not None else []
    rows = store.list_for(session, user_id=user.id, profile_ids=ids)
    values: dict[str, Resolved] = {}
    for row in sorted(rows, key=lambda r: -SCOPES.index(r.scope)):
        values[row.name] = Resolved(row.name, row.value, row.scope)
    return values


def _braced(name: str) -> str:
    """A name as written in a request: {{name}}."""
    return "{{" + name + "}}"


def _names(forms: list[ActionForm]) -> list[str]:
    """The placeholder names the forms use, each once."""
    texts = [t for f in forms for t in (f.resourceid, f.identifier, f.parameters)]
    return list(dict.fromkeys(n for text in texts for n in placeholders.names_in(text)))


def usage(
    session: Session, *, user: User, profile_id: int | None, forms: list[ActionForm]
) -> list[Resolved]:
    """Each name the forms use with its value and source; unknown ones with value None.

    A step reference (`steps.…`) has no value yet: its source is "step".
    """
    values = resolve(session, user=user, profile_id=profile_id)
    return [
        Resolved(name, None, "step")
        if step_refs.is_step_reference(name)
        else values.get(name, Resolved(name, None, ""))
        for name in _names(forms)
    ]


def _credentials(profile: Profile, box: SecretBox) -> list[str]:
    """The profile's token and secret, to refuse values holding them (never shown)."""
    try:
        return [box.decrypt(profile.token_ciphertext), box.decrypt(profile.secret_ciphertext)]
    except SecretBoxError:
        return []


def holds_credential(value: str, credentials: list[str]) -> bool:
    """True when the value contains a token or secret."""
    return any(len(c) >= 8 and c in value for c in credentials)


def usable_credentials(
    session: Session, *, user: User, box: SecretBox, also: Iterable[int] = ()
) -> list[str]:
    """The tokens and secrets of every profile the user may use (and of the profiles `also`
    names, whoever owns them), to refuse values holding one; never shown."""
    assert user.id is not None
    usable = [p for p, _owner in profile_store.list_usable(session, user_id=user.id)]
    found = [profile_store.get_with_owner(session, profile_id=i) for i in set(also)]
    usable += [row[0] for row in found if row is not None]
    return [c for p in usable for c in _credentials(p, box)]


def _refuse_unknown(names: list[str]) -> None:
    """InvalidInput naming the unknown names (a step reference outside a flow on its own)."""
    steps = [n for n in names if step_refs.is_step_reference(n)]
    if steps:
        message = _("%(name)s reads an earlier step's answer: it works only in a flow.")
        raise InvalidInput({"variables": message % {"name": _braced(steps[0])}})
    listed = ", ".join(_braced(n) for n in names)
    raise InvalidInput({"variables": _("Unknown variable(s): %(names)s.") % {"names": listed}})


def apply(
    session: Session,
    *,
    user: User,
    profile_id: int,
    forms: list[ActionForm],
    box: SecretBox,
    steps: Mapping[str, str] | None = None,
) -> Applied:
    """Fill in the placeholders for a send, or InvalidInput naming unknown or unsafe ones.

    `steps` holds a flow step's `{{steps.…}}` references, already read from earlier answers.
    """
    names = _names(forms)
    if not names:
        return Applied(forms, None)
    values, steps = resolve(session, user=user, profile_id=profile_id), steps or {}
    unknown = [n for n in names if n not in values and n not in steps]
    if unknown:
        _refuse_unknown(unknown)
    profile = profiles.get_usable(session, user=user, profile_id=profile_id)
    credentials = _credentials(profile, box)
    plain = {n: steps[n] if n in steps else values[n].value or "" for n in names}
    risky = [n for n in names if holds_credential(plain[n], credentials)]
    if risky:
        message = _("Variable %(name)s holds this profile's token or secret: not used.")
        raise InvalidInput({"variables": message % {"name": _braced(risky[0])}})
    filled = [
        replace(
            form,
            resourceid=placeholders.fill_text(form.resourceid, plain),
            identifier=placeholders.fill_text(form.identifier, plain),
            parameters=placeholders.fill_json(form.parameters, plain),
        )
        for form in forms
    ]
    return Applied(filled, _written(forms))


def apply_to_actions(
    session: Session,
    *,
    user: User,
    profile_id: int,
    actions: Sequence[ActionRequest],
    box: SecretBox,
) -> tuple[list[ActionRequest], str | None]:
    """A saved request's actions with their placeholders filled in, as `apply` fills the
    composer's, and the request as written (None when it has no placeholder)."""
    forms = [ActionForm.from_action(a) for a in actions]
    applied = apply(session, user=user, profile_id=profile_id, forms=forms, box=box)
    if applied.written_json is None:
        return list(actions), None
    return compose.parse_forms(applied.forms), applied.written_json


def _written(forms: list[ActionForm]) -> str:
    """The forms as typed, as JSON (the parameters as text: they need not be JSON yet)."""
    keys = ("verb", "resourcetype", "resourceid", "identifier", "parameters")
    return json.dumps([{k: getattr(f, k) for k in keys} for f in forms], ensure_ascii=False)


def remember_written(session: Session, *, entry_id: int, written_json: str) -> None:
    """Keep a sent entry's request as written."""
    store.add_written(session, entry_id=entry_id, request_json=written_json)


def written(session: Session, *, entry_id: int) -> list[dict[str, str]] | None:
    """The entry's request as written, when it used variables (access checked by the caller)."""
    text = store.get_written(session, entry_id=entry_id)
    return None if text is None else list(json.loads(text))


def _check_value(name: str, value: str) -> dict[str, str]:
    """What is wrong with a name or value, by field."""
    errors: dict[str, str] = {}
    if not placeholders.is_name(name):
        errors["name"] = _(
            "A name starts with a letter or _ and has up to 64 letters, digits, _ . or -."
        )
    if not value or len(value) > MAX_VALUE or not value.isprintable():
        errors["value"] = _("A value has 1 to %(max)d characters on one line.") % {"max": MAX_VALUE}
    return errors


def save(
    session: Session,
    *,
    user: User,
    scope: Scope,
    profile_id: int | None,
    name: str,
    value: str,
    box: SecretBox,
) -> Variable:
    """Create or update a variable of the user's, the team's (admins) or an own profile's."""
    assert user.id is not None
    errors = _check_value(name, value)
    if errors:
        raise InvalidInput(errors)
    if scope == "profile":
        if profile_id is None:
            raise InvalidInput({"profile": _("Choose the profile the variable belongs to.")})
        profiles.get_owned(session, user=user, profile_id=profile_id)
    if holds_credential(value, usable_credentials(session, user=user, box=box)):
        raise InvalidInput({"value": _("Variables never hold a token or secret.")})
    place = {
        "scope": scope,
        "owner_id": user.id if scope == "user" else None,
        "profile_id": profile_id if scope == "profile" else None,
        "name": name,
    }
    try:
        return _store_value(session, place, value)
    except (Duplicate, StaleDataError):  # made, or deleted, by a request at the same moment
        session.rollback()
        return _store_value(session, place, value)
    except Gone:  # its profile was deleted since it was checked
        raise NotFound from None


def _store_value(session: Session, place: dict[str, Any], value: str) -> Variable:
    """Give the variable of that place and name the value, making it when there is none."""
    row = store.find(session, **place) or Variable(**place, value=value)
    row.value, row.updated_at = value, utcnow()
    return store.save(session, variable=row)


def _may_manage(session: Session, user: User, row: Variable) -> bool:
    """The user's own; the team's for admins; a profile's for its owner."""
    if row.scope == "user":
        return row.owner_id == user.id
    if row.scope == "team":
        return user.is_admin
    try:
        profiles.get_owned(session, user=user, profile_id=row.profile_id or 0)
    except NotFound:
        return False
    return True


def delete(session: Session, *, user: User, variable_id: int) -> None:
    """Delete a variable the user manages, or NotFound."""
    row = store.get(session, variable_id=variable_id)
    if row is None or not _may_manage(session, user, row):
        raise NotFound
    store.delete(session, variable=row)


def list_views(session: Session, *, user: User) -> list[VariableView]:
    """The team's, the user's own and the usable profiles' variables, by name."""
    assert user.id is not None
    usable = {p.id: p for p, _owner in profile_store.list_usable(session, user_id=user.id)}
    rows = store.list_for(session, user_id=user.id, profile_ids=[i for i in usable if i])
    return [
        VariableView(
            id=row.id or 0,
            scope=row.scope,
            name=row.name,
            value=row.value,
            profile_name=usable[row.profile_id].name if row.profile_id in usable else "",
            can_edit=_may_manage(session, user, row),
        )
        for row in rows
    ]
