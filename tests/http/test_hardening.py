"""Headers and files: no caching of private answers, HSTS over https, private data files."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from fastapi import FastAPI

from playground.settings import Settings
from playground.web.app import create_app
from playground.web.proxy_auth import with_forwarding
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.route_support import Objects

PRIVATE_PAGES = [
    "/",
    "/history",
    "/history/{entry}",
    "/api/history",
    "/api/history/{entry}",
    "/history/{entry}/response.json",
    "/profiles",
    "/profiles/{profile}",
    "/account",
    "/saved",
    "/shares",
    "/s/{code}",
    "/admin/users",
    "/admin/audit",
]


def test_private_pages_and_json_are_never_stored_by_a_cache(
    app: FastAPI, admin_client: TestClient
) -> None:
    objects = Objects(app, admin_client, "ada")
    _, code = objects.link()
    ids = {"entry": objects.entry(), "profile": objects.profile(), "code": code}
    for page in PRIVATE_PAGES:
        answer = admin_client.get(page.format(**ids))
        assert answer.status_code == 200, page
        assert answer.headers["cache-control"] == "no-store", page
    assert "no-store" not in admin_client.get("/static/app.css").headers.get("cache-control", "")


def test_hsts_only_when_the_request_came_over_https(app: FastAPI) -> None:
    with TestClient(app, base_url="https://playground.example") as secure:
        assert secure.get("/healthz").headers["strict-transport-security"].startswith("max-age=")
    with TestClient(app) as plain:
        assert "strict-transport-security" not in plain.get("/healthz").headers


def test_hsts_when_a_trusted_proxy_says_https(app: FastAPI) -> None:
    served = with_forwarding(app, "127.0.0.1")
    forwarded = {"X-Forwarded-Proto": "https"}
    with TestClient(served, client=("127.0.0.1", 40000)) as through_proxy:
        assert (
            "strict-transport-security" in through_proxy.get("/healthz", headers=forwarded).headers
        )
    with TestClient(served, client=("192.0.2.7", 40000)) as elsewhere:
        assert (
            "strict-transport-security" not in elsewhere.get("/healthz", headers=forwarded).headers
        )


def _mode(path: Path) -> int:
    """The permission bits of a file or directory."""
    return stat.S_IMODE(path.stat().st_mode)


def test_the_data_directory_and_every_file_in_it_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = Settings(data_dir=data)  # SQLite in the data directory, keys generated there
    app = create_app(settings)
    with TestClient(app, follow_redirects=False) as client:
        form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        assert client.post("/setup", data=form).status_code == 303
        files = sorted(p.name for p in data.iterdir())
        assert {"playground.db", "playground.db-wal", "encryption.keys", "session.key"} <= set(
            files
        )
        assert _mode(data) == 0o700
        for name in files:
            assert _mode(data / name) == 0o600, name


def test_an_existing_data_directory_is_tightened_on_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    (data / "playground.db").touch(mode=0o644)
    create_app(Settings(data_dir=data))
    assert _mode(data) == 0o700
    assert _mode(data / "playground.db") == 0o600


@pytest.mark.parametrize("token", ["a", "abcd", "abcdefg"])
def test_a_token_too_short_to_hide_is_refused(admin_client: TestClient, token: str) -> None:
    form = {"name": "Short", "endpoint": "sandbox", "hmac_version": "2", "secret": "s" * 32}
    answer = admin_client.post("/profiles", data=form | {"token": token})
    assert answer.status_code == 422
    assert "The token is too short" in answer.text
    assert "Short" not in admin_client.get("/profiles").text
