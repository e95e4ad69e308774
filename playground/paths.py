"""Where the templates, static files and migrations are, in a checkout or an installed wheel.

The repository keeps them at its top level; a wheel carries them as data files under
``share/onoffice-playground``. Where those land depends on how the wheel was installed (a
virtual environment, ``pip install --user``, pipx), so the installed copy is found through
the distribution's own record of its files (importlib.metadata), not by guessing a prefix.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import metadata
from pathlib import Path

DISTRIBUTION = "onoffice-playground"
_CHECKOUT = Path(__file__).resolve().parent.parent
_SHARE = ("share", DISTRIBUTION)


@cache
def _installed_share() -> Path | None:
    """The share/onoffice-playground directory the installed distribution recorded."""
    # The record beside this very package: another install of the same name earlier on
    # sys.path (an editable one, say) must not be taken for it.
    here = [str(Path(__file__).resolve().parent.parent)]
    found = [d for d in metadata.distributions(path=here) if d.metadata["Name"] == DISTRIBUTION]
    files = (found[0].files or []) if found else []
    for file in files:
        parts = file.parts
        for i in range(len(parts) - 1):
            if parts[i : i + 2] == _SHARE:
                return Path(file.locate()).resolve().parents[len(parts) - i - 3]
    return None


def _locate(name: str) -> Path:
    """Prefer the checkout (editable install, Docker image); else the wheel's data files."""
    installed = _installed_share()
    fallback = Path(sys.prefix) / "share" / DISTRIBUTION
    for base in (_CHECKOUT, installed, fallback):
        if base is not None and (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"cannot find the {name}/ directory of the playground")


def templates_dir() -> Path:
    """The Jinja2 templates directory."""
    return _locate("templates")


def static_dir() -> Path:
    """The static files directory (CSS, JS, vendored htmx)."""
    return _locate("static")


def migrations_dir() -> Path:
    """The Alembic migrations directory."""
    return _locate("migrations")
