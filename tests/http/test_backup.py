"""`playground backup` and `playground restore`: a consistent copy while sends run."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from playground.backup import pg_dump_command
from playground.cli import main
from playground.settings import Settings
from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, picker_ids, send_form


def counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite file (tables present in the playground's schema)."""
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        # The names come from the file's own catalogue, not from input.
        found = {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in names}  # noqa: S608
    conn.close()
    return found


def history_rows(path: Path) -> list[tuple[object, ...]]:
    """Every history row, in id order."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT * FROM history_entry ORDER BY id").fetchall()
    conn.close()
    return rows


def integrity(path: Path) -> str:
    """SQLite's integrity verdict on a file."""
    with sqlite3.connect(path) as conn:
        verdict = str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    conn.close()
    return verdict


def cli(monkeypatch: pytest.MonkeyPatch, settings: Settings, *args: str) -> int:
    """Run the console script with the test's data directory and database."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", settings.effective_database_url)
    return main(list(args))


@pytest.fixture
def sqlite_only(settings: Settings) -> None:
    """Backups of PostgreSQL are pg_dump's job (checked below on its own)."""
    if not settings.effective_database_url.startswith("sqlite"):
        pytest.skip("backup copies SQLite databases")


def test_a_backup_taken_while_sends_run_restores_whole(
    admin_client: TestClient,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    sqlite_only: None,
) -> None:
    form = send_form(picker_ids(admin_client)[0], READ_ESTATE)
    admin_client.post("/send", data=form, headers=HX)
    source = Path(settings.effective_database_url.removeprefix("sqlite:///"))
    before = counts(source)["history_entry"]
    sending = threading.Thread(
        target=lambda: [admin_client.post("/send", data=form, headers=HX) for _ in range(15)]
    )
    sending.start()
    backup = tmp_path / "backup.db"
    assert cli(monkeypatch, settings, "backup", str(backup)) == 0
    sending.join()
    after = counts(source)["history_entry"]

    assert integrity(backup) == "ok"
    copied = counts(backup)
    assert before <= copied["history_entry"] <= after == before + 15
    assert not list(tmp_path.glob("backup.db.*"))  # no key file without --with-keys

    restored = Settings(data_dir=tmp_path / "restored", database_url=None)
    assert cli(monkeypatch, restored, "restore", str(backup)) == 0
    restored_db = restored.data_dir / "playground.db"
    assert counts(restored_db) == copied
    assert history_rows(restored_db) == history_rows(source)[: copied["history_entry"]]


def test_keys_go_only_when_asked_and_nothing_is_overwritten(
    admin_client: TestClient,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sqlite_only: None,
) -> None:
    backup = tmp_path / "with-keys.db"
    assert cli(monkeypatch, settings, "backup", "--with-keys", str(backup)) == 0
    assert "WARNING" in capsys.readouterr().err
    key_copy = tmp_path / "with-keys.db.encryption.keys"
    assert key_copy.read_text() == (settings.data_dir / "encryption.keys").read_text()
    assert key_copy.stat().st_mode & 0o777 == 0o600
    assert cli(monkeypatch, settings, "backup", str(backup)) == 1
    assert "exists already" in capsys.readouterr().err

    # A restore brings the keys back and refuses a data directory that has a database.
    fresh = Settings(data_dir=tmp_path / "fresh", database_url=None)
    assert cli(monkeypatch, fresh, "restore", str(backup)) == 0
    assert (fresh.data_dir / "encryption.keys").read_text() == key_copy.read_text()
    assert cli(monkeypatch, fresh, "restore", str(backup)) == 1
    assert "restore into an empty data directory" in capsys.readouterr().err


def test_a_file_that_is_no_playground_backup_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = Settings(data_dir=tmp_path / "data", database_url=None)
    text = tmp_path / "notes.db"
    text.write_text("not a database")
    assert cli(monkeypatch, target, "restore", str(text)) == 1
    assert "not a sound SQLite database" in capsys.readouterr().err
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert cli(monkeypatch, target, "restore", str(other)) == 1
    assert "not a playground database" in capsys.readouterr().err
    assert not (target.data_dir / "playground.db").exists()


def test_postgresql_is_pointed_to_pg_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql+psycopg://team:s3cret@db.internal:5433/playground"
    pg = Settings(data_dir=tmp_path / "data", database_url=url)
    assert cli(monkeypatch, pg, "backup", str(tmp_path / "x.db")) == 1
    said = capsys.readouterr().err
    assert pg_dump_command(url) in said
    assert "--host=db.internal --port=5433 --username=team playground" in said
    assert "s3cret" not in said
