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
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from playground.onoffice.actions import ActionRequest, Verb
from playground.onoffice.codegen import language
from playground.sizes import read_within

SDK_SOURCE = Path(__file__).resolve().parents[1] / "vendor" / "onoffice-sdk" / "src"
RUN_TIMEOUT = 60
# What the recorder keeps of a request body at most: an export's request is far smaller.
MAX_RECORDED = 10_000_000
# What runs each language's file (`make php` and `make exports` install them).
RUNNERS = {
    "curl": ["bash"],
    "php": ["php"],
    "php-sdk": ["php"],
    "python": ["python3"],
    "node": ["node"],
}


# What an injection into the code would create in the directory the export runs in.
MARKER = "INJECTED"
# Text that ends a string literal, comment or docstring in one of the languages and runs
# the rest: each would create MARKER.
BREAKOUTS = [
    f"$(touch {MARKER})",
    f"`touch {MARKER}`",
    f"'; touch {MARKER}; '",
    f'"; touch {MARKER}; "',
    f"'.system('touch {MARKER}').'",
    f"{{${{system('touch {MARKER}')}}}}",
    f"?><?php system('touch {MARKER}'); ?>",
    f"*/ system('touch {MARKER}'); /*",
    f"'+str(__import__('os').system('touch {MARKER}'))+'",
    f'"""+str(__import__("os").system("touch {MARKER}"))+"""',
    f"\"+(await import('node:child_process')).execSync('touch {MARKER}')+\"",
    f"`+${{(await import('node:child_process')).execSync('touch {MARKER}')}}+`",
]
# Quotes, backslashes and escapes as text, ${} and #{}, line breaks of every kind, NUL, DEL,
# a C1 control, bidi controls, U+2028/U+2029, a BOM and an emoji.
ODD = (
    "q' d\" b\\ \\\\ \\n \\u0041 \\x41 ${HOME} #{x} $ ümlaut 😀 \u202e\u2066 \x85 \x7f"
    " \t\n\r\r\n \x00 \u2028\u2029 \ufeff end"
)
# Every export's template names: a name or resourcetype holding one must stay text.
PLACEHOLDERS = "__ACTIONS__ __URL__ __CALLS__ __VERSION__ __SUMMARY__ __LIST__ __COUNT__"


def hostile_actions() -> tuple[ActionRequest, ...]:
    """Two actions with odd text in values, keys, resourcetype, resourceid and identifier.

    The first is a read the sandbox answers; the second names no resource (25), which the
    sandbox says only after the HMAC over its odd resourcetype, resourceid and identifier
    checked out (137 otherwise).
    """
    nested = {
        "": "empty name",
        "0": "a",
        "1": "b",
        "__proto__": "p",
        "{}": {},
        "k" * 300: "v" * 5000,
    }
    parameters = {
        "data": ["Id", "objekttitel"],
        "listlimit": 2,
        "odd": ODD,
        ODD: "odd name",
        "breakouts": BREAKOUTS,
        **{text: text for text in BREAKOUTS},
        "__proto__": {"polluted": True},
        "constructor": {"prototype": None},
        "10": "ten", "9": "nine", "-1": "minus one", "01": "leading zero",
        "nested": nested,
        "list": [{"0": "zero"}, {}, [], None, False, 0, 1.5, -7, 2**40, "", "long" * 1000],
    }  # fmt: skip
    one_line = ODD.translate(dict.fromkeys(map(ord, "\t\n\r\x00\x7f")))  # no control character
    return (
        ActionRequest(Verb.READ, "estate", "", "identifier " + one_line, parameters),
        ActionRequest(
            Verb.GET,
            f"estate' \"$(touch {MARKER})` {PLACEHOLDERS} ${{x}} \u2028 \u202e ?> */",
            f"'$(touch {MARKER})` \u2028",
            "identifier \"'` ${x} \\",
            {"k": "v"},
        ),
    )


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


class Recorder:
    """An ASGI app in front of a sandbox that keeps what each export sent and got back.

    ``/<name>/api/stable/api.php`` reaches the sandbox's ``/api/stable/api.php``; each
    request body and answer is kept under ``<name>``, so exports running side by side
    each post to a URL of their own.
    """

    def __init__(self, app: ASGIApp) -> None:
        """Nothing recorded yet."""
        self.app = app
        self.exchanges: dict[str, list[tuple[bytes, bytes]]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on without its first path segment; record body and answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        _, name, rest = scope["path"].split("/", 2)
        body = await read_within(receive, MAX_RECORDED) or b""
        answer: list[bytes] = []

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.body":
                answer.append(message.get("body", b""))
            await send(message)

        inner = dict(scope, path="/" + rest, raw_path=("/" + rest).encode())
        await self.app(inner, replay, keep)
        self.exchanges.setdefault(name, []).append((body, b"".join(answer)))
