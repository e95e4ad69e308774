"""Bounds on concurrent upstream calls, overall and per user, so nobody starves the rest.

A caller past a bound waits a little for a place; past that wait it is refused with
`Busy`, which the web layer turns into a 429 (the user's own bound) or 503 (the
server's). Nothing is sent before a place is had.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from playground.i18n import gettext as _


class Busy(Exception):
    """No place became free in time; nothing was sent."""

    def __init__(self, *, mine: bool, limit: int, waited: float) -> None:
        message = (
            _(
                "%(limit)d sends of your own are already waiting for an answer, and none "
                "finished within %(waited)s s. Nothing was sent; try again in a moment."
            )
            if mine
            else _(
                "%(limit)d sends on this server are already waiting for an answer, and none "
                "finished within %(waited)s s. Nothing was sent; try again in a moment."
            )
        )
        super().__init__(message % {"limit": limit, "waited": f"{waited:g}"})
        self.mine = mine


@dataclass
class _Places:
    """One semaphore and how many callers hold or wait for it (to forget idle users)."""

    semaphore: asyncio.Semaphore
    users: int = 0


@dataclass
class Gate:
    """At most `total` holders at once, at most `per_user` of them for one user."""

    total: int
    per_user: int
    wait: float | None
    _overall: asyncio.Semaphore | None = None
    _by_user: dict[int, _Places] = field(default_factory=dict)
    # How many hold a place now (for the metrics).
    holding: int = 0

    @asynccontextmanager
    async def place(self, user_id: int) -> AsyncIterator[None]:
        """Hold one place for the duration of the block; Busy when none came in time."""
        places = self._by_user.setdefault(user_id, _Places(asyncio.Semaphore(self.per_user)))
        places.users += 1
        try:
            await self._acquire(places.semaphore, mine=True, limit=self.per_user)
            try:
                overall = self._overall_semaphore()
                await self._acquire(overall, mine=False, limit=self.total)
                self.holding += 1
                try:
                    yield
                finally:
                    self.holding -= 1
                    overall.release()
            finally:
                places.semaphore.release()
        finally:
            places.users -= 1
            if places.users == 0:
                del self._by_user[user_id]

    def _overall_semaphore(self) -> asyncio.Semaphore:
        """Made on first use, inside the event loop that serves the app."""
        if self._overall is None:
            self._overall = asyncio.Semaphore(self.total)
        return self._overall

    async def _acquire(self, semaphore: asyncio.Semaphore, *, mine: bool, limit: int) -> None:
        """Take a place, waiting at most `wait` seconds (for ever when None)."""
        try:
            async with asyncio.timeout(self.wait):
                await semaphore.acquire()
        except TimeoutError:
            raise Busy(mine=mine, limit=limit, waited=self.wait or 0.0) from None
