"""Shell administration: create users and rotate encryption keys."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import accounts
from playground.services.errors import InvalidInput
from playground.settings import Settings
from playground.store import keyfiles, migrate
from playground.store import profiles as profile_store
from playground.store.db import make_engine
from playground.store.secretbox import SecretBox, new_key


def _engine(settings: Settings) -> Engine:
    """A migrated database engine."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.effective_database_url)
    return make_engine(settings.effective_database_url)


def create_user(settings: Settings, name: str, password: str, *, is_admin: bool) -> int:
    """Create an account and say so; 1 with the reason when it cannot be created."""
    with Session(_engine(settings)) as db:
        try:
            if accounts.needs_first_run(db):
                is_admin = True
            accounts.create_user(db, username=name, password=password, is_admin=is_admin)
        except InvalidInput as exc:
            print("Not created: " + "; ".join(exc.errors.values()))
            return 1
    print(f"Created {'admin' if is_admin else 'member'} {name}.")
    return 0


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
    """Re-encrypt every token and secret with the newest key, in one transaction."""
    box = SecretBox(_keys(settings, add_new=new_key))
    with Session(_engine(settings)) as db:
        stored = profile_store.all_profiles(db)
        for profile in stored:
            profile.token_ciphertext = box.rotate(profile.token_ciphertext)
            profile.secret_ciphertext = box.rotate(profile.secret_ciphertext)
            db.add(profile)
        db.commit()
    print(f"Re-encrypted the credentials of {len(stored)} profile(s) with the newest key.")
    return 0
