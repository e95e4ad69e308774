"""Running a flow: its steps one after another, each one signed request.

A run is recorded first (its steps as written); then each step is claimed, its
placeholders filled in just before it leaves (variables, and `{{steps.N.…}}` from the
answers of the steps before it, read back from their history entries), sent through
services/send.py like any send (history, audit, gates) and noted in the run. The browser
runs one step per request and shows each answer as it arrives; the JSON API runs them all.

A step fails when its send fails or any action reports an error; a failing step with
"stop on failure" ends the run, and a reference that leads nowhere always does, before
anything of that step is sent. Outcomes are values (:class:`StepOutcome`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from sqlalchemy.engine import Engine
from sqlmodel import Session

from playground.i18n import gettext as _
from playground.onoffice.actions import ActionRequest
from playground.onoffice.answer_json import load_answer
from playground.services import (
    compose,
    flow_start,
    placeholders,
    send,
    step_refs,
    tokens,
    variables,
)
from playground.services.errors import InvalidInput, NotFound
from playground.services.flow_steps import FlowStep, from_runnable_json
from playground.services.gate import Busy
from playground.services.send import ConfirmationRequired, Sending, Sent
from playground.services.step_refs import StepReferenceError
from playground.store import flow_runs as store
from playground.store.db import in_session
from playground.store.models import FlowRun, HistoryEntry, User
from playground.store.secretbox import SecretBox

State = Literal["ok", "failed", "not_run"]


@dataclass(frozen=True)
class StepOutcome:
    """What became of one step: sent (ok or failed), failed before sending, or not run."""

    number: int
    state: State
    calls: str
    sent: Sent | None = None
    problem: str = ""
    stopped: bool = False  # this step ended the run


@dataclass(frozen=True)
class _Job:
    """A claimed step, ready to send (or the reason it cannot be)."""

    run: FlowRun
    number: int
    step: FlowStep
    actions: list[ActionRequest]
    written_json: str | None
    problem: str = ""


def get_run(session: Session, *, user: User, run_id: int) -> FlowRun:
    """One of the user's runs, or NotFound."""
    assert user.id is not None
    run = store.get_run(session, user_id=user.id, run_id=run_id)
    if run is None:
        raise NotFound
    return run


def steps_of(run: FlowRun) -> list[FlowStep]:
    """The steps a run was started with."""
    return from_runnable_json(run.steps_json)


def _answer(entry: HistoryEntry) -> Any | None:
    """A step's stored answer decoded, or None when none (or only a cut one) was kept."""
    if not entry.response_body or entry.response_truncated:
        return None
    try:
        return load_answer(entry.response_body)
    except ValueError:
        return None


def _answers(session: Session, run: FlowRun, before: int) -> list[Any | None]:
    """The decoded answers of the steps before `before`, by step (None: none to read)."""
    assert run.id is not None
    found = store.step_entries(session, user_id=run.user_id, run_id=run.id)
    by_step = {entry.flow_step: _answer(entry) for entry in found}
    return [by_step.get(number) for number in range(1, before)]


def _refused(session: Session, *, user: User, token_id: int | None) -> str | None:
    """Why the run may not go on: its token stopped working or its account was disabled
    since it started (a whole run is one request, checked at its start only)."""
    if token_id is not None and (problem := tokens.refusal_now(session, token_id=token_id)):
        return problem
    current = session.get(User, user.id)
    if current is None or not current.is_active:
        return _("Your account was disabled: the flow stopped.")
    return None


def _prepare(
    session: Session, *, user: User, run_id: int, box: SecretBox, token_id: int | None
) -> _Job | None:
    """Claim the run's next step and fill in its placeholders; None when nothing is due."""
    assert user.id is not None
    run = store.claim(session, user_id=user.id, run_id=run_id)
    if run is None:
        return None
    number = run.done_steps + 1
    step = steps_of(run)[number - 1]
    if refused := _refused(session, user=user, token_id=token_id):
        return _Job(run, number, step, [], None, refused)
    if run.profile_id is None:  # deleted since the run started
        return _Job(run, number, step, [], None, _("The flow's profile is not available to you."))
    try:
        texts = [t for f in step.forms for t in (f.resourceid, f.identifier, f.parameters)]
        names = [n for text in texts for n in placeholders.names_in(text)]
        found = step_refs.resolve_all(names, _answers(session, run, number))
        applied = variables.apply(
            session, user=user, profile_id=run.profile_id, forms=step.forms, box=box, steps=found
        )
        actions = compose.parse_forms(applied.forms)
    except StepReferenceError as exc:
        return _Job(run, number, step, [], None, str(exc))
    except InvalidInput as exc:
        return _Job(run, number, step, [], None, " ".join(sorted(set(exc.errors.values()))))
    except NotFound:
        return _Job(run, number, step, [], None, _("The flow's profile is not available to you."))
    return _Job(run, number, step, actions, applied.written_json)


def _end(session: Session, *, job: _Job, ok: bool, problem: str | None) -> FlowRun | None:
    """Note the step in the run: the next one is due, or the run has ended (None: gone)."""
    assert job.run.id is not None
    stops = not ok and (job.step.stop_on_failure or problem is not None)
    state = "stopped" if stops else "finished" if job.number >= job.run.step_count else "running"
    return store.end_step(
        session, run_id=job.run.id, done_steps=job.number, state=state, problem=problem
    )


async def _send(engine: Engine, user: User, job: _Job, how: Sending) -> Sent | str:
    """Send the step's actions and keep its request as written; a refusal as its message."""
    assert job.run.id is not None and job.run.profile_id is not None
    try:
        sent = await send.send(
            engine, user=user, profile_id=job.run.profile_id, actions=job.actions,
            settings=how.settings, box=how.box, upstream=how.upstream,
            confirmed=job.run.confirmed, address=how.address,
            flow_step=(job.run.id, job.number), token_id=how.token_id,
        )  # fmt: skip
    except ConfirmationRequired as exc:
        message = _("The profile “%(name)s” asks for confirmation: confirm and run again.")
        return message % {"name": exc.profile_name}
    except InvalidInput as exc:
        return " ".join(sorted(set(exc.errors.values())))
    except NotFound:
        return _("The flow's profile is not available to you.")
    except Busy as exc:
        return str(exc)
    if job.written_json is not None and sent.entry.id is not None:
        keep = partial(variables.remember_written, written_json=job.written_json)
        await in_session(engine, partial(keep, entry_id=sent.entry.id))
    return sent


async def run_next(engine: Engine, *, user: User, run_id: int, how: Sending) -> StepOutcome | None:
    """Run the run's next step; None when the run has ended or another request runs it."""
    prepare = partial(_prepare, user=user, run_id=run_id, box=how.box, token_id=how.token_id)
    job = await in_session(engine, prepare)
    if job is None:
        return None
    calls = job.step.calls()
    try:
        result: Sent | str = job.problem or await _send(engine, user, job, how)
    except Exception:  # e.g. a sent write whose answer could not be recorded: never again
        broke = _("The step broke off; check the CRM before running the flow again.")
        await in_session(engine, partial(_end, job=job, ok=False, problem=broke))
        raise
    problem = result if isinstance(result, str) else None
    ok = problem is None and isinstance(result, Sent) and result.entry.ok
    run = await in_session(engine, partial(_end, job=job, ok=ok, problem=problem))
    sent = result if isinstance(result, Sent) else None
    state: State = "ok" if ok else "failed"
    stopped = run is None or run.state == "stopped"
    return StepOutcome(job.number, state, calls, sent, problem or "", stopped)


async def run_all(engine: Engine, *, user: User, run_id: int, how: Sending) -> list[StepOutcome]:
    """Run every remaining step in order; the steps after a stop as "not run"."""
    outcomes: list[StepOutcome] = []
    while (outcome := await run_next(engine, user=user, run_id=run_id, how=how)) is not None:
        outcomes.append(outcome)
    run = await in_session(engine, partial(get_run, user=user, run_id=run_id))
    return outcomes + not_run(run)


def not_run(run: FlowRun) -> list[StepOutcome]:
    """The steps of an ended run that never ran."""
    if run.state == "running":
        return []
    later = steps_of(run)[run.done_steps :]
    return [StepOutcome(run.done_steps + i, "not_run", s.calls()) for i, s in enumerate(later, 1)]


@dataclass(frozen=True)
class RunSummary:
    """A run with what each step does and the history entries of the steps that were sent."""

    run: FlowRun
    calls: list[str]
    entries: list[HistoryEntry]


def summary(session: Session, *, user: User, run_id: int) -> RunSummary | None:
    """One of the user's runs with its steps' entries; None when it is gone."""
    assert user.id is not None
    run = store.get_run(session, user_id=user.id, run_id=run_id)
    if run is None:
        return None
    entries = store.step_entries(session, user_id=user.id, run_id=run_id)
    return RunSummary(run, [s.calls() for s in steps_of(run)], entries)


async def run_whole(
    engine: Engine,
    *,
    user: User,
    profile_id: int | None,
    steps: Sequence[FlowStep],
    how: Sending,
    name: str = "",
    saved_id: int | None = None,
    confirmed: bool = False,
) -> tuple[int, list[StepOutcome]]:
    """Record a run and run every step (a script's or a check's way); the run id too."""
    begin = partial(
        flow_start.start, user=user, profile_id=profile_id, steps=steps, name=name,
        saved_id=saved_id, confirmed=confirmed,
        keep_per_user=how.settings.history_max_per_user,
    )  # fmt: skip
    run = await in_session(engine, begin)
    assert run.id is not None
    return run.id, await run_all(engine, user=user, run_id=run.id, how=how)
