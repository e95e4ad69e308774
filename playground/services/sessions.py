"""A user's own sign-in sessions: which are live (browser, address, last use), and ending
all but the current one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from playground.i18n import gettext as _
from playground.services import audit
from playground.services.accounts import Login, SessionLimits
from playground.store import users as store

# Checked in this order: Edge and Opera also name Chrome, Chrome also names Safari.
_BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
    ("curl/", "curl"),
    ("python-httpx/", "httpx"),
)
_SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class SessionView:
    """One line of the session list; never the session id or its hash."""

    device: str
    address: str
    started_at: datetime
    last_seen_at: datetime
    current: bool


def device_of(user_agent: str) -> str:
    """A short name for the browser and system a User-Agent header names."""
    browser = next((name for mark, name in _BROWSERS if mark in user_agent), "")
    system = next((name for mark, name in _SYSTEMS if mark in user_agent), "")
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser or system:
        return browser or system
    # Unknown clients: their own first word, so a script is still recognisable.
    first = re.split(r"[\s/;(]", user_agent.strip(), maxsplit=1)[0][:40]
    return first or _("Unknown browser")


def live(db: Session, *, login: Login, limits: SessionLimits, now: datetime) -> list[SessionView]:
    """The user's live sessions, most recently used first, the current one marked."""
    assert login.user.id is not None
    rows = store.list_logins(db, user_id=login.user.id, now=now, seen_after=limits.idle_before(now))
    return [
        SessionView(
            device=device_of(row.user_agent),
            address=row.address,
            started_at=row.created_at,
            last_seen_at=row.last_seen_at,
            current=row.id_hash == login.session_hash,
        )
        for row in rows
    ]


def end_others(db: Session, *, login: Login, address: str) -> int:
    """Sign out every other session of the user, recorded; how many ended."""
    assert login.user.id is not None
    ended = store.delete_other_logins(db, user_id=login.user.id, keep_id_hash=login.session_hash)
    summary = f"Signed out {ended} other session(s)"
    audit.record(db, kind="sessions.ended", actor=login.user, summary=summary, address=address)
    return ended
