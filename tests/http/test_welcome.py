"""`playground serve` says where to open it and, before the first account, who becomes admin."""

from __future__ import annotations

import pytest

from playground.settings import Settings
from playground.web.app import create_app
from playground.web.welcome import address, announcing
from tests.client import TestClient

PASSWORD = "correct horse battery"
FIRST_ADMIN = "No account exists yet: the first account created there becomes the administrator."


def test_a_fresh_playground_names_its_address_and_the_first_admin(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    with TestClient(announcing(create_app(settings), "127.0.0.1", 8000)) as client:
        printed = capsys.readouterr().out.splitlines()
        assert printed == [
            "The playground is up: open http://127.0.0.1:8000/ in a browser.",
            FIRST_ADMIN,
        ]
        form = {"username": "ada", "password": PASSWORD, "password_confirm": PASSWORD}
        assert client.post("/setup", data=form, follow_redirects=False).status_code == 303

    # Started again, with an account: the address only.
    with TestClient(announcing(create_app(settings), "0.0.0.0", 9000)):
        printed = capsys.readouterr().out.splitlines()
    assert printed == ["The playground is up: open http://127.0.0.1:9000/ in a browser."]


def test_single_sign_on_names_no_first_admin(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    proxied = settings.model_copy(update={"auth_mode": "proxy"})
    with TestClient(announcing(create_app(proxied), "127.0.0.1", 8000)):
        printed = capsys.readouterr().out
    assert "open http://127.0.0.1:8000/" in printed and FIRST_ADMIN not in printed


def test_the_address_is_one_a_browser_on_this_machine_can_open() -> None:
    assert address("0.0.0.0", 8000) == "http://127.0.0.1:8000/"
    assert address("::", 8000) == "http://[::1]:8000/"
    assert address("192.168.1.20", 80) == "http://192.168.1.20:80/"
    assert address("::1", 8000) == "http://[::1]:8000/"
