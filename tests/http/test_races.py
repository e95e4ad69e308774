"""Rules that must hold when requests arrive at the same moment, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TypeVar

import httpx
from fastapi import FastAPI
from sqlmodel import Session, col, select

from playground.services import users
from playground.services.errors import Conflict
from playground.services.users import Actor
from playground.store.models import User
from tests.client import TestClient
from tests.conftest import PASSWORD

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
