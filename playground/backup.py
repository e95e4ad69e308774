"""Backups of the SQLite database, taken while the server runs, and their restore.

SQLite's online backup API copies the database page by page under its own locks, so the
copy is consistent even while requests write. The key files stay out of a backup unless
asked for: a backup with the keys decrypts every stored credential, so it must be kept
like the keys themselves. PostgreSQL has its own tool for this (pg_dump).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from playground.store import datadir, migrate

KEY_FILES = ("encryption.keys", "session.key")


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup wrote: the database copy, and the key files when asked for."""

    database: Path
    key_files: tuple[Path, ...]


def _key_copy(backup: Path, name: str) -> Path:
    """Where a key file goes beside a backup: FILE.encryption.keys, FILE.session.key."""
    return backup.with_name(f"{backup.name}.{name}")


def pg_dump_command(database_url: str) -> str:
    """The pg_dump command for a PostgreSQL URL, without its password."""
    url = make_url(database_url)
    parts = ["pg_dump", "--format=custom", "--file=playground.dump"]
    if url.host:
        parts.append(f"--host={url.host}")
    if url.port:
        parts.append(f"--port={url.port}")
    if url.username:
        parts.append(f"--username={url.username}")
    parts.append(url.database or "")
    return " ".join(parts)


def _read_only(path: Path) -> str:
    """A URI that opens a database read-only (any character in the path is escaped)."""
    return path.resolve().as_uri() + "?mode=ro"


def _integrity(path: Path) -> str:
    """SQLite's own verdict on a database file ("ok" when sound)."""
    conn = sqlite3.connect(_read_only(path), uri=True)
    try:
        row = conn.execute("PRAGMA integrity_check").fetchone()
    finally:
        conn.close()
    return str(row[0]) if row else "no answer"


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database, written to a private file, then checked."""
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, datadir.FILE_MODE)
    os.close(fd)
    src = sqlite3.connect(_read_only(source), uri=True)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    verdict = _integrity(target)
    if verdict != "ok":
        target.unlink()
        raise BackupError(f"The copy failed SQLite's integrity check ({verdict}).")


def backup(*, data_dir: Path, database_url: str, target: Path, with_keys: bool) -> BackupResult:
    """Copy the database (and, if asked, the key files) to ``target``; never overwrites."""
    source = datadir.sqlite_file(database_url)
    if source is None:
        raise BackupError(
            "The database is not SQLite: back it up with PostgreSQL's own tool, for example\n"
            f"  {pg_dump_command(database_url)}"
        )
    if not source.is_file():
        raise BackupError(f"There is no database at {source} yet.")
    keys = (
        [data_dir / name for name in KEY_FILES if (data_dir / name).is_file()] if with_keys else []
    )
    for path in [target, *(_key_copy(target, p.name) for p in keys)]:
        if path.exists():
            raise BackupError(f"{path} exists already; choose another name.")
    _copy(source, target)
    copies = []
    for key in keys:
        copy = _key_copy(target, key.name)
        shutil.copyfile(key, copy)
        os.chmod(copy, datadir.FILE_MODE)
        copies.append(copy)
    return BackupResult(target, tuple(copies))


def restore(*, data_dir: Path, database_url: str, source: Path) -> tuple[Path, ...]:
    """Restore a backup into a data directory without a database; the key files it restored."""
    target = datadir.sqlite_file(database_url)
    if target is None:
        raise BackupError("The database is not SQLite: restore it with PostgreSQL's pg_restore.")
    if not source.is_file():
        raise BackupError(f"There is no backup at {source}.")
    if target.exists() and target.stat().st_size > 0:
        raise BackupError(f"{target} exists: restore into an empty data directory.")
    if _integrity_or_none(source) != "ok":
        raise BackupError(f"{source} is not a sound SQLite database.")
    datadir.prepare(data_dir, database_url)
    target.unlink()
    _copy(source, target)
    if migrate.current(database_url) is None:
        target.unlink()
        raise BackupError(f"{source} is not a playground database.")
    migrate.upgrade(database_url)  # a backup of an older version is brought up to date
    restored = []
    for name in KEY_FILES:
        copy = _key_copy(source, name)
        if copy.is_file() and not (data_dir / name).exists():
            shutil.copyfile(copy, data_dir / name)
            os.chmod(data_dir / name, datadir.FILE_MODE)
            restored.append(data_dir / name)
    return tuple(restored)


def _integrity_or_none(path: Path) -> str | None:
    """The integrity verdict, or None when the file is not a SQLite database at all."""
    try:
        return _integrity(path)
    except sqlite3.DatabaseError:
        return None
