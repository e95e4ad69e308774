"""Rules that must hold when requests arrive at the same moment, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

import httpx
import pytest
from anyio import to_thread
from fastapi import FastAPI
from sqlmodel import Session, col, select, update

from playground.services import accounts, profiles, users
from playground.services import send as send_module
from playground.services.errors import Conflict
from playground.services.two_factor import hash_recovery_code
from playground.services.users import Actor
from playground.store import shares as share_store
from playground.store import tokens as token_store
from playground.store import two_factor as two_factor_store
from playground.store.models import (
    AccessToken,
    RecoveryCode,
    ShareLink,
    TwoFactor,
    User,
    utcnow,
)
from tests.client import TestClient
from tests.conftest import PASSWORD, csrf_of
from tests.http.route_support import sandbox_profile
from tests.http.team_support import (
    HX,
    MODIFY_ESTATE,
    READ_ESTATE,
    create_profile,
    entries,
    events,
    send_form,
    user_named,
)
from tests.http.token_support import make_token
from tests.http.two_factor_support import CODES_RE, pending_code, use_clock

T = TypeVar("T")


def _together(count: int, work: Callable[[int], T]) -> list[T]:
    """Run `work(0..count-1)` in threads released at the same moment; their results."""
    gate = threading.Barrier(count)

    def run(number: int) -> T:
        gate.wait()
        return work(number)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def _accounts(app: FastAPI) -> list[User]:
    """Every account."""
    with Session(app.state.playground.engine) as db:
        return list(db.exec(select(User)))


def test_of_four_parallel_first_runs_exactly_one_wins(app: FastAPI) -> None:
    clients = [TestClient(app, follow_redirects=False) for _ in range(4)]

    def setup(number: int) -> httpx.Response:
        form = {"username": f"admin{number}", "password": PASSWORD, "password_confirm": PASSWORD}
        answer: httpx.Response = clients[number].post("/setup", data=form)
        return answer

    answers = _together(4, setup)

    assert [a.status_code for a in answers] == [303] * 4
    assert sorted(a.headers["location"] for a in answers) == ["/", "/login", "/login", "/login"]
    [admin] = _accounts(app)
    assert admin.is_admin
    [winner] = [c for c, a in zip(clients, answers, strict=True) if a.headers["location"] == "/"]
    assert f"admin{clients.index(winner)}" == admin.username
    assert winner.get("/").status_code == 200  # the winner is logged in
    for client in clients:
        assert client.get("/setup").headers["location"] == "/login"
        client.close()


def _change(app: FastAPI, actor_name: str, target_name: str, how: str) -> str:
    """An admin demotes or disables another, in a session of its own: "done" or "refused"."""
    with Session(app.state.playground.engine, expire_on_commit=False) as db:
        actor = db.exec(select(User).where(User.username == actor_name)).one()
        target = db.exec(select(User).where(User.username == target_name)).one()
        assert target.id is not None
        try:
            if how == "demote":
                users.set_role(db, actor=Actor(user=actor), user_id=target.id, role="member")
            else:
                users.set_active(db, actor=Actor(user=actor), user_id=target.id, active=False)
        except Conflict:
            return "refused"
        return "done"


def _both(app: FastAPI, pairs: list[tuple[str, str]], how: str, number: int) -> str:
    """The change of pair `number`."""
    return _change(app, *pairs[number], how)


def _active_admins(app: FastAPI) -> list[str]:
    """The names of the active admins."""
    with Session(app.state.playground.engine) as db:
        query = select(User.username).where(
            col(User.is_admin).is_(True), col(User.is_active).is_(True)
        )
        return list(db.exec(query))


def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    app: FastAPI, admin_client: TestClient
) -> None:
    assert (
        admin_client.post(
            "/admin/users", data={"username": "bea", "role": "admin", "password": PASSWORD}
        ).status_code
        == 303
    )
    pairs = [("ada", "bea"), ("bea", "ada")]
    for how in ("demote", "disable", "demote", "disable"):
        outcomes = _together(2, partial(_both, app, pairs, how))
        assert sorted(outcomes) == ["done", "refused"]
        assert len(_active_admins(app)) == 1
        # Back to two admins for the next round.
        with Session(app.state.playground.engine) as db:
            for user in db.exec(select(User)):
                user.is_admin, user.is_active = True, True
                db.add(user)
            db.commit()


def _enrolment_rows(app: FastAPI, user_id: int) -> tuple[TwoFactor | None, set[str]]:
    """The user's two-factor row and the hashes of their recovery codes."""
    with Session(app.state.playground.engine) as db:
        row = db.get(TwoFactor, user_id)
        query = select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user_id)
        return row, set(db.exec(query))


def test_two_confirms_of_one_code_show_recovery_codes_once_and_they_work(
    admin_client: TestClient, app: FastAPI
) -> None:
    use_clock(app)
    csrf = {"X-CSRF-Token": csrf_of(admin_client, "/account")}
    assert admin_client.post("/account/two-factor/begin", headers=csrf).status_code == 303
    code = pending_code(app, "ada")

    def confirm(_number: int) -> httpx.Response:
        form = {"code": code}
        answer: httpx.Response = admin_client.post(
            "/account/two-factor/confirm", data=form, headers=csrf
        )
        return answer

    answers = _together(2, confirm)
    assert sorted(a.status_code for a in answers) == [200, 422]
    [shown] = [CODES_RE.findall(a.text) for a in answers if a.status_code == 200]
    row, stored = _enrolment_rows(app, user_named(app, "ada").id or 0)
    assert row is not None and row.enabled_at is not None
    pepper = app.state.playground.session_key
    assert len(shown) == 10 and {hash_recovery_code(c, pepper) for c in shown} == stored
    assert len(events(app, "2fa.enabled")) == 1


def _confirm_or_begin(
    client: TestClient, csrf: dict[str, str], code: str, number: int
) -> httpx.Response:
    """Request 0 confirms the enrolment with the code, request 1 starts a new one."""
    if number == 0:
        path, form = "/account/two-factor/confirm", {"code": code}
    else:
        path, form = "/account/two-factor/begin", {}
    answer: httpx.Response = client.post(path, data=form, headers=csrf)
    return answer


def test_a_start_beside_a_confirm_never_leaves_codes_that_do_not_work(
    admin_client: TestClient, app: FastAPI
) -> None:
    use_clock(app)
    csrf = {"X-CSRF-Token": csrf_of(admin_client, "/account")}
    user_id = user_named(app, "ada").id or 0
    for _round in range(5):
        with Session(app.state.playground.engine) as db:
            two_factor_store.remove(db, user_id=user_id)
        assert admin_client.post("/account/two-factor/begin", headers=csrf).status_code == 303
        seen, code = _enrolment_rows(app, user_id)[0], pending_code(app, "ada")
        assert seen is not None

        confirmed, started = _together(2, partial(_confirm_or_begin, admin_client, csrf, code))
        assert confirmed.status_code in (200, 422) and started.status_code in (303, 400)
        row, stored = _enrolment_rows(app, user_id)
        if confirmed.status_code == 200:  # codes shown: on, with the secret confirmed
            assert row is not None and row.enabled_at is not None
            assert row.secret_ciphertext == seen.secret_ciphertext and len(stored) == 10
        else:  # restarted first: a new enrolment, nothing on
            assert row is not None and row.enabled_at is None and stored == set()


def test_two_starts_of_setting_up_at_once_both_answer(
    admin_client: TestClient, app: FastAPI
) -> None:
    csrf = {"X-CSRF-Token": csrf_of(admin_client, "/account")}

    def begin(_number: int) -> int:
        status: int = admin_client.post("/account/two-factor/begin", headers=csrf).status_code
        return status

    for _round in range(8):  # a 500 (two inserts of one key) on PostgreSQL before
        assert _together(2, begin) == [303, 303]
    row, _codes = _enrolment_rows(app, user_named(app, "ada").id or 0)
    assert row is not None and row.enabled_at is None


def _profile_deleted_while_out(app: FastAPI, monkeypatch: pytest.MonkeyPatch, pid: int) -> None:
    """The owner deletes the profile after the upstream answered, before it is recorded."""
    forward = send_module.forward_exchange

    def delete_it() -> None:
        with Session(app.state.playground.engine, expire_on_commit=False) as db:
            ada = db.exec(select(User).where(User.username == "ada")).one()
            profiles.delete(db, user=ada, profile_id=pid)

    async def slow_then_deleted(*args: Any, **kwargs: Any) -> Any:
        answer = await forward(*args, **kwargs)
        await to_thread.run_sync(delete_it)
        return answer

    monkeypatch.setattr(send_module, "forward_exchange", slow_then_deleted)


@pytest.mark.parametrize("action", [READ_ESTATE, MODIFY_ESTATE], ids=["read", "write"])
def test_a_profile_deleted_while_its_send_is_out_leaves_the_send_recorded(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch, action: dict[str, str]
) -> None:
    state = app.state.playground
    token, secret = state.sandbox_token, state.sandbox_secret
    pid = create_profile(admin_client, app, "Doomed", token=token, secret=secret)
    _profile_deleted_while_out(app, monkeypatch, pid)
    answer = admin_client.post("/send", data=send_form(pid, action), headers=HX)
    # The answer is shown (a 500 before, and a write stayed "pending" for good).
    assert answer.status_code == 200 and 'data-testid="response"' in answer.text
    [entry] = entries(app)
    assert (entry.profile_id, entry.profile_name, entry.ok) == (None, "Doomed", True)
    assert entry.failure_kind != "pending"
    [event] = events(app, "send")
    assert "answer pending" not in event.summary and f"#{entry.id}" in event.summary


def test_disabling_a_member_made_an_admin_meanwhile_keeps_an_active_admin(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = {"username": "cleo", "role": "member", "password": PASSWORD}
    assert admin_client.post("/admin/users", data=form).status_code == 303
    engine, read = app.state.playground.engine, users.get

    def read_then_others_act(db: Session, *, user_id: int) -> User:
        found = read(db, user_id=user_id)  # cleo, read as a member
        monkeypatch.setattr(users, "get", read)
        # Meanwhile: ada makes cleo an admin, then cleo makes ada a member.
        for actor, target, role in (("ada", "cleo", "admin"), ("cleo", "ada", "member")):
            _change_role(engine, actor, target, role)
        return found

    monkeypatch.setattr(users, "get", read_then_others_act)
    with Session(engine, expire_on_commit=False) as db:
        ada = db.exec(select(User).where(User.username == "ada")).one()
        cleo_id = user_named(app, "cleo").id or 0
        with pytest.raises(Conflict):  # ada's "Disable" on the member she saw
            users.set_active(db, actor=Actor(user=ada), user_id=cleo_id, active=False)
    assert _active_admins(app) == ["cleo"]


def _change_role(engine: Any, actor_name: str, target_name: str, role: str) -> None:
    """One admin gives another user a role, in a session of its own."""
    with Session(engine, expire_on_commit=False) as db:
        actor = db.exec(select(User).where(User.username == actor_name)).one()
        target = db.exec(select(User).where(User.username == target_name)).one()
        assert target.id is not None
        users.set_role(db, actor=Actor(user=actor), user_id=target.id, role=role)


def _revoked_by_another_after_read(
    monkeypatch: pytest.MonkeyPatch, app: FastAPI, module: Any, name: str, row: Any
) -> None:
    """Make `module.name` (a read) have another request revoke `row` right after it."""
    read = getattr(module, name)
    model, row_id = row

    def read_then_revoked(*args: Any, **kwargs: Any) -> Any:
        found = read(*args, **kwargs)
        monkeypatch.setattr(module, name, read)
        with Session(app.state.playground.engine) as other:
            other.exec(update(model).where(model.id == row_id).values(revoked_at=utcnow()))
            other.commit()
        return found

    monkeypatch.setattr(module, name, read_then_revoked)


def test_a_token_or_link_revoked_twice_at_once_is_recorded_once(
    admin_client: TestClient, app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_token(app, "ada")
    with Session(app.state.playground.engine) as db:
        token_id = db.exec(select(AccessToken.id)).one()
    _revoked_by_another_after_read(
        monkeypatch, app, token_store, "get_token", (AccessToken, token_id)
    )
    assert admin_client.post(f"/account/tokens/{token_id}/revoke").status_code == 303
    sent = admin_client.post("/send", data=send_form(sandbox_profile(app, "ada"), READ_ESTATE))
    entry_id = int(sent.headers["location"].rsplit("/", 1)[1])
    assert admin_client.post(f"/history/{entry_id}/share").status_code == 303
    with Session(app.state.playground.engine) as db:
        link_id = db.exec(select(ShareLink.id)).one()
    _revoked_by_another_after_read(
        monkeypatch, app, share_store, "get_link_row", (ShareLink, link_id)
    )
    assert admin_client.post(f"/shares/{link_id}/revoke").status_code == 303
    # The revocation by the other request is the one; this one adds no second record.
    assert events(app, "token.revoked") == [] and events(app, "share.revoked") == []


def test_two_logins_of_one_user_at_once_both_get_in(app: FastAPI) -> None:
    # Each session written holds a key-share lock on the user's row while it is checked;
    # a FOR UPDATE check waited for the others' locks: a deadlock, one a 500 (PostgreSQL).
    with Session(app.state.playground.engine) as db:
        accounts.create_user(db, username="bob", password=PASSWORD, is_admin=True)
    # Two at once: more of one name at once are throttled as a guessing burst (429).
    clients = [TestClient(app, follow_redirects=False) for _ in range(2)]

    def log_in(number: int) -> int:
        form = {"username": "bob", "password": PASSWORD}
        status: int = clients[number].post("/login", data=form).status_code
        return status

    for _round in range(6):
        assert _together(2, log_in) == [303, 303]
    for client in clients:
        assert client.get("/history").status_code == 200
        client.close()
