"""Starting a playground session, whichever way the user signed in (password, proxy, OIDC)."""

from __future__ import annotations

from fastapi import Request
from sqlmodel import Session

from playground.services import accounts
from playground.store.models import User
from playground.web.state import AppState, ensure_sandbox_profile


def open_session(
    request: Request,
    state: AppState,
    db: Session,
    user: User,
    *,
    address: str,
    pending: bool = False,
) -> str:
    """Give the user a sandbox profile if they have none, then start a session; its raw id."""
    ensure_sandbox_profile(state, db, user)
    return accounts.start_session(
        db,
        user=user,
        key=state.session_key,
        limits=state.session_limits,
        now=state.clock(),
        user_agent=request.headers.get("User-Agent", ""),
        address=address,
        pending=pending,
    )
