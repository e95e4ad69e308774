"""User administration: list, create, disable, enable, reset password, roles; 403 for members."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, func, select

from playground.store.models import User
from tests.client import TestClient
from tests.conftest import PASSWORD
from tests.http.team_support import sessions_of, user_named

OTP_RE = re.compile(r'data-testid="one-time-password">([^<]+)<')
MakeClient = Callable[[str], TestClient]


def _login(app: FastAPI, name: str, password: str) -> TestClient:
    """A fresh client that tried to log in; check its last answer with `.cookies`."""
    other = TestClient(app, follow_redirects=False)
    other.post("/login", data={"username": name, "password": password})
    return other


def _can_log_in(app: FastAPI, name: str, password: str) -> bool:
    other = TestClient(app, follow_redirects=False)
    with other:
        answer = other.post("/login", data={"username": name, "password": password})
    return bool(answer.status_code == 303)


def test_the_admin_page_lists_every_user_with_role_and_state(
    admin_client: TestClient, make_client: MakeClient
) -> None:
    make_client("bob")
    page = admin_client.get("/admin/users")
    assert page.status_code == 200
    rows = re.findall(r'data-testid="user-row" data-username="([^"]+)"', page.text)
    assert rows == ["ada", "bob"]
    assert "admin" in page.text and "member" in page.text and "active" in page.text
    assert "$argon2" not in page.text


def test_creating_a_user_with_a_generated_password_shows_it_exactly_once(
    admin_client: TestClient, app: FastAPI
) -> None:
    answer = admin_client.post(
        "/admin/users", data={"username": "carol", "role": "member", "password": ""}
    )
    assert answer.status_code == 200
    assert answer.headers["cache-control"] == "no-store"
    match = OTP_RE.search(answer.text)
    assert match
    one_time = match.group(1)
    assert len(one_time) >= 12
    carol = user_named(app, "carol")
    assert not carol.is_admin and carol.is_active
    assert carol.password_hash.startswith("$argon2") and one_time not in carol.password_hash
    assert one_time not in admin_client.get("/admin/users").text
    assert one_time not in admin_client.get("/admin/audit").text
    assert _can_log_in(app, "carol", one_time)


def test_creating_a_user_with_a_password_the_admin_sets(
    admin_client: TestClient, app: FastAPI
) -> None:
    answer = admin_client.post(
        "/admin/users",
        data={"username": "dave", "role": "admin", "password": "dave's password for the CRM"},
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users"
    assert user_named(app, "dave").is_admin
    assert _can_log_in(app, "dave", "dave's password for the CRM")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"username": "ada", "role": "member", "password": PASSWORD}, "This user name is taken."),
        ({"username": "erin", "role": "member", "password": "short"}, "at least 12 characters"),
        ({"username": "no spaces", "role": "member", "password": ""}, "Use 1 to 64 letters"),
        ({"username": "erin", "role": "owner", "password": ""}, "Choose admin or member."),
    ],
)
def test_creating_a_user_refuses_bad_input_and_stores_nothing(
    admin_client: TestClient, app: FastAPI, data: dict[str, str], message: str
) -> None:
    answer = admin_client.post("/admin/users", data=data)
    assert answer.status_code == 422
    assert message in answer.text
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(func.count()).select_from(User)).one() == 1


def test_disabling_a_user_ends_their_sessions_at_once(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    assert bob.get("/").status_code == 200
    bob_id = user_named(app, "bob").id
    answer = admin_client.post(f"/admin/users/{bob_id}/disable")
    assert answer.status_code == 303 and answer.headers["location"] == "/admin/users"
    assert not user_named(app, "bob").is_active
    assert sessions_of(app, "bob") == 0
    assert bob.get("/").headers["location"].startswith("/login")
    assert not _can_log_in(app, "bob", PASSWORD)


def test_enabling_a_disabled_user_lets_them_log_in_again(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id = user_named(app, "bob").id
    admin_client.post(f"/admin/users/{bob_id}/disable")
    answer = admin_client.post(f"/admin/users/{bob_id}/enable")
    assert answer.status_code == 303
    assert user_named(app, "bob").is_active
    assert _can_log_in(app, "bob", PASSWORD)


def test_resetting_a_password_generates_one_and_ends_the_users_sessions(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    bob_id = user_named(app, "bob").id
    answer = admin_client.post(f"/admin/users/{bob_id}/reset-password", data={"password": ""})
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    match = OTP_RE.search(answer.text)
    assert match
    assert sessions_of(app, "bob") == 0
    assert bob.get("/").status_code == 303
    assert not _can_log_in(app, "bob", PASSWORD)
    assert _can_log_in(app, "bob", match.group(1))


def test_resetting_a_password_to_one_the_admin_sets(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id = user_named(app, "bob").id
    answer = admin_client.post(
        f"/admin/users/{bob_id}/reset-password", data={"password": "a new one for bob, longer"}
    )
    assert answer.status_code == 303
    assert sessions_of(app, "bob") == 0
    assert _can_log_in(app, "bob", "a new one for bob, longer")
    short = admin_client.post(f"/admin/users/{bob_id}/reset-password", data={"password": "short"})
    assert short.status_code == 422 and "at least 12 characters" in short.text
    assert _can_log_in(app, "bob", "a new one for bob, longer")


def test_an_admin_changes_their_own_password_on_the_account_page_not_here(
    admin_client: TestClient, app: FastAPI
) -> None:
    # With no current password asked, a session left open would be enough to take over.
    other = _login(app, "ada", PASSWORD)
    ada_id = user_named(app, "ada").id
    answer = admin_client.post(
        f"/admin/users/{ada_id}/reset-password", data={"password": "ada's new one, longer"}
    )
    assert answer.status_code == 422
    assert "Change your own password or second factor on your account page." in answer.text
    assert _can_log_in(app, "ada", PASSWORD) and other.get("/").status_code == 200
    other.close()


def test_changing_roles(admin_client: TestClient, make_client: MakeClient, app: FastAPI) -> None:
    bob = make_client("bob")
    assert bob.get("/admin/users").status_code == 403
    bob_id = user_named(app, "bob").id
    answer = admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "admin"})
    assert answer.status_code == 303
    assert user_named(app, "bob").is_admin
    assert bob.get("/admin/users").status_code == 200
    admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "member"})
    assert not user_named(app, "bob").is_admin
    assert bob.get("/admin/users").status_code == 403
    bad = admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "root"})
    assert bad.status_code == 422 and "Choose admin or member." in bad.text


def test_the_last_active_admin_can_be_neither_disabled_nor_demoted(
    admin_client: TestClient, app: FastAPI
) -> None:
    ada_id = user_named(app, "ada").id
    for path, data in (("disable", {}), ("role", {"role": "member"})):
        answer = admin_client.post(f"/admin/users/{ada_id}/{path}", data=data)
        assert answer.status_code == 409
        assert "last active admin" in answer.text
    ada = user_named(app, "ada")
    assert ada.is_admin and ada.is_active
    assert admin_client.get("/admin/users").status_code == 200


def test_a_disabled_admin_does_not_count_as_another_admin(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id, ada_id = user_named(app, "bob").id, user_named(app, "ada").id
    admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "admin"})
    admin_client.post(f"/admin/users/{bob_id}/disable")
    answer = admin_client.post(f"/admin/users/{ada_id}/role", data={"role": "member"})
    assert answer.status_code == 409
    assert user_named(app, "ada").is_admin


def test_an_admin_may_step_down_when_another_admin_is_left(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id, ada_id = user_named(app, "bob").id, user_named(app, "ada").id
    admin_client.post(f"/admin/users/{bob_id}/role", data={"role": "admin"})
    answer = admin_client.post(f"/admin/users/{ada_id}/role", data={"role": "member"})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    assert not user_named(app, "ada").is_admin
    assert admin_client.get("/admin/users").status_code == 403


def test_htmx_changes_answer_with_the_new_list(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id, ada_id = user_named(app, "bob").id, user_named(app, "ada").id
    htmx = {"HX-Request": "true"}
    answer = admin_client.post(f"/admin/users/{bob_id}/disable", headers=htmx)
    assert answer.status_code == 200 and "HX-Request" in answer.headers["vary"].split(", ")
    assert 'data-testid="user-table"' in answer.text and "<html" not in answer.text
    assert "disabled" in answer.text
    refused = admin_client.post(f"/admin/users/{ada_id}/disable", headers=htmx)
    assert refused.status_code == 409
    assert 'data-testid="admin-error"' in refused.text and "<html" not in refused.text
    assert 'data-testid="user-table"' in refused.text


def test_a_member_gets_403_on_every_admin_page_and_changes_nothing(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    bob = make_client("bob")
    ada_id = user_named(app, "ada").id
    for path in ("/admin/users", "/admin/audit"):
        answer = bob.get(path)
        assert answer.status_code == 403
        assert 'data-testid="error"' in answer.text
    posts = {
        "/admin/users": {"username": "mallory", "password": PASSWORD},
        f"/admin/users/{ada_id}/disable": {},
        f"/admin/users/{ada_id}/enable": {},
        f"/admin/users/{ada_id}/role": {"role": "member"},
        f"/admin/users/{ada_id}/reset-password": {"password": "taken over!"},
    }
    for path, data in posts.items():
        assert bob.post(path, data=data).status_code == 403, path
    ada = user_named(app, "ada")
    assert ada.is_admin and ada.is_active
    assert _can_log_in(app, "ada", PASSWORD)
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(User).where(col(User.username) == "mallory")).first() is None


def test_the_admin_link_shows_for_admins_only(
    admin_client: TestClient, make_client: MakeClient
) -> None:
    assert 'href="/admin/users"' in admin_client.get("/").text
    assert 'href="/admin/users"' not in make_client("bob").get("/").text


def test_an_unknown_user_id_answers_404(admin_client: TestClient) -> None:
    for action in ("disable", "enable", "reset-password"):
        assert admin_client.post(f"/admin/users/9999/{action}").status_code == 404
    assert admin_client.post("/admin/users/9999/role", data={"role": "admin"}).status_code == 404


def test_admin_posts_without_the_csrf_token_are_refused(
    admin_client: TestClient, make_client: MakeClient, app: FastAPI
) -> None:
    make_client("bob")
    bob_id = user_named(app, "bob").id
    del admin_client.headers["X-CSRF-Token"]
    assert admin_client.post(f"/admin/users/{bob_id}/disable").status_code == 403
    assert user_named(app, "bob").is_active
