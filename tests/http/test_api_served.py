"""The JSON API over real HTTP: a token from the shell, curl-like sends, the OpenAPI document
(validated, then exercised by schemathesis for a bounded run) and `playground run` for CI.
"""

from __future__ import annotations

import json
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session

from playground.cli import main
from playground.onoffice.actions import ActionRequest
from playground.services import accounts, profiles, saved, users
from playground.services.compose import ActionForm
from playground.services.expectations import Expectations
from playground.services.flow_steps import FlowStep, saved_json
from playground.settings import Settings
from playground.web.state import ensure_sandbox_profile
from tests.conftest import PASSWORD
from tests.http.token_support import CREATE_ESTATE, READ_ESTATES, bearer, make_token, send_body
from tests.served import LOCAL_TLS, served

EXAMPLES_PER_OPERATION = 2


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Enough requests a minute for the bounded schemathesis run."""
    return {"api_requests_per_minute": 10_000}


@dataclass(frozen=True)
class Live:
    """A playground served by uvicorn, with ada (an admin) and her Sandbox profile."""

    url: str
    app: FastAPI
    settings: Settings


@pytest.fixture
def live(app: FastAPI, settings: Settings) -> Iterator[Live]:
    """The app on a free port, with its lifespan."""
    state = app.state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        ada = accounts.create_user(db, username="ada", password=PASSWORD, is_admin=True)
        ensure_sandbox_profile(state, db, ada)
    with served(app, lifespan="on") as url:
        yield Live(url, app, settings)


@pytest.fixture
def shell_env(live: Live, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell reads the served playground's data directory and database."""
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(live.settings.data_dir))
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", live.settings.effective_database_url)


def _shell_token(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Create a token with `playground tokens create` and take it from what it printed."""
    assert main(["tokens", "create", "ada", *arguments]) == 0
    return capsys.readouterr().out.splitlines()[-1]


def _curl(url: str, token: str, body: dict[str, Any]) -> tuple[int, str, dict[str, Any]]:
    """POST with curl as the README shows it (`-d` and no content type): status, type, body."""
    answer = subprocess.run(
        ["curl", "-sS", "-H", f"Authorization: Bearer {token}", "-d", json.dumps(body),
         "-w", "\\n%{http_code} %{content_type}", url + "/api/v1/send"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    text, _, trailer = answer.stdout.rpartition("\n")
    status, _, content_type = trailer.partition(" ")
    return int(status), content_type, json.loads(text)


def test_a_shell_token_reads_estates_with_curl_and_a_read_only_one_may_not_create(
    live: Live, shell_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    reader = _shell_token(capsys, "--name", "curl", "--read-only")
    writer = _shell_token(capsys, "--name", "n8n", "--profile", "Sandbox")
    status, content_type, body = _curl(live.url, reader, send_body("Sandbox", READ_ESTATES))
    assert status == 200 and content_type == "application/json"
    [action] = body["actions"]
    assert len(action["records"]) == 3 and action["records"][0]["type"] == "estate"
    status, content_type, body = _curl(live.url, reader, send_body("Sandbox", CREATE_ESTATE))
    assert status == 403 and content_type == "application/problem+json"
    assert body["title"] == "Beyond the token's scope"
    status, _, body = _curl(live.url, writer, send_body("Sandbox", CREATE_ESTATE))
    assert status == 200 and body["ok"]
    assert body["actions"][0]["records"][0]["id"]  # the new estate's id
    with httpx.Client(verify=LOCAL_TLS, base_url=live.url) as http:
        document = http.get("/api/v1/openapi.json").json()
        page = http.get("/api/reference", follow_redirects=False)
        assert page.status_code == 303  # the reference page is for logged-in users
    from openapi_spec_validator import validate

    validate(document)  # raises when the document is not valid OpenAPI
    assert document["servers"] == [{"url": "/api/v1"}]
    assert {"/send", "/history", "/history/{entry_id}", "/saved", "/saved/{saved_id}/run",
            "/profiles", "/fields"} == set(document["paths"])  # fmt: skip
    schemas = document["components"]["schemas"]
    assert {"SendIn", "SendOut", "Problem", "RunOut", "ProfileOut"} <= set(schemas)
    assert "token" not in schemas["ProfileOut"]["properties"]


def test_a_bounded_schemathesis_run_finds_no_server_error(live: Live) -> None:
    # Imported here: loading schemathesis takes seconds that collecting the suite need not pay.
    import schemathesis
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hypothesis_settings
    from hypothesis import strategies as st

    token = make_token(live.app, "ada", read_only=False)
    document = httpx.get(live.url + "/api/v1/openapi.json", verify=LOCAL_TLS).json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [schema[path][method.upper()] for path, item in document["paths"].items()
                  for method in item]  # fmt: skip
    seen: list[int] = []

    @hypothesis_settings(
        max_examples=EXAMPLES_PER_OPERATION * len(operations),
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=st.one_of(*[op.as_strategy() for op in operations]))
    def no_server_error(case: schemathesis.Case[Any]) -> None:
        answer = case.call(base_url=live.url + "/api/v1", headers=bearer(token))
        seen.append(answer.status_code)
        assert answer.status_code < 500, (case.method, case.formatted_path, answer.text[:300])

    no_server_error()
    assert len(seen) >= len(operations)
    assert any(code < 300 for code in seen) and any(400 <= code < 500 for code in seen)


def _saved(live: Live, name: str, expected: Expectations) -> int:
    """A team saved request of ada's reading estates, with expectations."""
    state = live.app.state.playground
    with Session(state.engine, expire_on_commit=False) as db:
        ada = users.find(db, username="ada")
        [profile] = profiles.list_usable_views(db, user=ada)
        view = saved.create(
            db, user=ada, name=name, team=True, profile_id=profile.id,
            actions=[ActionRequest.from_dict(READ_ESTATES)],
        )  # fmt: skip
        saved.set_expectations(db, user=ada, saved_id=view.id, expected=expected)
    return view.id


def test_the_runner_passes_fails_and_writes_junit(
    live: Live, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _saved(live, "Estates answer", Expectations(ok=True, min_records=3, field="kaufpreis"))
    bad = _saved(live, "Too many wanted", Expectations(ok=True, min_records=500))
    token = make_token(live.app, "ada")
    base = ["run", "--url", live.url, "--token", token]

    assert main([*base, str(good)]) == 0
    printed = capsys.readouterr().out
    assert "PASS" in printed and "Estates answer" in printed and "1 passed, 0 failed" in printed

    report = tmp_path / "junit.xml"
    assert main([*base, "--all-team", "--junit", str(report)]) == 1
    printed = capsys.readouterr().out
    assert "FAIL" in printed and "expected at least 500 record(s): 3 record(s) came back" in printed
    suite = ET.fromstring(report.read_bytes())  # noqa: S314 (our own file)
    assert suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert cases[f"Estates answer (#{good})"].find("failure") is None
    failure = cases[f"Too many wanted (#{bad})"].find("failure")
    assert failure is not None and "500" in (failure.get("message") or "")

    assert main([*base, "No such request"]) == 2
    assert "No saved request 'No such request'" in capsys.readouterr().out
    assert main(["run", "--url", live.url, "--token", "pgt_wrong", "--all-team"]) == 2
    assert "HTTP 401" in capsys.readouterr().out


def test_the_runner_runs_a_saved_flow_and_names_the_step_that_stopped_it(
    live: Live, capsys: pytest.CaptureFixture[str]
) -> None:
    read = ActionForm.from_action(ActionRequest.from_dict(READ_ESTATES))
    wrong = ActionForm(verb="read", resourcetype="estate", parameters='{"data": ["no_such_field"]}')
    steps = [FlowStep([read]), FlowStep([wrong]), FlowStep([read])]
    with Session(live.app.state.playground.engine, expire_on_commit=False) as db:
        ada = users.find(db, username="ada")
        [profile] = profiles.list_usable_views(db, user=ada)
        view = saved.create(
            db, user=ada, name="Three steps", team=False, profile_id=profile.id, actions=[],
            flow_json=saved_json(steps),
        )  # fmt: skip
    token = make_token(live.app, "ada")
    assert main(["run", "--url", live.url, "--token", token, str(view.id)]) == 1
    printed = capsys.readouterr().out
    assert "flow: 1/3 steps ok" in printed
    assert "- step 2: action 0: error" in printed
    assert "- step 3: not run" in printed
