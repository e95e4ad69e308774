"""The data directory and the SQLite files: readable by the server's user only.

The directory is made 0700 and every file in it 0600, whatever the umask. SQLite gives
the -wal and -shm files it creates later the mode of the database file, so a database
created (or tightened) 0600 keeps its companions private too.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def sqlite_file(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases and in-memory SQLite."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def _tighten_file(path: Path) -> None:
    """Mode 0600 for a file that exists."""
    if path.is_file() and path.stat().st_mode & 0o777 != FILE_MODE:
        os.chmod(path, FILE_MODE)


def prepare(data_dir: Path, database_url: str) -> None:
    """Create the directory (0700) and an empty SQLite file (0600) before anything writes."""
    data_dir.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(data_dir, DIR_MODE)
    database = sqlite_file(database_url)
    if database is not None:
        database.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    tighten(data_dir, database_url)


def tighten(data_dir: Path, database_url: str) -> None:
    """Mode 0600 for every file in the data directory and for the SQLite files."""
    for path in data_dir.iterdir():
        _tighten_file(path)
    database = sqlite_file(database_url)
    if database is not None:
        for suffix in SQLITE_COMPANIONS:
            _tighten_file(database.with_name(database.name + suffix))
