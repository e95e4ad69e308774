"""Every code export runs against a sandbox over real HTTP and prints the same records the
playground's own send gets: bash+curl+openssl, PHP (curl), PHP with the official SDK
(tests/vendor/onoffice-sdk), Python (standard library) and Node (fetch)."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue import find_template
from playground.onoffice.codegen import (
    CodeRequest,
    generate,
    language,
    languages,
    unsigned_action,
)
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.sandbox import create_sandbox_app
from tests.http.export_support import (
    MARKER,
    ODD,
    PLACEHOLDERS,
    RUNNERS,
    Recorder,
    Run,
    environment,
    hostile_actions,
    need_interpreters,
    printed_results,
    run_code,
)
from tests.served import LOCAL_TLS, served

TOKEN = "exporttoken-0123456789abcdef0123"
SECRET = "exportsecret/+äöü-0123456789abcdef0123456789abcdef0123456789abc"


def _read_estate() -> ActionRequest:
    """The composer's default request: the read-estate template."""
    template = find_template("read-estate")
    assert template is not None
    return template.to_action()


def _munich(identifier: str) -> ActionRequest:
    """Estates in München, with a slash and umlauts in the identifier (signed by v1)."""
    munich = {"ort": [{"op": "=", "val": "München"}]}
    parameters = {"data": ["Id", "ort", "objekttitel"], "filter": munich, "listlimit": 5}
    return ActionRequest(Verb.READ, "estate", "", identifier, parameters)


def _multi() -> tuple[ActionRequest, ...]:
    """Three actions in one request: umlauts, slashes and an empty parameter object."""
    regions = ActionRequest(Verb.GET, "regions", "", "", {"language": "DEU"})
    everything = ActionRequest(Verb.READ, "estate", "", "", {})
    return (_munich("Objekte/München ä"), regions, everything)


CASES: dict[str, tuple[tuple[ActionRequest, ...], HmacVersion]] = {
    "single-v2": ((_read_estate(),), 2),
    "single-v1": ((_read_estate(),), 1),
    "multi-v2": (_multi(), 2),
    "multi-v1": (_multi(), 1),
}


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """A sandbox of this module's own, with a secret that has a slash, a plus and umlauts."""
    with served(create_sandbox_app(token=TOKEN, secret=SECRET)) as base_url:
        yield base_url + "/api/stable/api.php"


def _environment(url: str, token: str = TOKEN) -> dict[str, str]:
    """The credentials and endpoint of this module's sandbox."""
    return environment(ONOFFICE_TOKEN=token, ONOFFICE_SECRET=SECRET, ONOFFICE_URL=url)


@pytest.fixture(scope="module")
def runs(sandbox_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    """Every case in every language, run beside each other."""
    need_interpreters()
    env = _environment(sandbox_url)
    jobs = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for case, (actions, version) in CASES.items():
            request = CodeRequest(actions, "https://api.onoffice.de/api/stable/api.php", version)
            for lang in languages():
                directory = tmp_path_factory.mktemp(f"{case}-{lang.key}")
                code = generate(lang.key, request)
                jobs[(case, lang.key)] = pool.submit(run_code, directory, lang.key, code, env)
    return {key: job.result() for key, job in jobs.items()}


def _reference(url: str, actions: tuple[ActionRequest, ...], version: HmacVersion) -> list[Any]:
    """The results the playground's own signing gets for the same actions."""
    envelope = build_envelope(
        actions, token=TOKEN, secret=SECRET, timestamp=int(time.time()), hmac_version=version
    )
    answer = httpx.post(url, content=encode_body(envelope), timeout=30, verify=LOCAL_TLS).json()
    results: list[Any] = answer["response"]["results"]
    return results


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("key", sorted(RUNNERS))
def test_export_prints_the_same_records_as_the_playground(
    runs: dict[tuple[str, str], Run], sandbox_url: str, case: str, key: str
) -> None:
    """Exit 0 and, per action, the records and status the playground's own send gets."""
    run = runs[(case, key)]
    assert run.returncode == 0, f"{key} exited {run.returncode}:\n{run.stdout}\n{run.stderr}"
    actions, version = CASES[case]
    expected = _reference(sandbox_url, actions, version)
    printed = printed_results(key, run)
    assert len(printed) == len(actions)
    for got, want in zip(printed, expected, strict=True):
        assert got["status"]["errorcode"] == 0
        assert got["data"]["records"] == want["data"]["records"]
        assert got["data"]["records"], "every case's actions find records"
        assert got["identifier"] == want["identifier"]


def test_exports_hold_no_credential(runs: dict[tuple[str, str], Run]) -> None:
    """The code that ran holds neither token nor secret (it read them from the environment)."""
    for run in runs.values():
        assert TOKEN not in run.code
        assert SECRET not in run.code
        assert "ONOFFICE_SECRET" in run.code


@pytest.mark.parametrize("key", sorted(RUNNERS))
def test_export_exits_non_zero_with_a_wrong_token(
    sandbox_url: str, tmp_path: Path, key: str
) -> None:
    """A token the API refuses ends in a non-zero exit, not in a quiet success."""
    need_interpreters()
    request = CodeRequest((_read_estate(),), sandbox_url, 2)
    env = _environment(sandbox_url, token="x" * 32)
    run = run_code(tmp_path, key, generate(key, request), env)
    assert run.returncode != 0, run.stdout


def test_shell_export_checks_the_answer_without_jq(sandbox_url: str, tmp_path: Path) -> None:
    """Where jq is not installed, the shell export still prints and judges the answer."""
    need_interpreters()
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "curl", "openssl", "date", "cut", "grep"):
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)
    request = CodeRequest((_read_estate(),), sandbox_url, 2)
    good = _environment(sandbox_url) | {"PATH": str(tools)}
    code = generate("curl", request)
    run = run_code(tmp_path, "curl", code, good)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["response"]["results"][0]["data"]["records"]
    bad = good | {"ONOFFICE_TOKEN": "x" * 32}
    assert run_code(tmp_path, "curl", code, bad).returncode != 0


def _canonical(value: object) -> str:
    """JSON that tells 1 from 1.0 and true, and ignores the order of object members."""
    return json.dumps(value, sort_keys=True)


def test_a_hostile_request_runs_exactly_as_shown(tmp_path: Path) -> None:
    """Odd text anywhere in a request: each export runs, sends exactly the request shown,
    signed so that the sandbox accepts it (HMAC v1, which covers the most), and runs nothing
    else. The name holds every template's placeholders."""
    need_interpreters()
    actions = hostile_actions()
    shown = [unsigned_action(action) for action in actions]
    recorder = Recorder(create_sandbox_app(token=TOKEN, secret=SECRET))
    with served(recorder) as base_url, ThreadPoolExecutor(max_workers=5) as pool:
        jobs = {}
        for lang in languages():
            url = f"{base_url}/{lang.key}/api/stable/api.php"
            code = generate(lang.key, CodeRequest(actions, url, 1, PLACEHOLDERS + " " + ODD))
            (tmp_path / lang.key).mkdir()
            env = _environment(url)
            jobs[lang.key] = pool.submit(run_code, tmp_path / lang.key, lang.key, code, env)
        runs = {key: job.result() for key, job in jobs.items()}
    for key, run in runs.items():
        # Action 2 fails (25) by design, so each export ends in its own "failed" message.
        assert run.returncode == 1, f"{key}:\n{run.stdout}\n{run.stderr}"
        assert run.stderr.startswith("The request failed"), f"{key}: {run.stderr}"
        exported = language(key)
        assert exported is not None
        files = {path.name for path in (tmp_path / key).iterdir()}
        assert MARKER not in files and files <= {"vendor", exported.filename}, key
        ((body, answer),) = recorder.exchanges[key]
        sent = json.loads(body)["request"]["actions"]
        signed = {"timestamp", "hmac"} | ({"hmac_version"} if key == "php-sdk" else set())
        for got, want in zip(sent, shown, strict=True):
            assert set(got) - set(want) == signed, key
            assert _canonical({k: got[k] for k in want}) == _canonical(want), key
        results = json.loads(answer)["response"]["results"]
        assert [r["status"]["errorcode"] for r in results] == [0, 25], f"{key}: {results}"
        assert results[0]["data"]["records"], key


def test_whole_number_floats_are_signed_as_they_are_sent(sandbox_url: str, tmp_path: Path) -> None:
    """v1 over 250000.0 and -0.0: each export signs the text it sends (PHP sent 250000.0
    but signed 250000, a 137), so the sandbox accepts it as the playground's own send."""
    need_interpreters()
    parameters = {"data": ["Id"], "listlimit": 1, "kaufpreis": 250000.0, "x": [-0.0]}
    action = ActionRequest(Verb.READ, "estate", "", "", parameters)
    request = CodeRequest((action,), sandbox_url, 1)
    env = _environment(sandbox_url)
    for key in RUNNERS:
        (tmp_path / key).mkdir()
    with ThreadPoolExecutor(max_workers=5) as pool:
        jobs = {
            key: pool.submit(run_code, tmp_path / key, key, generate(key, request), env)
            for key in sorted(RUNNERS)
        }
    for key, job in jobs.items():
        run = job.result()
        assert run.returncode == 0, f"{key}:\n{run.stdout}\n{run.stderr}"
        assert [r["status"]["errorcode"] for r in printed_results(key, run)] == [0], key
