"""Where the templates, static files and migrations are, in a checkout or an installed wheel."""

from __future__ import annotations

import sys
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent
_INSTALLED = Path(sys.prefix) / "share" / "onoffice-playground"


def _locate(name: str) -> Path:
    """Prefer the checkout (editable install, Docker image); else the wheel's data files."""
    for base in (_CHECKOUT, _INSTALLED):
        candidate = base / name
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name}/ directory next to the package")


def templates_dir() -> Path:
    """The Jinja2 templates directory."""
    return _locate("templates")


def static_dir() -> Path:
    """The static files directory (CSS, JS, vendored htmx)."""
    return _locate("static")


def migrations_dir() -> Path:
    """The Alembic migrations directory."""
    return _locate("migrations")
