"""Sign-in with OpenID Connect (PLAYGROUND_AUTH_MODE=oidc) against a provider over real HTTP."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.cli import main
from playground.services import accounts
from playground.settings import Settings
from playground.store.models import LoginSession, User
from playground.web.app import create_app
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http import oidc_support
from tests.http.oidc_support import CLIENT_ID, Provider, sign_in, start_sign_in
from tests.http.team_support import events, rows
from tests.http.two_factor_support import use_clock

ADMINS = "playground-admins"
ADA = {
    "sub": "ada-1",
    "preferred_username": "ada",
    "email": "ada@example.test",
    "groups": [ADMINS, "staff"],
}
BOB = {
    "sub": "bob-1",
    "preferred_username": "bob",
    "email": "bob@example.test",
    "groups": ["staff"],
}
REFUSED_TOKEN = "could not be verified"
LOCAL_ACCOUNT = "belongs to a local account that signs in with its password"
TAKEN = "already belongs to another account of the sign-in service"
NO_NAME = "did not send a user name"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    """One provider for the module; each test signs in with its own codes."""
    yield from oidc_support.serve_provider()


@pytest.fixture
def settings_overrides(provider: Provider) -> dict[str, Any]:
    """OpenID Connect mode against the test provider; "root" is the break-glass account."""
    return oidc_support.oidc_settings(provider, oidc_admin_group=ADMINS, oidc_break_glass="root")


@pytest.fixture
def visitor(app: FastAPI) -> Iterator[TestClient]:
    """A browser: cookies kept, redirects not followed."""
    with TestClient(app, follow_redirects=False) as client:
        yield client


def _users(app: FastAPI) -> dict[str, User]:
    return {u.username: u for u in rows(app, User)}


def _signed_in(app: FastAPI) -> set[str]:
    """The names of the accounts that have a session."""
    with Session(app.state.playground.engine) as db:
        stmt = select(User.username).join(LoginSession, col(LoginSession.user_id) == User.id)
        return set(db.exec(stmt))


def _add_local(app: FastAPI, name: str, *, admin: bool = False) -> None:
    """A local account with a password, made by an admin."""
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username=name, password=PASSWORD, is_admin=admin)


def _add_unbound_sso(app: FastAPI, name: str) -> None:
    """An account single sign-on made before subjects were kept (or the proxy made)."""
    with Session(app.state.playground.engine) as db:
        accounts.add_sso_user(db, username=name, email="", is_admin=True)


def _refused(response: Any, words: str) -> None:
    """A refusal page that says why, and no session for the visitor."""
    assert response.status_code == 403, response.text
    assert words in response.text
    assert "playground_session" not in response.headers.get("set-cookie", "")


def test_first_sign_in_creates_the_account_with_the_admin_role_from_the_group(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    authorize = start_sign_in(visitor, next="/history")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{provider.issuer}/authorize?")
    assert query["code_challenge_method"] == ["S256"] and query["nonce"][0]
    assert query["scope"] == ["openid profile email"]
    answer = visitor.get("/oidc/callback", params=provider.grant(authorize, ADA))
    assert answer.status_code == 303 and answer.headers["location"] == "/history"
    # The provider checked the PKCE verifier against the challenge (else no token came back).
    assert provider.token_requests[-1]["code_verifier"]
    assert visitor.get("/").status_code == 200
    assert visitor.get("/admin/users").status_code == 200
    # No password to change here: that happens at the organisation's sign-in service.
    assert 'action="/account/password"' not in visitor.get("/account").text
    ada = _users(app)["ada"]
    assert ada.is_admin and ada.email == "ada@example.test"
    assert any("created as admin" in e.summary for e in events(app, "login"))


def test_a_member_without_the_group_is_no_admin_and_the_role_follows_the_claim(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    sign_in(visitor, provider, ADA)  # an admin must remain for the demotion below
    member = TestClient(app, follow_redirects=False)
    assert sign_in(member, provider, BOB).status_code == 303
    assert member.get("/admin/users").status_code == 403
    assert not _users(app)["bob"].is_admin
    promoted = TestClient(app, follow_redirects=False)
    assert sign_in(promoted, provider, BOB | {"groups": [ADMINS]}).status_code == 303
    assert _users(app)["bob"].is_admin
    sign_in(promoted, provider, BOB)
    assert not _users(app)["bob"].is_admin


def test_the_user_name_falls_back_to_the_email_address(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    verified = {"email": "cy@example.test", "email_verified": True}
    assert sign_in(visitor, provider, verified).status_code == 303
    assert "cy@example.test" in _users(app)


def test_an_unverified_email_address_names_no_one(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    _add_unbound_sso(app, "boss@corp.test")
    for claims in (
        {"sub": "mallory-1", "email": "BOSS@corp.test", "email_verified": False},
        {"sub": "mallory-1", "email": "BOSS@corp.test"},
    ):
        _refused(sign_in(visitor, provider, claims), NO_NAME)
    assert _signed_in(app) == set() and set(_users(app)) == {"boss@corp.test"}
    assert _users(app)["boss@corp.test"].sso_subject is None


def test_the_break_glass_account_is_never_reached_from_the_provider(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    # Not there yet: the name stays free for it (a provider account would block it).
    _refused(sign_in(visitor, provider, {"preferred_username": "Root"}), LOCAL_ACCOUNT)
    assert _users(app) == {}
    _add_local(app, "root", admin=True)
    mallory = {"sub": "mallory-1", "preferred_username": "ROOT", "email": "mallory@evil.test"}
    _refused(sign_in(visitor, provider, mallory), LOCAL_ACCOUNT)
    assert _signed_in(app) == set()
    root = _users(app)["root"]
    assert root.sso_subject is None and root.email == ""
    refusal = events(app, "login.refused")[-1]
    assert refusal.username == "ROOT" and "password of its own" in refusal.summary


def test_an_account_with_a_password_of_its_own_is_never_reached_from_the_provider(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    _add_local(app, "eve")
    _refused(sign_in(visitor, provider, {"preferred_username": "Eve"}), LOCAL_ACCOUNT)
    assert _signed_in(app) == set() and _users(app)["eve"].sso_subject is None
    assert [e.username for e in events(app, "login.refused")] == ["Eve"]


def test_the_first_sign_in_binds_the_subject_and_a_name_alone_reaches_no_bound_account(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    assert sign_in(visitor, provider, ADA).status_code == 303
    assert _users(app)["ada"].sso_subject == f"{provider.issuer} ada-1"
    # Someone else names themselves "ADA" at the provider: not Ada's account.
    with TestClient(app, follow_redirects=False) as mallory:
        answer = sign_in(mallory, provider, BOB | {"preferred_username": "ADA"})
        _refused(answer, TAKEN)
        assert mallory.get("/").status_code == 303
    assert set(_users(app)) == {"ada"}
    assert "bound to another subject" in events(app, "login.refused")[-1].summary


def test_an_account_made_before_subjects_were_kept_is_bound_at_its_next_sign_in(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    _add_unbound_sso(app, "ada")
    assert sign_in(visitor, provider, ADA | {"preferred_username": "Ada"}).status_code == 303
    assert _signed_in(app) == {"ada"} and set(_users(app)) == {"ada"}
    assert _users(app)["ada"].sso_subject == f"{provider.issuer} ada-1"
    with TestClient(app, follow_redirects=False) as mallory:
        _refused(sign_in(mallory, provider, BOB | {"preferred_username": "ada"}), TAKEN)


def test_after_the_provider_moved_the_shell_lets_the_next_sign_in_bind_the_account_anew(
    app: FastAPI,
    visitor: TestClient,
    provider: Provider,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sign_in(visitor, provider, ADA)
    _add_local(app, "eve")
    moved = ADA | {"sub": "ada-at-the-new-provider"}
    with TestClient(app, follow_redirects=False) as browser:
        _refused(sign_in(browser, provider, moved), TAKEN)
    settings = app.state.playground.settings
    monkeypatch.setenv("PLAYGROUND_DATABASE_URL", settings.effective_database_url)
    monkeypatch.setenv("PLAYGROUND_DATA_DIR", str(settings.data_dir))
    assert main(["users", "unbind-sso", "ada"]) == 0
    assert main(["users", "unbind-sso", "eve"]) == 1  # a password account has nothing to undo
    out = capsys.readouterr().out
    assert (
        "the next sign-in under this name takes the account" in out
        and "not bound to a sign-in service" in out
    )
    with TestClient(app, follow_redirects=False) as browser:
        assert sign_in(browser, provider, moved).status_code == 303
        assert browser.get("/").status_code == 200
    assert _users(app)["ada"].sso_subject == f"{provider.issuer} ada-at-the-new-provider"
    assert [e.username for e in events(app, "user.sso_unbound")] == ["shell"]


def test_a_user_the_provider_renames_arrives_in_their_account_under_its_old_name(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    sign_in(visitor, provider, ADA)
    with TestClient(app, follow_redirects=False) as renamed:
        claims = ADA | {"preferred_username": "ada.lovelace", "email": "al@example.test"}
        assert sign_in(renamed, provider, claims).status_code == 303
        assert renamed.get("/").status_code == 200
    assert set(_users(app)) == {"ada"} and _signed_in(app) == {"ada"}
    assert _users(app)["ada"].email == "al@example.test"
    # Even a token without a name at all: the subject is enough for a bound account.
    with TestClient(app, follow_redirects=False) as nameless:
        assert sign_in(nameless, provider, {"sub": "ada-1"}).status_code == 303


def test_a_tampered_id_token_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    query = provider.grant(start_sign_in(visitor), BOB, tamper=True)
    _refused(visitor.get("/oidc/callback", params=query), REFUSED_TOKEN)
    assert _users(app) == {}


def test_an_id_token_signed_with_another_key_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    stranger = oidc_support.new_key()
    query = provider.grant(start_sign_in(visitor), ADA, key=stranger)
    _refused(visitor.get("/oidc/callback", params=query), REFUSED_TOKEN)
    assert _users(app) == {}


def test_an_expired_id_token_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    hour_ago = int(time.time()) - 3600
    claims = ADA | {"iat": hour_ago - 300, "exp": hour_ago}
    query = provider.grant(start_sign_in(visitor), claims)
    _refused(visitor.get("/oidc/callback", params=query), REFUSED_TOKEN)
    assert _users(app) == {}


def test_an_id_token_for_another_client_or_issuer_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    for claims in (ADA | {"aud": "another-client"}, ADA | {"iss": "https://id.example.test"}):
        query = provider.grant(start_sign_in(visitor), claims)
        _refused(visitor.get("/oidc/callback", params=query), REFUSED_TOKEN)
    assert _users(app) == {}


def test_a_nonce_other_than_the_one_sent_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    query = provider.grant(start_sign_in(visitor), ADA | {"nonce": "replayed-nonce"})
    _refused(visitor.get("/oidc/callback", params=query), REFUSED_TOKEN)
    assert _users(app) == {}


def test_a_state_other_than_the_one_sent_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    query = provider.grant(start_sign_in(visitor), ADA)
    answer = visitor.get("/oidc/callback", params=query | {"state": "forged-state"})
    _refused(answer, "not started in this browser")
    # No token was even asked for: the code is still unused at the provider.
    assert query["code"] in provider.grants
    assert _users(app) == {}


def test_a_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    """Login CSRF: an attacker's code and state, replayed in the victim's visitor."""
    query = provider.grant(start_sign_in(visitor), BOB)
    with TestClient(app, follow_redirects=False) as victim:
        _refused(victim.get("/oidc/callback", params=query), "not started in this browser")
    assert _users(app) == {}


def test_a_code_the_provider_does_not_redeem_is_refused(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    query = provider.grant(start_sign_in(visitor), ADA)
    provider.grants.clear()  # expired or used at the provider
    _refused(visitor.get("/oidc/callback", params=query), "refused the sign-in")
    assert _users(app) == {}


def test_an_error_from_the_provider_is_shown_and_a_bare_callback_is_a_400(
    visitor: TestClient, provider: Provider
) -> None:
    authorize = start_sign_in(visitor)
    state = parse_qs(urlsplit(authorize).query)["state"][0]
    denied = visitor.get("/oidc/callback", params={"error": "access_denied", "state": state})
    _refused(denied, "did not let you in")
    assert visitor.get("/oidc/callback").status_code == 400


def test_passwords_are_off_except_for_the_break_glass_account(
    app: FastAPI, visitor: TestClient
) -> None:
    with Session(app.state.playground.engine) as db:
        for name in ("root", "eve"):
            accounts.create_user(db, username=name, password=PASSWORD, is_admin=name == "root")
    page = visitor.get("/login")
    assert page.status_code == 200 and 'href="/oidc/login?next=/"' in page.text
    german = visitor.get("/login", headers={"Accept-Language": "de"}).text
    assert "Mit dem Konto Ihrer Organisation anmelden" in german
    assert visitor.get("/setup").headers["location"] == "/login"
    refused = visitor.post("/login", data={"username": "eve", "password": PASSWORD})
    assert refused.status_code == 403 and "Passwords are off" in refused.text
    assert visitor.get("/").status_code == 303
    wrong = visitor.post("/login", data={"username": "root", "password": "not the password"})
    assert wrong.status_code == 401
    allowed = visitor.post("/login", data={"username": "root", "password": PASSWORD})
    assert allowed.status_code == 303
    assert visitor.get("/").status_code == 200
    assert 'action="/account/password"' in visitor.get("/account").text


def test_sign_out_ends_the_session_and_goes_to_the_providers_end_session(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    sign_in(visitor, provider, ADA)
    # The logout form's answer leads to the provider: the pages' CSP lets forms go there.
    policy = visitor.get("/").headers["content-security-policy"]
    assert f"form-action 'self' {provider.issuer};" in policy
    answer = visitor.post("/logout", data={"csrf_token": csrf_of(visitor)})
    assert answer.status_code == 303
    target = urlsplit(answer.headers["location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == f"{provider.issuer}/session/end"
    query = parse_qs(target.query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login?signed_out=1"]
    with Session(app.state.playground.engine) as db:
        assert db.exec(select(LoginSession)).all() == []
    assert visitor.get("/").headers["location"].startswith("/login")
    assert "You are signed out." in visitor.get("/login?signed_out=1").text
    assert events(app, "logout")


def test_an_unreachable_provider_gets_a_clear_502(settings: Settings) -> None:
    down = settings.model_copy(update={"oidc_issuer": "http://127.0.0.1:9"})
    with TestClient(create_app(down), follow_redirects=False) as visitor:
        answer = visitor.get("/oidc/login")
    assert answer.status_code == 502
    assert "cannot be reached" in answer.text


def test_the_break_glass_account_confirms_its_password_before_sensitive_actions(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    clock = use_clock(app)
    _add_local(app, "root", admin=True)
    assert (
        visitor.post("/login", data={"username": "root", "password": PASSWORD}).status_code == 303
    )
    signed_in = TestClient(app, follow_redirects=False)
    sign_in(signed_in, provider, ADA)
    tokens = {}
    for client in (visitor, signed_in):
        tokens[client] = {"X-CSRF-Token": csrf_of(client, "/account")}
    clock.advance(minutes=11)
    form = {"name": "CI", "expires": "30", "access": "read"}
    # A session left open on the break-glass account proves nothing: its password again.
    asked = visitor.post("/account/tokens", data=form, headers=tokens[visitor])
    assert asked.status_code == 303 and asked.headers["location"].startswith("/account/confirm")
    # Someone the provider signed in proves who they are there.
    made = signed_in.post("/account/tokens", data=form, headers=tokens[signed_in])
    assert made.status_code == 200
    signed_in.close()


def test_passwords_and_second_factors_are_reset_only_where_someone_proves_a_password(
    app: FastAPI, visitor: TestClient, provider: Provider
) -> None:
    _add_local(app, "root", admin=True)
    sign_in(visitor, provider, ADA)  # an admin by the group claim, with no password here
    bob = TestClient(app, follow_redirects=False)
    sign_in(bob, provider, BOB)
    ids = {name: u.id for name, u in _users(app).items()}
    csrf = {"X-CSRF-Token": csrf_of(visitor, "/admin/users")}
    listing = visitor.get("/admin/users").text
    assert f"/admin/users/{ids['root']}/reset-password" not in listing
    assert f"/admin/users/{ids['bob']}/reset-password" not in listing
    # The break-glass password is the shell's to reset: ada's session proves no password.
    taken = visitor.post(f"/admin/users/{ids['root']}/reset-password", data={}, headers=csrf)
    assert taken.status_code == 422 and "playground users reset-password root" in taken.text
    # Bob has no password to reset: one would lock him out of the provider's sign-in.
    locked = visitor.post(f"/admin/users/{ids['bob']}/reset-password", data={}, headers=csrf)
    assert locked.status_code == 422 and "has no password here" in locked.text
    assert not accounts.has_password(_users(app)["bob"])
    assert accounts.password_matches(_users(app)["root"], PASSWORD)
    bob.close()
