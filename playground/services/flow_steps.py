"""A flow's steps: each one signed request (the composer's actions) and whether a failure
stops the flow. Pure text work, no database.

In the composer a step is held as its forms verbatim (a placeholder may stand outside a
JSON string there); a saved flow stores each step's parsed actions, like a saved request,
as ``{"steps": [{"actions": [...], "stop_on_failure": true}, ...]}``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.services import compose
from playground.services.compose import ActionForm
from playground.services.errors import InvalidInput

MAX_STEPS = 20
FORM_KEYS = ("verb", "resourcetype", "resourceid", "identifier", "parameters")


@dataclass
class FlowStep:
    """One step: its actions as typed, and whether its failure stops the flow."""

    forms: list[ActionForm] = field(default_factory=list)
    stop_on_failure: bool = True

    def calls(self) -> str:
        """ "create address, get idsfromrelation": what the step does, for lists."""
        return ", ".join(f"{f.verb} {f.resourcetype or '-'}" for f in self.forms)


def _form(item: Any) -> ActionForm:
    """A form from its stored text fields (anything else is refused)."""
    if not isinstance(item, dict) or not all(isinstance(item.get(k, ""), str) for k in FORM_KEYS):
        raise ValueError("not a form")
    return ActionForm(**{k: item.get(k, "") for k in FORM_KEYS})


def step_from_field(text: str, stop: str) -> FlowStep:
    """A step from the composer's hidden field (its forms as JSON) and its stop choice."""
    try:
        items = json.loads(text)
        forms = [_form(item) for item in items] if isinstance(items, list) else []
    except (ValueError, RecursionError):  # RecursionError: nested deeper than JSON is read
        forms = []
    if not forms or len(forms) > compose.MAX_ACTIONS:
        raise InvalidInput({"steps": _("A step of the flow could not be read; add it again.")})
    return FlowStep(forms, stop != "0")


def _refuse_too_many(count: int) -> None:
    """InvalidInput when a flow has more steps than one may have."""
    if count > MAX_STEPS:
        message = _("A flow has at most %(max)d steps.") % {"max": MAX_STEPS}
        raise InvalidInput({"steps": message})


def steps_from_fields(texts: Sequence[str], stops: Sequence[str]) -> list[FlowStep]:
    """The posted steps, in order (a missing stop choice means "stop")."""
    _refuse_too_many(len(texts))
    return [step_from_field(t, stops[i] if i < len(stops) else "1") for i, t in enumerate(texts)]


def forms_text(forms: Sequence[ActionForm]) -> str:
    """A step's forms as the JSON its hidden field and a run record hold."""
    return json.dumps([{k: getattr(f, k) for k in FORM_KEYS} for f in forms], ensure_ascii=False)


def runnable_json(steps: Sequence[FlowStep]) -> str:
    """The steps as a run record keeps them (forms verbatim)."""
    items = [{"forms": json.loads(forms_text(s.forms)), "stop": s.stop_on_failure} for s in steps]
    return json.dumps(items, ensure_ascii=False)


def from_runnable_json(text: str) -> list[FlowStep]:
    """The steps of a run record."""
    return [FlowStep([_form(f) for f in item["forms"]], item["stop"]) for item in json.loads(text)]


def saved_json(steps: Sequence[FlowStep]) -> str:
    """The steps as a saved flow stores them, or InvalidInput naming the step at fault."""
    if not steps:
        raise InvalidInput({"steps": _("Add at least one step.")})
    _refuse_too_many(len(steps))  # an imported file may hold more than the composer allows
    encoded = []
    budget = compose.MAX_VALUES  # for the whole flow: saving it checks and stores them all
    for number, step in enumerate(steps, start=1):
        try:
            actions, count = compose.parse_counted(step.forms, budget)
            budget -= count
        except InvalidInput as exc:
            reasons = " ".join(sorted(set(exc.errors.values())))
            message = _("Step %(number)d: %(reasons)s") % {"number": number, "reasons": reasons}
            raise InvalidInput({"steps": message}) from None
        encoded.append(
            {"actions": [a.to_dict() for a in actions], "stop_on_failure": step.stop_on_failure}
        )
    return json.dumps({"steps": encoded}, ensure_ascii=False)


def saved_steps(request_json: str) -> list[FlowStep] | None:
    """The steps of a saved flow, or None for a plain saved request."""
    stored = json.loads(request_json)
    if not isinstance(stored, dict):
        return None
    return [
        FlowStep(
            [ActionForm.from_action(ActionRequest.from_dict(a)) for a in step["actions"]],
            bool(step.get("stop_on_failure", True)),
        )
        for step in stored["steps"]
    ]


def saved_actions(request_json: str) -> list[ActionRequest]:
    """Every action a saved request or flow holds, the steps one after another."""
    stored = json.loads(request_json)
    items = (
        [a for s in stored["steps"] for a in s["actions"]] if isinstance(stored, dict) else stored
    )
    return [ActionRequest.from_dict(item) for item in items]


def step_count(request_json: str) -> int:
    """How many steps a saved flow has; 0 for a plain saved request."""
    stored = json.loads(request_json)
    return len(stored["steps"]) if isinstance(stored, dict) else 0
