"""Starting the sandbox's data over, from the admin page or the shell.

The sandbox keeps its records in memory, in every server process that serves it. A reset
raises a counter in the database instead of touching that memory: each sandbox compares
the counter before answering and goes back to its seed when it moved. So one click, or
`playground sandbox reset` on the shell, reaches every instance and every worker.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.services import audit
from playground.services.users import SHELL, Actor
from playground.store import markers

RESET_SUMMARY = "Reset the sandbox data to its seed"


def reset(db: Session, *, actor: Actor) -> int:
    """Ask every sandbox to start over on its next request; the new counter value."""
    generation = markers.raise_counter(db, name=markers.SANDBOX_RESET)
    audit.record(
        db,
        kind="sandbox.reset",
        actor=actor.user,
        username="" if actor.user else SHELL,
        summary=RESET_SUMMARY,
        address=actor.address,
    )
    return generation


def generation(engine: Engine) -> int:
    """The current reset counter (0 before the first reset)."""
    with Session(engine) as db:
        return markers.read_counter(db, name=markers.SANDBOX_RESET)
