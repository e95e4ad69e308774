"""The HTTP clients a send goes through: one for onOffice, one for the in-process sandbox."""

from __future__ import annotations

from dataclasses import dataclass

from playground.onoffice.client import OnOfficeClient
from playground.services.endpoints import SANDBOX


@dataclass
class Upstream:
    """Holds the long-lived clients so every send reuses their connection pools."""

    internet: OnOfficeClient
    sandbox: OnOfficeClient | None

    def client_for(self, endpoint: str) -> OnOfficeClient | None:
        """The client for an endpoint value; None for the sandbox when it is off."""
        return self.sandbox if endpoint == SANDBOX else self.internet

    async def aclose(self) -> None:
        """Close both connection pools."""
        await self.internet.aclose()
        if self.sandbox is not None:
            await self.sandbox.aclose()
