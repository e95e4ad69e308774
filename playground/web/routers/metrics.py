"""/metrics in the Prometheus text format, for the configured scrapers only."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import func
from sqlmodel import Session, select

from playground import metrics
from playground.i18n import gettext as _
from playground.store.models import HistoryEntry
from playground.web.deps import SessionDep, StateDep
from playground.web.proxy_auth import is_trusted, trusted_networks
from playground.web.state import AppState

router = APIRouter()


def _may_scrape(request: Request, state: AppState) -> bool:
    """From an allowed address (PLAYGROUND_METRICS_ALLOW), or with the metrics token."""
    settings = state.settings
    if settings.metrics_token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if hmac.compare_digest(given.encode(), settings.metrics_token.encode()):
            return True
    allowed = tuple(a.strip() for a in settings.metrics_allow.split(",") if a.strip())
    client = request.client.host if request.client else ""
    return is_trusted(client, trusted_networks(allowed))


def _figures(state: AppState, db: Session) -> metrics.AppFigures:
    """The app's state now: sends in flight, pool use, history rows."""
    pool = state.engine.pool
    checked_out = getattr(pool, "checkedout", lambda: 0)()
    size = getattr(pool, "size", lambda: 0)()
    rows = db.exec(select(func.count()).select_from(HistoryEntry)).one()
    return metrics.AppFigures(state.upstream.sends.holding, checked_out, size, int(rows))


@router.get("/metrics", include_in_schema=False)
def scrape(request: Request, state: StateDep, db: SessionDep) -> Response:
    """The metrics; 403 for anyone else (nothing about the metrics is told to them)."""
    if not _may_scrape(request, state):
        raise HTTPException(status_code=403, detail=_("Metrics are for the configured scrapers."))
    body = metrics.exposition(_figures(state, db))
    return Response(body, media_type=metrics.CONTENT_TYPE)
