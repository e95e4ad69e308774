"""What an action handler returns: an answer with records, or an API error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playground.onoffice import response
from playground.onoffice.errors import error_message


class ApiError(Exception):
    """A failed action: the API error code and its documented message."""

    def __init__(self, code: int, *args: str, detail: str = "") -> None:
        """Build the message from the API's template for ``code``, then ``detail`` if any."""
        self.code = code
        self.message = error_message(code, *args)
        if detail:
            self.message = f"{self.message}: {detail}"
        super().__init__(self.message)


# Every answer of a call the sandbox does not carry out starts its status message with this,
# so people and the playground's UI can tell a simulated success from a real one.
SIMULATED = response.SIMULATED


@dataclass
class Answer:
    """The ``data`` of a successful result: records plus ``meta.cntabsolute``, and the
    action's status message."""

    records: list[dict[str, Any]] = field(default_factory=list)
    cntabsolute: int | None = None
    message: str = "OK"


def success(record_type: str = "", record_id: int = 0, **elements: Any) -> Answer:
    """The docs' answer to a write or do call: one record with ``"success": "success"``."""
    body = elements or {"success": "success"}
    return Answer([{"id": record_id, "type": record_type, "elements": body}], None)


def simulated(what: str, real: str, **elements: Any) -> Answer:
    """An answer in onOffice's shape for a call the sandbox does not carry out."""
    answer = success(**elements) if elements else success()
    answer.message = f"{SIMULATED} the sandbox does not {what}. The real API would {real}."
    return answer
