"""Liveness and readiness for load balancers and the container health check."""

from __future__ import annotations

from alembic.migration import MigrationContext
from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlmodel import Session

from playground.store import migrate
from playground.web.deps import SessionDep

router = APIRouter()


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    """Answer ok while the server's event loop is responsive (no database needed)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=None)
def readyz(db: SessionDep) -> dict[str, str] | JSONResponse:
    """Answer ok when the database answers and its schema is this version's; else 503."""
    _ping(db)
    revision = MigrationContext.configure(db.connection()).get_current_revision()
    if revision != migrate.head():
        # Another instance may be migrating right now, or this one is older than the data.
        detail = {
            "status": "migrations pending",
            "database": str(revision),
            "code": str(migrate.head()),
        }
        return JSONResponse(detail, status_code=503)
    return {"status": "ok"}


def _ping(db: Session) -> None:
    """One round trip to the database."""
    db.exec(text("SELECT 1"))  # type: ignore[call-overload]
