"""Password hashing with argon2id, its cost taken from the settings."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from playground.services import password_policy
from playground.settings import Settings

# One hasher per process: the settings are read once at start (create_app, the shell).
_hasher = PasswordHasher()
_dummy: list[str] = []


def configure(settings: Settings) -> None:
    """Hash new passwords with the cost the settings give (PLAYGROUND_PASSWORD_*)."""
    global _hasher
    password_policy.configure(settings.password_min_length)
    _hasher = PasswordHasher(
        time_cost=settings.password_time_cost,
        memory_cost=settings.password_memory_kib,
        parallelism=settings.password_parallelism,
    )
    _dummy.clear()


def hash_password(password: str) -> str:
    """The argon2 hash to store for a password."""
    return _hasher.hash(password)


def verify(password_hash: str, password: str) -> bool:
    """True when the password matches the stored hash (False for anything unreadable)."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with another cost than the configured one."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:  # not an argon2 hash at all (a single sign-on account)
        return False


def dummy_hash() -> str:
    """A hash of the current cost for unknown names, so they take as long as wrong passwords."""
    # Made on first use, not at import or configure: the shell may never verify anything.
    if not _dummy:
        _dummy.append(_hasher.hash("not-a-real-password"))
    return _dummy[0]
