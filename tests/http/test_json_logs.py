"""PLAYGROUND_LOG_FORMAT=json: a JSON line per request and per send, with the request id."""

from __future__ import annotations

import io
import json
import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from playground import logjson
from tests.client import TestClient
from tests.http.team_support import HX, READ_ESTATE, picker_ids, send_form
from tests.served import LOCAL_TLS

CANARY_TOKEN = "CanaryLogToken1234567890abcdef12"
CANARY_SECRET = "CanaryLogSecret" + "x" * 49


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """JSON logs; the sandbox accepts planted credentials that must never be logged."""
    return {"log_format": "json", "sandbox_token": CANARY_TOKEN, "sandbox_secret": CANARY_SECRET}


@pytest.fixture
def json_lines(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """What the JSON formatter writes, from every logger, for this test only."""
    monkeypatch.setattr(logjson, "configure", lambda *_: None)  # no global handler swap
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logjson.JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield buffer
    root.removeHandler(handler)
    root.setLevel(level)


def parsed(buffer: io.StringIO) -> list[dict[str, Any]]:
    """Every line written, as JSON (each line must be JSON)."""
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line]


def test_a_send_logs_its_request_line_and_its_send_event_under_one_id(
    json_lines: io.StringIO, admin_client: TestClient
) -> None:
    form = send_form(picker_ids(admin_client)[0], READ_ESTATE)
    answer = admin_client.post("/send", data=form, headers=HX)
    request_id = answer.headers["x-request-id"]
    lines = [line for line in parsed(json_lines) if line.get("request_id") == request_id]
    [request] = [line for line in lines if line["message"] == "request"]
    assert request["route"] == "/send" and request["method"] == "POST"
    assert request["status"] == 200 and request["duration_ms"] > 0
    assert isinstance(request["user_id"], int)
    [send] = [line for line in lines if line["message"] == "send"]
    assert send["endpoint"] == "sandbox" and send["outcome"] == "ok"
    assert send["verbs"] == ["read"] and send["resourcetypes"] == ["estate"]
    assert send["error_codes"] == [0] and send["user_id"] == request["user_id"]
    everything = json_lines.getvalue()
    assert CANARY_TOKEN not in everything and CANARY_SECRET not in everything


def free_port() -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(client: httpx.Client, server: subprocess.Popen[str]) -> None:
    """Poll /healthz until it answers (a minute at most, for a busy machine)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited during start-up"
        try:
            client.get("/healthz")
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise AssertionError("the server did not start within a minute")


def test_the_served_app_writes_json_and_keeps_a_trusted_proxys_request_id(tmp_path: Path) -> None:
    env = {**os.environ, "PLAYGROUND_DATA_DIR": str(tmp_path), "PLAYGROUND_LOG_FORMAT": "json"}
    port = free_port()
    command = [sys.executable, "-m", "playground.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(verify=LOCAL_TLS, base_url=f"http://127.0.0.1:{port}") as client:
            wait_until_up(client, server)
            # 127.0.0.1 is the default PLAYGROUND_FORWARDED_ALLOW_IPS: its id is kept.
            kept = client.get("/login", headers={"X-Request-ID": "lb-4711"})
            made = client.get("/login", headers={"X-Request-ID": "bad id with spaces"})
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert kept.headers["x-request-id"] == "lb-4711"
    assert made.headers["x-request-id"] != "bad id with spaces"
    lines = [json.loads(line) for line in errors.splitlines() if line.startswith("{")]
    assert len(lines) == len(errors.splitlines())  # uvicorn's own lines are JSON too
    [login] = [line for line in lines if line.get("request_id") == "lb-4711"]
    assert login["route"] == "/login" and login["status"] == kept.status_code
