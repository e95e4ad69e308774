"""A saved request's run (a flow's too) as the JSON API answers it, written in pieces.

The answer can hold several large answers (every step's, and the last one twice), so it is
written in a worker thread in short pieces (see pieces.py) and returned as bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from anyio import to_thread
from fastapi.responses import Response

from playground.services import expectations
from playground.services.flows import StepOutcome
from playground.services.gateway import Runnable
from playground.services.send import Sent
from playground.web.api.answers import json_answer, parsed_of, send_pieces
from playground.web.api.models import ExpectationOut, FlowStepOut, RunOut
from playground.web.api.pieces import joined_list, model_json, model_pieces


@dataclass(frozen=True)
class RunDone:
    """What a run came to: the answer its expectations are checked against, and the steps."""

    job: Runnable
    last: Sent | None  # the last answer sent; None when no step was sent
    sent_ok: bool  # the send (every step of a flow) succeeded
    steps: Sequence[StepOutcome] = ()
    flow_run_id: int | None = None


async def run_answer(done: RunDone) -> Response:
    """The run as RunOut's JSON, checked and written in a worker thread."""
    return json_answer(await to_thread.run_sync(run_json, done))


def run_json(done: RunDone) -> bytes:
    """RunOut's JSON for the run, as FastAPI would write the model."""
    last = done.last
    parsed = parsed_of(last) if last is not None else None
    checked: list[expectations.Checked] = []
    if last is not None:
        checked = expectations.check(done.job.expected, parsed, ok=last.entry.ok)
    head = RunOut(
        saved_id=done.job.saved_id,
        name=done.job.name,
        passed=done.sent_ok and all(c.met for c in checked),
        answer=None,
        expectations=[
            ExpectationOut(expectation=c.expectation, met=c.met, detail=c.detail) for c in checked
        ],
        flow_run_id=done.flow_run_id,
    )
    # The last answer is written once: it is the run's answer and its own step's too.
    answer = b"null" if last is None else b"".join(send_pieces(last, parsed))
    steps = joined_list(_step_pieces(o, last, answer) for o in done.steps)
    return b"".join(model_pieces(head, {"answer": [answer], "steps": steps}))


def _step_pieces(outcome: StepOutcome, last: Sent | None, written: bytes) -> Iterator[bytes]:
    """One step's outcome as FlowStepOut's JSON (`written`: the last answer's)."""
    head = FlowStepOut(
        number=outcome.number,
        state=outcome.state,
        calls=outcome.calls,
        problem=outcome.problem,
        stopped=outcome.stopped,
    )
    if outcome.sent is None:
        return iter([model_json(head)])
    if outcome.sent is last:
        return model_pieces(head, {"answer": [written]})
    return model_pieces(head, {"answer": send_pieces(outcome.sent, parsed_of(outcome.sent))})
