"""Action verbs and the unsigned description of one action."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

ACTION_ID_PREFIX = "urn:onoffice-de-ns:smart:2.5:smartml:action:"


class Verb(StrEnum):
    """The six action verbs; each maps to one actionid URN."""

    READ = "read"
    CREATE = "create"
    MODIFY = "modify"
    DELETE = "delete"
    GET = "get"
    DO = "do"

    @property
    def action_id(self) -> str:
        """The full actionid URN for this verb."""
        return ACTION_ID_PREFIX + self.value


def verb_from_action_id(action_id: str) -> Verb | None:
    """Return the verb of an actionid URN, or None when it is not one of the six."""
    if not action_id.startswith(ACTION_ID_PREFIX):
        return None
    try:
        return Verb(action_id.removeprefix(ACTION_ID_PREFIX))
    except ValueError:
        return None


@dataclass(frozen=True)
class ActionRequest:
    """One action as a person composes it: no token, timestamp or HMAC."""

    verb: Verb
    resourcetype: str
    resourceid: str | int | None = ""
    identifier: str | None = ""
    parameters: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, as stored in history and shown in the composer."""
        return {
            "verb": self.verb.value,
            "resourcetype": self.resourcetype,
            "resourceid": self.resourceid,
            "identifier": self.identifier,
            "parameters": self.parameters,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ActionRequest:
        """Rebuild an action from :meth:`to_dict` output."""
        return cls(
            verb=Verb(data["verb"]),
            resourcetype=str(data.get("resourcetype", "")),
            resourceid=data.get("resourceid", ""),
            identifier=data.get("identifier", ""),
            parameters=dict(data.get("parameters") or {}),
        )
