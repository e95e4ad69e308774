"""Shell commands for access tokens: create (printing the token once), list, revoke.

The shell needs the same key as the server to store the token's hash: the session key from
PLAYGROUND_SESSION_KEY or the data directory's session.key.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from playground.cli_admin import engine_for
from playground.services import profiles, tokens, users
from playground.services.errors import InvalidInput, NotFound
from playground.services.tokens import TokenInput
from playground.settings import Settings
from playground.store import keyfiles
from playground.store.models import User
from playground.store.secretbox import new_key


def session_key(settings: Settings) -> str:
    """The key the server hashes sessions and access tokens with."""
    if settings.session_key:
        return settings.session_key
    return keyfiles.read_or_create(settings.data_dir / "session.key", new_key)[0]


def _profile_ids(db: Session, user: User, names: Sequence[str]) -> list[int]:
    """The ids of the named (or numbered) profiles the user may use; InvalidInput otherwise."""
    usable = profiles.list_usable_views(db, user=user)
    ids: list[int] = []
    for name in names:
        found = [v.id for v in usable if v.name == name or str(v.id) == name]
        if not found:
            raise InvalidInput({"profiles": f"{user.username} may use no profile named {name!r}."})
        ids.append(found[0])
    return ids


def create_token(
    settings: Settings,
    username: str,
    *,
    name: str,
    profile_names: Sequence[str],
    read_only: bool,
    expires_days: int | None,
    resourcetypes: Sequence[str] = (),
) -> int:
    """Create a token and print it once; 1 with the reason when refused."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        try:
            user = users.find(db, username=username)
            data = TokenInput(
                name=name,
                profile_ids=_profile_ids(db, user, profile_names),
                read_only=read_only,
                resourcetypes=resourcetypes,
                expires_days=expires_days,
            )
            created = tokens.create(db, user=user, data=data, key=session_key(settings))
        except NotFound:
            print(f"Not created: there is no user named {username!r}.")
            return 1
        except InvalidInput as exc:
            print("Not created: " + " ".join(exc.errors.values()))
            return 1
    print(f'Access token "{created.view.name}" of {username} (shown only this once):')
    print(created.token)
    return 0


def list_tokens(settings: Settings, username: str) -> int:
    """Print a user's tokens: id, name, prefix, scope, state, expiry and last use."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        try:
            views = tokens.views(db, user=users.find(db, username=username))
        except NotFound:
            print(f"There is no user named {username!r}.")
            return 1
    if not views:
        print(f"{username} has no access tokens.")
    for view in views:
        scope = "read-only" if view.read_only else "all verbs"
        expires = view.expires_at.strftime("%Y-%m-%d") if view.expires_at else "never"
        used = view.last_used_at.strftime("%Y-%m-%d %H:%M") if view.last_used_at else "never"
        print(
            f"{view.id:>5} {view.name:<24} {view.prefix}… {scope:<9} {view.state:<8} "
            f"expires {expires} used {used}"
        )
    return 0


def revoke_token(settings: Settings, token_id: int) -> int:
    """Revoke a token by id, as the shell; 1 when there is none."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        shell = User(username=users.SHELL, password_hash="", is_admin=True)
        try:
            view = tokens.revoke(db, actor=shell, token_id=token_id)
        except NotFound:
            print(f"There is no access token #{token_id}.")
            return 1
    print(f'Revoked access token "{view.name}" of {view.owner_name}.')
    return 0
