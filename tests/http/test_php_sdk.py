"""The official onOffice PHP SDK (tests/vendor/onoffice-sdk, unmodified) reads estate
pictures, regions and field labels from the sandbox over real HTTP."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.http.conftest import SandboxServer
from tests.served import LOCAL_TLS

SCRIPT = Path(__file__).resolve().parents[1] / "php" / "sdk_read.php"
PHP_TIMEOUT = 90


def _php() -> str:
    """The php binary; skipped outside CI when it is missing, a failure in CI."""
    php = shutil.which("php")
    if php is None:
        if os.environ.get("CI"):
            pytest.fail("php is missing; `make test` installs php-cli and php-curl")
        pytest.skip("php is not installed (`make test` installs php-cli and php-curl)")
    return php


@pytest.fixture(scope="module")
def sdk_output(sandbox_server: SandboxServer) -> dict[str, Any]:
    """What tests/php/sdk_read.php prints after reading from the session's sandbox."""
    server = sandbox_server.base_url + "/api/"  # the SDK appends "stable/api.php"
    command = [_php(), str(SCRIPT), server, sandbox_server.token, sandbox_server.secret]
    done = subprocess.run(command, capture_output=True, text=True, timeout=PHP_TIMEOUT, check=False)
    assert done.returncode == 0, f"php exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    output: dict[str, Any] = json.loads(done.stdout)
    assert output["errors"] == {}
    return output


def _records(output: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """The records of one of the script's results."""
    result = output["results"][name]
    assert result["status"] == {"errorcode": 0, "message": "OK"}
    records: list[dict[str, Any]] = result["data"]["records"]
    return records


def test_sdk_reads_the_published_pictures_of_estate_116(
    sdk_output: dict[str, Any], sandbox_server: SandboxServer
) -> None:
    """A title picture and photos, each titled, whose URL opens an image."""
    result = sdk_output["results"]["pictures"]
    assert result["identifier"] == "pictures-116"  # call() passed it through
    pictures = [r["elements"] for r in _records(sdk_output, "pictures")]
    assert result["data"]["meta"]["cntabsolute"] == len(pictures)
    assert [p["type"] for p in pictures].count("Titelbild") == 1
    assert "Foto" in {p["type"] for p in pictures}
    assert {p["estateid"] for p in pictures} == {"116"}
    assert all(p["title"] for p in pictures)
    image = httpx.get(pictures[0]["url"], timeout=30, verify=LOCAL_TLS)
    assert pictures[0]["url"].startswith(sandbox_server.base_url)
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG")


def test_sdk_reads_regions_as_a_hierarchy(sdk_output: dict[str, Any]) -> None:
    """Sales regions hold federal states, which hold cities with postcode ranges."""
    regions = {r["elements"]["name"]: r["elements"] for r in _records(sdk_output, "regions")}
    assert set(regions) == {
        "Norddeutschland", "Westdeutschland", "Ostdeutschland", "Süddeutschland",
    }  # fmt: skip
    states = {s["name"]: s for s in regions["Süddeutschland"]["children"].values()}
    assert set(states) == {"Bayern", "Baden-Württemberg"}
    cities = {c["name"]: c for c in states["Bayern"]["children"].values()}
    assert "München" in cities
    assert cities["München"]["postalcodes"]
    assert cities["München"]["postalcodes"][0] in regions["Süddeutschland"]["postalcodes"]


def test_sdk_reads_estate_field_labels_in_english(sdk_output: dict[str, Any]) -> None:
    """get fields for estates with labels=true, language=ENG: English labels and values."""
    (module,) = _records(sdk_output, "fields")
    assert module["id"] == "estate"
    fields = module["elements"]
    assert fields["label"] == "Estates"
    assert fields["kaufpreis"]["label"] == "Purchase price"
    assert fields["objektart"]["type"] == "singleselect"
    assert fields["objektart"]["permittedvalues"]["haus"] == "House"
    assert fields["vermarktungsart"]["permittedvalues"] == {"kauf": "Purchase", "miete": "Rent"}
