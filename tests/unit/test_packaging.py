"""The Dockerfile and the wheel carry everything the server needs at run time."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.served import LOCAL_TLS

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_the_dockerfile_copies_exists() -> None:
    lines = (ROOT / "Dockerfile").read_text().splitlines()
    sources = [src for line in lines if line.startswith("COPY") for src in line.split()[1:-1]]
    assert "playground" in sources and "templates" in sources and "migrations" in sources
    for source in sources:
        assert (ROOT / source).exists(), source


def test_dockerfile_runs_as_non_root_with_a_volume_and_health_check() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert "VOLUME" in text and "HEALTHCHECK" in text and "/healthz" in text


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once for this module."""
    target = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run([*pip, "-w", str(target), str(ROOT)], check=True)
    [built] = target.glob("*.whl")
    return built


def test_the_wheel_ships_templates_static_files_and_migrations(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    share = ".data/data/share/onoffice-playground/"
    for needed in (
        "templates/base.html",
        "templates/pages/composer.html",
        "templates/partials/response.html",
        "static/app.css",
        "static/app.js",
        "static/vendor/htmx-2.0.11.min.js",
        "static/jsonarea.js",
        "static/editor.js",
        "migrations/env.py",
        "migrations/versions/0001_initial_schema.py",
    ):
        assert any(name.endswith(share + needed) for name in names), needed
    assert any(name.endswith("playground/locale/de/LC_MESSAGES/messages.po") for name in names)


def test_a_user_install_of_the_wheel_finds_its_files_and_serves_pages(
    wheel: Path, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "PYTHONUSERBASE": str(home / ".local"), "PATH": "/usr/bin:/bin"}
    # The interpreter this virtual environment was made from: --user needs one outside it.
    python = str(Path(sys.base_prefix) / "bin" / "python3")
    install = [python, "-m", "pip", "install", "--user", "--no-deps", "--no-index", "-q"]
    subprocess.run([*install, str(wheel)], env=env, check=True)
    # Its dependencies come from this environment (plain path: no editable install there).
    env |= {"PYTHONPATH": sysconfig.get_paths()["purelib"], "PLAYGROUND_DATA_DIR": str(tmp_path)}
    where = subprocess.run(
        [python, "-c", "import playground.paths as p; print(p.templates_dir())"],
        env=env, cwd=tmp_path, check=True, capture_output=True, text=True,
    )  # fmt: skip
    assert where.stdout.strip() == str(home / ".local/share/onoffice-playground/templates")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    serve = [python, "-m", "playground.cli", "serve", "--port", str(port)]
    server = subprocess.Popen(serve, env=env, cwd=tmp_path, stderr=subprocess.DEVNULL)
    try:
        with httpx.Client(verify=LOCAL_TLS, base_url=f"http://127.0.0.1:{port}") as client:
            page = _first_page(client, server)
            css = re.search(r'href="(/static/app\.css[^"]*)"', page)
            assert css is not None and client.get(css.group(1)).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)


def _first_page(client: httpx.Client, server: subprocess.Popen[bytes]) -> str:
    """The first-run page, once the server answers (a minute at most on a busy machine)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the installed playground exited during start-up"
        try:
            answer = client.get("/setup")
        except httpx.TransportError:
            time.sleep(0.05)
            continue
        assert answer.status_code == 200
        return answer.text
    raise AssertionError("the installed playground did not start within a minute")
