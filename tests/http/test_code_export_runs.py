"""Every code export runs against a sandbox over real HTTP and prints the same records the
playground's own send gets: bash+curl+openssl, PHP (curl), PHP with the official SDK
(tests/vendor/onoffice-sdk), Python (standard library) and Node (fetch)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.catalogue import find_template
from playground.onoffice.codegen import CodeRequest, generate, language, languages
from playground.onoffice.envelope import HmacVersion, build_envelope, encode_body
from playground.sandbox import create_sandbox_app
from tests.served import served

TOKEN = "exporttoken-0123456789abcdef0123"
SECRET = "exportsecret/+äöü-0123456789abcdef0123456789abcdef0123456789abc"
SDK_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "onoffice-sdk" / "src"
RUN_TIMEOUT = 60
# What runs each language's file, and the Debian packages `make test` installs for it.
RUNNERS = {
    "curl": ["bash"],
    "php": ["php"],
    "php-sdk": ["php"],
    "python": ["python3"],
    "node": ["node"],
}
NEEDS = {"bash": "bash", "php": "php-cli php-curl", "python3": "python3", "node": "nodejs"}


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
    return (_munich("Objekte/München ä"), regions, _read_estate())


CASES: dict[str, tuple[tuple[ActionRequest, ...], HmacVersion]] = {
    "single-v2": ((_read_estate(),), 2),
    "single-v1": ((_read_estate(),), 1),
    "multi-v2": (_multi(), 2),
    "multi-v1": (_multi(), 1),
}


@dataclass(frozen=True)
class Run:
    """One export run: its exit status, what it printed, and the code itself."""

    returncode: int
    stdout: str
    stderr: str
    code: str


def _missing_tools() -> list[str]:
    """Interpreters the exports need that are not installed."""
    tools = {"bash", "php", "python3", "node", "curl", "openssl"}
    return sorted(tool for tool in tools if shutil.which(tool) is None)


def _sdk_autoload(directory: Path) -> None:
    """A vendor/autoload.php as `composer require onoffice/sdk` would provide (PSR-4)."""
    (directory / "vendor").mkdir()
    loader = f"""<?php
spl_autoload_register(static function (string $class): void {{
    $prefix = 'onOffice\\\\SDK\\\\';
    if (strncmp($class, $prefix, strlen($prefix)) === 0) {{
        $file = {json.dumps(str(SDK_SOURCE))} . '/'
            . str_replace('\\\\', '/', substr($class, strlen($prefix))) . '.php';
        if (is_file($file)) {{
            require $file;
        }}
    }}
}});
"""
    (directory / "vendor" / "autoload.php").write_text(loader)


def _run(directory: Path, key: str, request: CodeRequest, env: dict[str, str]) -> Run:
    """Write the export for one language into ``directory`` and run it."""
    lang = language(key)
    assert lang is not None
    code = generate(key, request)
    path = directory / lang.filename
    path.write_text(code, encoding="utf-8")
    if key == "php-sdk":
        _sdk_autoload(directory)
    done = subprocess.run(
        [*RUNNERS[key], str(path)], capture_output=True, text=True, timeout=RUN_TIMEOUT,
        env=env, cwd=directory, check=False,
    )  # fmt: skip
    return Run(done.returncode, done.stdout, done.stderr, code)


@pytest.fixture(scope="module")
def sandbox_url() -> Iterator[str]:
    """A sandbox of this module's own, with a secret that has a slash, a plus and umlauts."""
    with served(create_sandbox_app(token=TOKEN, secret=SECRET)) as base_url:
        yield base_url + "/api/stable/api.php"


def _environment(url: str, token: str = TOKEN) -> dict[str, str]:
    """The environment an integrator sets; nothing of the test runner's own."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return keep | {"ONOFFICE_TOKEN": token, "ONOFFICE_SECRET": SECRET, "ONOFFICE_URL": url}


@pytest.fixture(scope="module")
def runs(sandbox_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    """Every case in every language, run beside each other."""
    missing = _missing_tools()
    if missing:
        message = f"missing {', '.join(missing)}; `make test` installs them"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = _environment(sandbox_url)
    jobs = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        for case, (actions, version) in CASES.items():
            request = CodeRequest(actions, "https://api.onoffice.de/api/stable/api.php", version)
            for lang in languages():
                directory = tmp_path_factory.mktemp(f"{case}-{lang.key}")
                jobs[(case, lang.key)] = pool.submit(_run, directory, lang.key, request, env)
    return {key: job.result() for key, job in jobs.items()}


def _reference(url: str, actions: tuple[ActionRequest, ...], version: HmacVersion) -> list[Any]:
    """The results the playground's own signing gets for the same actions."""
    envelope = build_envelope(
        actions, token=TOKEN, secret=SECRET, timestamp=int(time.time()), hmac_version=version
    )
    answer = httpx.post(url, content=encode_body(envelope), timeout=30).json()
    results: list[Any] = answer["response"]["results"]
    return results


def _printed_results(key: str, run: Run) -> list[Any]:
    """The per-action results an export printed (the SDK prints only its results)."""
    printed = json.loads(run.stdout)
    if key == "php-sdk":
        assert printed["errors"] == []
        results: list[Any] = printed["results"]
        return results
    assert printed["status"] == {"code": 200, "errorcode": 0, "message": "OK"}
    results = printed["response"]["results"]
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
    printed = _printed_results(key, run)
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
    if _missing_tools():
        pytest.skip("interpreters missing")
    request = CodeRequest((_read_estate(),), sandbox_url, 2)
    run = _run(tmp_path, key, request, _environment(sandbox_url, token="x" * 32))
    assert run.returncode != 0, run.stdout


def test_shell_export_checks_the_answer_without_jq(sandbox_url: str, tmp_path: Path) -> None:
    """Where jq is not installed, the shell export still prints and judges the answer."""
    if _missing_tools():
        pytest.skip("interpreters missing")
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("bash", "curl", "openssl", "date", "cut", "grep"):
        found = shutil.which(tool)
        assert found is not None
        (tools / tool).symlink_to(found)
    request = CodeRequest((_read_estate(),), sandbox_url, 2)
    good = _environment(sandbox_url) | {"PATH": str(tools)}
    run = _run(tmp_path, "curl", request, good)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["response"]["results"][0]["data"]["records"]
    bad = good | {"ONOFFICE_TOKEN": "x" * 32}
    assert _run(tmp_path, "curl", request, bad).returncode != 0
