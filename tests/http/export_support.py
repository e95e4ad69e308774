"""Running exported code: write it to a directory and run it the way an integrator would."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from playground.onoffice.codegen import language

SDK_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "onoffice-sdk" / "src"
RUN_TIMEOUT = 60
# What runs each language's file (`make php` and `make exports` install them).
RUNNERS = {
    "curl": ["bash"],
    "php": ["php"],
    "php-sdk": ["php"],
    "python": ["python3"],
    "node": ["node"],
}


@dataclass(frozen=True)
class Run:
    """One export run: its exit status, what it printed, and the code itself."""

    returncode: int
    stdout: str
    stderr: str
    code: str


def need_interpreters() -> None:
    """Skip (fail in CI) unless bash, php, python3, node, curl and openssl are installed."""
    tools = {"bash", "php", "python3", "node", "curl", "openssl"}
    missing = sorted(tool for tool in tools if shutil.which(tool) is None)
    if not missing:
        return
    message = f"missing {', '.join(missing)}; `make test` installs them"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def environment(**variables: str) -> dict[str, str]:
    """The environment an integrator sets; nothing of the test runner's own."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    return keep | variables


def _sdk_autoload(directory: Path) -> None:
    """A vendor/autoload.php as `composer require onoffice/sdk` would provide (PSR-4)."""
    (directory / "vendor").mkdir(exist_ok=True)
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


def run_code(directory: Path, key: str, code: str, env: dict[str, str]) -> Run:
    """Write one language's code into ``directory`` under its file name and run it."""
    lang = language(key)
    assert lang is not None
    path = directory / lang.filename
    path.write_text(code, encoding="utf-8")
    if key == "php-sdk":
        _sdk_autoload(directory)
    done = subprocess.run(
        [*RUNNERS[key], str(path)], capture_output=True, text=True, timeout=RUN_TIMEOUT,
        env=env, cwd=directory, check=False,
    )  # fmt: skip
    return Run(done.returncode, done.stdout, done.stderr, code)


def printed_results(key: str, run: Run) -> list[dict[str, Any]]:
    """The per-action results an export printed (the SDK export prints only its results)."""
    printed = json.loads(run.stdout)
    if key == "php-sdk":
        assert printed["errors"] == []
        results: list[dict[str, Any]] = printed["results"]
        return results
    assert printed["status"] == {"code": 200, "errorcode": 0, "message": "OK"}
    results = printed["response"]["results"]
    return results
