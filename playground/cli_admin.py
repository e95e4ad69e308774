"""Shell administration: list, create, disable, enable users, set roles, rotate keys.

The shell acts as the user "shell" in the audit log, under the same rules as the admin pages
(the last active admin can be neither disabled nor made a member).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import (
    accounts,
    audit,
    oidc_accounts,
    passwords,
    sandbox_data,
    two_factor,
    users,
)
from playground.services.errors import Conflict, InvalidInput, NotFound
from playground.services.users import Actor
from playground.settings import Settings
from playground.store import keyfiles, migrate
from playground.store import profiles as profile_store
from playground.store.db import make_engine
from playground.store.models import User
from playground.store.secretbox import SecretBox, new_key


def engine_for(settings: Settings) -> Engine:
    """A migrated database engine."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    passwords.configure(settings)
    return make_engine(settings.effective_database_url)


SHELL = Actor()


def _reason(exc: Exception, name: str) -> str:
    """Why a shell command changed nothing, in words."""
    if isinstance(exc, InvalidInput):
        return "; ".join(exc.errors.values())
    if isinstance(exc, NotFound):
        return f"There is no user named {name!r}."
    return str(exc)


def create_user(settings: Settings, name: str, password: str, *, is_admin: bool) -> int:
    """Create an account (the first one is always an admin); 1 with the reason if refused."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        try:
            is_admin = is_admin or accounts.needs_first_run(db)
            if not password:
                raise InvalidInput({"password": "Give a password on stdin or at the prompt."})
            role = "admin" if is_admin else "member"
            users.create(db, actor=SHELL, username=name, password=password, role=role)
        except InvalidInput as exc:
            print("Not created: " + _reason(exc, name))
            return 1
    print(f"Created {role} {name.strip()}.")
    return 0


def list_users(settings: Settings) -> int:
    """Print every account: name, role, state and creation time."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        rows = users.rows(db, actor=SHELL)
    if not rows:
        print("No users yet.")
    for row in rows:
        state = "active" if row.active else "disabled"
        created = row.created_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{row.username:<32} {row.role:<7} {state:<9} {created}")
    return 0


def _change_user(
    settings: Settings,
    name: str,
    change: Callable[[Session, int], User],
    done: Callable[[User], str],
) -> int:
    """Apply ``change`` to the named account and print ``done``; 1 with the reason if refused."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        try:
            user = users.find(db, username=name)
            assert user.id is not None
            change(db, user.id)
        except (InvalidInput, NotFound, Conflict) as exc:
            print("Not changed: " + _reason(exc, name))
            return 1
    print(done(user))
    return 0


def set_active(settings: Settings, name: str, *, active: bool) -> int:
    """Enable or disable an account (disabling ends its sessions); 1 with the reason."""
    return _change_user(
        settings,
        name,
        lambda db, user_id: users.set_active(db, actor=SHELL, user_id=user_id, active=active),
        lambda user: f"{'Enabled' if active else 'Disabled'} {user.username}.",
    )


def set_role(settings: Settings, name: str, role: str) -> int:
    """Make an account an admin or a member; 1 with the reason when refused."""
    return _change_user(
        settings,
        name,
        lambda db, user_id: users.set_role(db, actor=SHELL, user_id=user_id, role=role),
        lambda user: f"{user.username} is now {'an admin' if role == 'admin' else 'a member'}.",
    )


def reset_password(settings: Settings, name: str) -> int:
    """Give an account a one-time password, printed once, and end its sessions: the way
    back in for someone locked out (the only admin, say); 1 with the reason."""
    shown: list[str] = []

    def reset(db: Session, user_id: int) -> User:
        result = users.reset_password(db, actor=SHELL, user_id=user_id, password="")
        shown.append(result.one_time_password or "")
        return result.user

    def done(user: User) -> str:
        return (
            f"One-time password for {user.username} (shown once; they choose their own at "
            f"the next sign-in): {shown[0]}"
        )

    return _change_user(settings, name, reset, done)


def reset_two_factor(settings: Settings, name: str) -> int:
    """Remove an account's second factor (a lost phone) and end its sessions; 1 if refused."""

    def reset(db: Session, user_id: int) -> User:
        user = users.get(db, user_id=user_id)
        two_factor.reset(db, admin=None, user=user, address="")
        return user

    return _change_user(
        settings, name, reset, lambda user: f"Two-factor sign-in of {user.username} is off."
    )


def unbind_sso(settings: Settings, name: str) -> int:
    """Release an account from its OpenID provider id, so that its next sign-in binds it
    anew by name (the provider moved, its ids changed); 1 with the reason when refused."""

    def unbind(db: Session, user_id: int) -> User:
        user = users.get(db, user_id=user_id)
        oidc_accounts.unbind(db, user=user)
        return user

    def done(user: User) -> str:
        return (
            f"{user.username} is bound to no sign-in service id: the next sign-in under this "
            "name takes the account, so have its owner sign in now."
        )

    return _change_user(settings, name, unbind, done)


def _keys(settings: Settings, *, add_new: bool) -> list[str]:
    """The configured keys, newest first; optionally adds a new one to the key file."""
    if settings.encryption_keys:
        if add_new:
            raise SystemExit(
                "Keys come from PLAYGROUND_ENCRYPTION_KEYS: put the new key first there instead."
            )
        return [k.strip() for k in settings.encryption_keys.split(",") if k.strip()]
    path = settings.data_dir / "encryption.keys"
    keyfiles.read_or_create(path, new_key)
    if add_new:
        keyfiles.prepend_key(path, new_key())
    return keyfiles.read_or_create(path, new_key)


def rotate_keys(settings: Settings, *, new_key: bool) -> int:
    """Re-encrypt every token, secret and TOTP secret with the newest key, in one transaction."""
    box = SecretBox(_keys(settings, add_new=new_key))
    with Session(engine_for(settings)) as db:
        stored = profile_store.all_profiles(db)
        for profile in stored:
            profile.token_ciphertext = box.rotate(profile.token_ciphertext)
            profile.secret_ciphertext = box.rotate(profile.secret_ciphertext)
            db.add(profile)
        totp = two_factor.rotate(db, box=box)
        db.commit()
        how = " after adding a new key" if new_key else ""
        summary = f"Re-encrypted the credentials of {len(stored)} profile(s){how}"
        summary += f" and {totp} two-factor secret(s)"
        audit.record(db, kind="keys.rotated", username=users.SHELL, summary=summary)
    print(
        f"Re-encrypted the credentials of {len(stored)} profile(s) and {totp} two-factor "
        "secret(s) with the newest key."
    )
    return 0


def reset_sandbox(settings: Settings) -> int:
    """Ask the built-in sandbox of every running playground on this database to start over."""
    with Session(engine_for(settings), expire_on_commit=False) as db:
        sandbox_data.reset(db, actor=SHELL)
    print("The sandbox data starts over from its seed with its next request, on every instance.")
    return 0
