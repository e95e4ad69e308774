"""New passwords: long enough and not guessable, with a reason; the shell follows the rules."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session, select

from playground.cli import main
from playground.services import password_policy, passwords
from playground.settings import Settings
from playground.store.db import make_engine
from playground.store.models import User


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("ada", "password", "at least 12 characters"),
        ("ada", "k7#Qm2!xZp9", "at least 12 characters"),  # 11 random characters
        ("ada", "passwordpassword", "repeats characters or words"),
        ("ada", "qwertyuiop123", "easy to guess"),
        ("alice", "alice2026alice!", "built from your user name"),
        ("ada", "Onoffice2026!!", "the product's name"),
        ("ada", "onoffice-playground", "the product's name"),
    ],
)
def test_weak_passwords_are_refused_with_why_and_how_to_do_better(
    username: str, password: str, reason: str
) -> None:
    problem = password_policy.problem(password, username=username)
    assert problem is not None and reason in problem
    assert "password manager" in problem


@pytest.mark.parametrize("password", ["amber kestrel tunes the piano", "w9$Lr2vQ!m7Tz4"])
def test_long_unguessable_passwords_pass(password: str) -> None:
    assert password_policy.problem(password, username="ada") is None


@pytest.fixture
def strict(settings: Settings) -> Iterator[None]:
    """Require 20 characters, as a setting can."""
    passwords.configure(settings.model_copy(update={"password_min_length": 20}))
    yield
    passwords.configure(settings)


def test_a_setting_raises_the_minimum(strict: None) -> None:
    assert password_policy.problem("w9$Lr2vQ!m7Tz4", username="ada") is not None
    assert password_policy.problem("amber kestrel tunes the piano", username="ada") is None


def test_the_minimum_cannot_be_lowered() -> None:
    with pytest.raises(ValueError, match="password_min_length"):
        Settings(password_min_length=8)


@pytest.mark.parametrize("password", ["password", "k7#Qm2!xZp9"])
def test_the_shell_refuses_a_weak_password_with_a_reason(
    password: str,
    tmp_path: Path,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", database_url)
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    assert main(["users", "create", "x"]) == 1
    assert "Not created: Use at least 12 characters." in capsys.readouterr().out
    with Session(make_engine(database_url)) as db:
        assert db.exec(select(User)).all() == []
