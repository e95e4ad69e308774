"""Liveness for load balancers and the container health check."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from playground.web.deps import SessionDep

router = APIRouter()


@router.get("/healthz")
def healthz(db: SessionDep) -> dict[str, str]:
    """Answer ok when the database answers."""
    db.exec(text("SELECT 1"))  # type: ignore[call-overload]
    return {"status": "ok"}
