"""The HTTP clients a send goes through: one for onOffice, one for the in-process sandbox."""

from __future__ import annotations

from dataclasses import dataclass

from playground.onoffice.client import OnOfficeClient
from playground.services.endpoints import SANDBOX
from playground.services.gate import Gate


@dataclass
class Upstream:
    """The long-lived clients (reused connection pools) and the bounds on their use.

    `sends` bounds the calls in flight; `large` bounds how many answers past the
    large-answer size are read at once, which bounds memory (others wait, reading paused).
    """

    internet: OnOfficeClient
    sandbox: OnOfficeClient | None
    sends: Gate
    large: Gate

    def client_for(self, endpoint: str) -> OnOfficeClient | None:
        """The client for an endpoint value; None for the sandbox when it is off."""
        return self.sandbox if endpoint == SANDBOX else self.internet

    async def aclose(self) -> None:
        """Close both connection pools."""
        await self.internet.aclose()
        if self.sandbox is not None:
            await self.sandbox.aclose()
