"""The OpenID Connect client secret never appears in a page, a log line or the database."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI

from playground.settings import Settings
from tests.client import TestClient
from tests.conftest import csrf_of
from tests.http import oidc_support
from tests.http.oidc_support import Provider, sign_in, start_sign_in

CANARY_CLIENT_SECRET = "CANARYoidc" + "0123456789abcdef" * 2 + "s3cr"
ADMIN = {"preferred_username": "ada", "groups": ["admins"]}


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """A provider that accepts only the canary as the client secret."""
    yield from oidc_support.serve_provider(client_secret=CANARY_CLIENT_SECRET)


@pytest.fixture
def settings_overrides(provider: Provider) -> dict[str, Any]:
    """OpenID Connect mode with the canary client secret."""
    return oidc_support.oidc_settings(
        provider, oidc_client_secret=CANARY_CLIENT_SECRET, oidc_admin_group="admins"
    )


def test_the_client_secret_never_leaves_the_server(
    app: FastAPI,
    settings: Settings,
    provider: Provider,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    caplog.set_level(logging.DEBUG)
    texts: list[str] = [repr(settings), str(settings.model_dump(exclude={"oidc_client_secret"}))]
    with TestClient(app, follow_redirects=False) as browser:
        answer = sign_in(browser, provider, ADMIN)
        assert answer.status_code == 303
        texts += [str(answer.headers)]
        for path in ("/", "/account", "/admin/users", "/admin/audit", "/login", "/setup"):
            page = browser.get(path)
            texts += [page.text, str(page.headers)]
        # Refusals: a tampered token, a forged state, a provider error.
        tampered = browser.get(
            "/oidc/callback",
            params=provider.grant(start_sign_in(browser), ADMIN, tamper=True),
        )
        forged = browser.get("/oidc/callback", params={"state": "forged", "code": "x"})
        texts += [tampered.text, forged.text, start_sign_in(browser)]
        logout = browser.post("/logout", data={"csrf_token": csrf_of(browser)})
        texts += [logout.text, str(logout.headers)]
    # The secret was used (the provider accepted the sign-in only with it) ...
    assert CANARY_CLIENT_SECRET in provider.secrets_seen
    # ... and shown nowhere.
    texts += [record.getMessage() for record in caplog.records]
    texts += [caplog.text]
    for text in texts:
        assert CANARY_CLIENT_SECRET not in text
    for file in tmp_path.rglob("*"):  # the data directory and a SQLite database
        if file.is_file():
            assert CANARY_CLIENT_SECRET.encode() not in file.read_bytes(), file
