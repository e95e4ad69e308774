"""What an action handler returns: an answer with records, or an API error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.onoffice.errors import error_message


class ApiError(Exception):
    """A failed action: the API error code and its documented message."""

    def __init__(self, code: int, *args: str) -> None:
        """Build the message from the API's template for ``code``."""
        self.code = code
        self.message = error_message(code, *args)
        super().__init__(self.message)


@dataclass
class Answer:
    """The ``data`` of a successful result: records plus ``meta.cntabsolute``."""

    records: list[dict[str, Any]] = field(default_factory=list)
    cntabsolute: int | None = None
