"""`playground backup FILE` and `playground restore FILE`: see playground/backup.py."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from playground.settings import Settings

T = TypeVar("T")


def _attempt(operation: Callable[[Settings], T]) -> T | None:
    """Run a backup or restore; None (its reason printed) when it cannot be done."""
    from playground.backup import BackupError  # the CLI starts without the database

    try:
        return operation(Settings())
    except BackupError as error:
        print(error, file=sys.stderr)
        return None


def _backup(args: argparse.Namespace) -> int:
    """Copy the running playground's database to FILE."""
    from playground.backup import backup

    result = _attempt(
        lambda s: backup(
            data_dir=s.data_dir,
            database_url=s.effective_database_url,
            target=args.file,
            with_keys=args.with_keys,
        )
    )
    if result is None:
        return 1
    print(f"Backed up the database to {result.database}.")
    if result.key_files:
        names = ", ".join(str(p) for p in result.key_files)
        print(
            f"WARNING: the key files went with it ({names}). Whoever has them and the backup "
            "can decrypt every stored token and secret: keep them apart, or as safe as the keys.",
            file=sys.stderr,
        )
    else:
        print(
            "The key files are not in the backup: keep encryption.keys and session.key of the "
            "data directory safe on their own; without encryption.keys the stored credentials "
            "of a restored backup cannot be decrypted."
        )
    return 0


def _restore(args: argparse.Namespace) -> int:
    """Restore FILE into the (empty) data directory."""
    from playground.backup import restore

    settings = Settings()
    keys = _attempt(
        lambda s: restore(
            data_dir=s.data_dir, database_url=s.effective_database_url, source=args.file
        )
    )
    if keys is None:
        return 1
    print(f"Restored {args.file} into {settings.data_dir}.")
    if not keys:
        print(
            "No key files came with the backup: put the original encryption.keys into the data "
            "directory before starting, or the stored credentials cannot be decrypted."
        )
    return 0


def add_backup_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`backup` and `restore`."""
    make = sub.add_parser("backup", help="copy the database to FILE while the server runs")
    make.add_argument("file", type=Path)
    make.add_argument(
        "--with-keys",
        action="store_true",
        help="also copy the key files beside FILE (then the backup decrypts the credentials)",
    )
    make.set_defaults(func=_backup)
    back = sub.add_parser("restore", help="restore a backup into an empty data directory")
    back.add_argument("file", type=Path)
    back.set_defaults(func=_restore)
