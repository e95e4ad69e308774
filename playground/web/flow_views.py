"""What the flow panel and a run show: steps as the composer holds them, steps as they ran."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playground.services.flow_steps import FlowStep, forms_text
from playground.services.flows import StepOutcome
from playground.services.placeholders import names_in
from playground.services.step_refs import is_step_reference, readable
from playground.store.models import HistoryEntry
from playground.web.views import ResponseView, response_view

SHOWN_ANSWER_CHARS = 20_000  # a step's answer in the run list; the entry's page has it all


@dataclass(frozen=True)
class PanelStep:
    """One step in the composer's flow panel, with the hidden field that carries it."""

    number: int
    calls: str
    field: str
    stop_on_failure: bool
    refs: tuple[str, ...]


@dataclass(frozen=True)
class StepView:
    """One step of a run as the run list shows it."""

    number: int
    state: str
    calls: str
    problem: str
    stopped: bool
    result: ResponseView | None
    answer: str
    answer_cut: bool
    readable: tuple[tuple[str, str], ...] = ()  # what later steps can read, with its value


def panel_steps(steps: Sequence[FlowStep]) -> list[PanelStep]:
    """The composer's steps, each with its forms as hidden-field JSON and its references."""
    views = []
    for number, step in enumerate(steps, start=1):
        texts = [t for f in step.forms for t in (f.resourceid, f.identifier, f.parameters)]
        names = (n for t in texts for n in names_in(t) if is_step_reference(n))
        refs = tuple(dict.fromkeys("{{" + n + "}}" for n in names))
        field = forms_text(step.forms)
        views.append(PanelStep(number, step.calls(), field, step.stop_on_failure, refs))
    return views


def step_view(outcome: StepOutcome) -> StepView:
    """A step's outcome with its answer (cut for the list)."""
    result, found = None, []
    if outcome.sent is not None:
        result = response_view(outcome.sent.entry, outcome.sent.payload)
        found = readable(outcome.number, outcome.sent.payload)
    raw = result.raw_json if result else ""
    return StepView(
        number=outcome.number,
        state=outcome.state,
        calls=outcome.calls,
        problem=outcome.problem,
        stopped=outcome.stopped,
        result=result,
        answer=raw[:SHOWN_ANSWER_CHARS],
        answer_cut=len(raw) > SHOWN_ANSWER_CHARS,
        readable=tuple(("{{" + ref + "}}", text[:80]) for ref, text in found),
    )


@dataclass(frozen=True)
class RunStepLink:
    """A step of a run on a history entry's page: its entry, if it was sent."""

    number: int
    calls: str
    entry_id: int | None
    ok: bool
    current: bool


def run_links(
    calls: Sequence[str], entries: Sequence[HistoryEntry], current: int
) -> list[RunStepLink]:
    """Every step of a run, linked to its history entry where it has one."""
    by_step = {e.flow_step: e for e in entries}
    links = []
    for number, text in enumerate(calls, start=1):
        entry = by_step.get(number)
        links.append(
            RunStepLink(
                number,
                text,
                entry.id if entry else None,
                bool(entry and entry.ok),
                entry is not None and entry.id == current,
            )
        )
    return links
