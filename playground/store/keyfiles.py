"""Keys generated on first start and kept in the data directory with mode 0600."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

log = logging.getLogger("playground.keys")


def read_or_create(path: Path, generate: Callable[[], str]) -> list[str]:
    """Return the non-empty lines of a key file, creating it with one new key if missing."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two instances starting at once must not both write a different key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(generate() + "\n")
            log.warning("Generated a new key and stored it in %s (mode 0600)", path)
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def prepend_key(path: Path, key: str) -> None:
    """Put a new key first in a key file, keeping the older ones for decryption."""
    existing = path.read_text() if path.exists() else ""
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n" + existing)
    tmp.replace(path)
