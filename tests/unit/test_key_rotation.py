"""`playground keys rotate`: every credential readable with the newest key alone afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlmodel import Session, select

from playground.cli import main
from playground.sandbox import DEMO_SECRET, DEMO_TOKEN
from playground.services import accounts, profiles
from playground.settings import Settings
from playground.store.db import make_engine
from playground.store.models import Profile
from playground.store.secretbox import SecretBox, SecretBoxError


def _store_profile(settings: Settings, keys: list[str]) -> None:
    """Create a user with the ready sandbox profile, encrypted with the given keys."""
    from playground.store import migrate

    migrate.upgrade(settings.effective_database_url)
    with Session(make_engine(settings.effective_database_url)) as db:
        user = accounts.create_user(
            db, username="ada", password="long enough for the rules", is_admin=True
        )
        profiles.ensure_sandbox_profile(
            db, user=user, settings=settings, box=SecretBox(keys), token=DEMO_TOKEN,
            secret=DEMO_SECRET,
        )  # fmt: skip


def _decrypt_all(settings: Settings, key: str) -> list[tuple[str, str]]:
    """Every stored token and secret, decrypted with one key only."""
    box = SecretBox([key])
    with Session(make_engine(settings.effective_database_url)) as db:
        stored = db.exec(select(Profile)).all()
        return [(box.decrypt(p.token_ciphertext), box.decrypt(p.secret_ciphertext)) for p in stored]


@pytest.fixture
def settings(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The command line and the test share one data directory and database."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", database_url)
    monkeypatch.delenv("PLAYGROUND_ENCRYPTION_KEYS", raising=False)
    return Settings()


def test_rotate_with_a_new_key_in_the_key_file(settings: Settings) -> None:
    key_file = settings.data_dir / "encryption.keys"
    old = Fernet.generate_key().decode()
    settings.data_dir.mkdir(parents=True)
    key_file.write_text(old + "\n")
    _store_profile(settings, [old])
    assert main(["keys", "rotate", "--new-key"]) == 0
    new, kept = key_file.read_text().split()
    assert kept == old and new != old
    assert _decrypt_all(settings, new) == [(DEMO_TOKEN, DEMO_SECRET)]
    with pytest.raises(SecretBoxError):
        _decrypt_all(settings, old)


def test_rotate_with_keys_from_the_environment(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    _store_profile(settings, [old])
    monkeypatch.setenv("PLAYGROUND_ENCRYPTION_KEYS", f"{new},{old}")
    assert main(["keys", "rotate"]) == 0
    assert _decrypt_all(settings, new) == [(DEMO_TOKEN, DEMO_SECRET)]
