"""Helpers of the flow tests: the flow panel's fields, and a run driven as the page drives it."""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from tests.client import TestClient
from tests.http.team_support import HX, send_form

BUYER = "urn:onoffice-de-ns:smart:2.5:relationTypes:estate:address:buyer"
PICTURE = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3  # split in two blocks below
RUN_ID = re.compile(r'data-testid="flow-run" data-run-id="(\d+)"')
STEP = re.compile(r'data-testid="flow-step" data-step="(\d+)" data-state="(\w+)"')


def action(
    verb: str, resourcetype: str, parameters: dict[str, Any], resourceid: str = ""
) -> dict[str, str]:
    """One action as the composer holds it (placeholders stay inside JSON strings)."""
    return {
        "verb": verb,
        "resourcetype": resourcetype,
        "resourceid": resourceid,
        "parameters": json.dumps(parameters),
    }


def flow_form(
    profile_id: int, *steps: list[dict[str, str]], stops: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The composer's and the flow panel's fields: each step's forms in a hidden field."""
    keys = ("verb", "resourcetype", "resourceid", "identifier", "parameters")
    fields = [json.dumps([{k: a.get(k, "") for k in keys} for a in step]) for step in steps]
    stop = list(stops) or ["1"] * len(steps)
    return send_form(profile_id, steps[0][0]) | {"flow_step": fields, "flow_stop": stop}


def upload_steps(estate_id: int) -> list[list[dict[str, str]]]:
    """Upload a picture in two blocks, attach it to an estate, read it back."""
    half = len(PICTURE) // 2
    first, second = (base64.b64encode(p).decode() for p in (PICTURE[:half], PICTURE[half:]))
    attach = {"tmpUploadId": "{{steps.2.tmpUploadId}}", "module": "estate", "file": "plan.png",
              "relatedRecordId": str(estate_id), "title": "Grundriss"}  # fmt: skip
    read_back = {"estateid": estate_id, "fileid": "{{steps.3.fileId}}"}
    return [
        [action("do", "uploadfile", {"data": first})],
        [action("do", "uploadfile", {"data": second, "tmpUploadId": "{{steps.1.tmpUploadId}}"})],
        [action("do", "uploadfile", attach)],
        [action("get", "file", read_back, resourceid="estate")],
    ]


def run_in_page(client: TestClient, form: dict[str, Any]) -> tuple[int, list[str]]:
    """Start a run as the flow panel does, then ask for each step as the run list does.

    The run id and every piece of the run list, in the order they arrived.
    """
    started = client.post("/flows/run", data=form, headers=HX)
    assert started.status_code == 200, started.text
    found = RUN_ID.search(started.text)
    assert found, started.text
    run_id, pieces = int(found.group(1)), [started.text]
    while 'data-testid="flow-step-pending"' in pieces[-1]:
        answer = client.post("/flows/next", data={"run_id": str(run_id)}, headers=HX)
        assert answer.status_code == 200, answer.text
        pieces.append(answer.text)
        assert len(pieces) < 30
    return run_id, pieces


def step_states(pieces: list[str]) -> list[tuple[int, str]]:
    """(step, state) of every step shown, in order."""
    return [(int(n), state) for piece in pieces for n, state in STEP.findall(piece)]
