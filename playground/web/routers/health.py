"""Liveness and readiness for load balancers and the container health check."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text
from sqlmodel import Session

from playground.web.deps import SessionDep

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Answer ok while the server's event loop is responsive (no database needed)."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(db: SessionDep) -> dict[str, str]:
    """Answer ok when the database answers too."""
    _ping(db)
    return {"status": "ok"}


def _ping(db: Session) -> None:
    """One round trip to the database."""
    db.exec(text("SELECT 1"))  # type: ignore[call-overload]
