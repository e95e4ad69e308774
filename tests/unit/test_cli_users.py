"""`playground users ...` and `keys rotate` on the shell: same rules, audited as "shell"."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlmodel import Session, col, func, select

from playground.cli import main
from playground.services import accounts
from playground.settings import Settings
from playground.store.db import make_engine
from playground.store.models import AuditEvent, LoginSession, TwoFactor, User, utcnow
from tests.conftest import PASSWORD

DAY = accounts.SessionLimits(days=1, idle_minutes=60)

PLANTED = "planted-shell-Pa55word"


@pytest.fixture
def env(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the command line at this test's data directory and database."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", database_url)
    monkeypatch.delenv("PLAYGROUND_ENCRYPTION_KEYS", raising=False)
    return Settings()


def _run(monkeypatch: pytest.MonkeyPatch, *argv: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(argv))


def _users(settings: Settings) -> dict[str, User]:
    with Session(make_engine(settings.effective_database_url)) as db:
        return {u.username: u for u in db.exec(select(User))}


def _events(settings: Settings) -> list[AuditEvent]:
    with Session(make_engine(settings.effective_database_url)) as db:
        return list(db.exec(select(AuditEvent).order_by(col(AuditEvent.id))))


def test_create_list_set_role_disable_and_enable(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n") == 0
    assert _run(monkeypatch, "users", "create", "bob", stdin=PLANTED + "\n") == 0
    out = capsys.readouterr().out
    assert "Created admin ada." in out and "Created member bob." in out  # the first is an admin
    assert _run(monkeypatch, "users", "set-role", "bob", "admin") == 0
    assert _users(env)["bob"].is_admin
    assert _run(monkeypatch, "users", "disable", "bob") == 0
    assert not _users(env)["bob"].is_active
    assert _run(monkeypatch, "users", "list") == 0
    listing = capsys.readouterr().out
    assert "bob" in listing and "disabled" in listing and "ada" in listing and "active" in listing
    assert _run(monkeypatch, "users", "enable", "bob") == 0
    assert _run(monkeypatch, "users", "set-role", "bob", "member") == 0
    bob = _users(env)["bob"]
    assert bob.is_active and not bob.is_admin
    assert accounts.password_matches(bob, PLANTED)


def test_the_shell_keeps_the_last_active_admin(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n")
    capsys.readouterr()
    assert _run(monkeypatch, "users", "disable", "ada") == 1
    assert _run(monkeypatch, "users", "set-role", "ada", "member") == 1
    out = capsys.readouterr().out
    assert out.count("last active admin") == 2
    ada = _users(env)["ada"]
    assert ada.is_admin and ada.is_active


def test_the_shell_explains_what_it_refuses(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "users", "disable", "nobody") == 1
    assert "There is no user named 'nobody'." in capsys.readouterr().out
    assert _run(monkeypatch, "users", "create", "ada", stdin="short\n") == 1
    assert "at least 12 characters" in capsys.readouterr().out
    assert _run(monkeypatch, "users", "create", "ada", stdin="\n") == 1
    assert "Not created" in capsys.readouterr().out
    _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n")
    assert _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n") == 1
    assert "taken" in capsys.readouterr().out
    assert list(_users(env)) == ["ada"]
    with pytest.raises(SystemExit):
        _run(monkeypatch, "users", "set-role", "ada", "owner")


def test_disabling_on_the_shell_ends_the_users_sessions(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n")
    _run(monkeypatch, "users", "create", "bob", stdin=PASSWORD + "\n")
    engine = make_engine(env.effective_database_url)
    with Session(engine) as db:
        bob = db.exec(select(User).where(User.username == "bob")).one()
        accounts.start_session(db, user=bob, key="k", limits=DAY, now=utcnow())
    assert _run(monkeypatch, "users", "disable", "bob") == 0
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(LoginSession)).one() == 0


def test_shell_actions_are_audited_as_shell_without_passwords(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n")
    _run(monkeypatch, "users", "create", "bob", "--admin", stdin=PLANTED + "\n")
    _run(monkeypatch, "users", "set-role", "bob", "member")
    _run(monkeypatch, "users", "disable", "bob")
    _run(monkeypatch, "users", "enable", "bob")
    assert _run(monkeypatch, "keys", "rotate", "--new-key") == 0
    events = _events(env)
    assert [e.kind for e in events] == [
        "user.created",
        "user.created",
        "user.role_changed",
        "user.disabled",
        "user.enabled",
        "keys.rotated",
    ]
    assert {e.username for e in events} == {"shell"}
    assert all(e.user_id is None for e in events)
    text = " ".join(e.summary for e in events)
    assert PLANTED not in text and PASSWORD not in text
    keys = (env.data_dir / "encryption.keys").read_text().split()
    assert not any(key in text for key in keys)


def test_the_users_created_on_the_shell_can_log_in(
    env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n")
    with Session(make_engine(env.effective_database_url)) as db:
        user, _ = accounts.check_login(accounts.find_for_login(db, username="ada"), PASSWORD)
    assert user is not None and user.is_admin


def test_a_locked_out_admin_gets_back_in_from_the_shell(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(monkeypatch, "users", "create", "ada", stdin=PASSWORD + "\n") == 0
    engine = make_engine(env.effective_database_url)
    with Session(engine) as db:
        ada = db.exec(select(User).where(User.username == "ada")).one()
        assert ada.id is not None
        db.add(TwoFactor(user_id=ada.id, secret_ciphertext=b"x", enabled_at=utcnow()))
        db.commit()
        accounts.start_session(db, user=ada, key="k", limits=DAY, now=utcnow())
    capsys.readouterr()
    # The password forgotten and the phone lost: both come back from the shell.
    assert _run(monkeypatch, "users", "reset-two-factor", "ada") == 0
    assert _run(monkeypatch, "users", "reset-password", "ada") == 0
    out = capsys.readouterr().out
    assert "Two-factor sign-in of ada is off." in out
    one_time = out.rsplit(": ", 1)[1].strip()
    ada = _users(env)["ada"]
    assert accounts.password_matches(ada, one_time) and ada.must_change_password
    with Session(engine) as db:
        assert db.exec(select(func.count()).select_from(LoginSession)).one() == 0
        assert db.exec(select(TwoFactor)).all() == []
    kinds = [(e.kind, e.username) for e in _events(env)]
    assert ("2fa.reset", "shell") in kinds and ("user.password_reset", "shell") in kinds
    assert one_time not in " ".join(e.summary for e in _events(env))
    assert _run(monkeypatch, "users", "reset-password", "nobody") == 1
    engine.dispose()


def test_the_first_admin_after_single_sign_on_is_made_on_the_shell(
    env: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Single sign-on without an admin group makes members only: no admin exists yet.
    with Session(make_engine(env.effective_database_url)) as db:
        accounts.add_sso_user(db, username="ada", email="", is_admin=False, sso_subject="i ada")
        accounts.add_sso_user(db, username="bob", email="", is_admin=False, sso_subject="i bob")
    assert _run(monkeypatch, "users", "disable", "bob") == 0
    assert _run(monkeypatch, "users", "enable", "bob") == 0
    assert _run(monkeypatch, "users", "set-role", "ada", "admin") == 0
    assert "ada is now an admin." in capsys.readouterr().out
    assert _users(env)["ada"].is_admin and _users(env)["bob"].is_active
    # And she stays the last one.
    assert _run(monkeypatch, "users", "set-role", "ada", "member") == 1
