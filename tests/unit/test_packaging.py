"""The Dockerfile and the wheel carry everything the server needs at run time."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

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


def test_the_wheel_ships_templates_static_files_and_migrations(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
    )
    [wheel] = tmp_path.glob("*.whl")
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
