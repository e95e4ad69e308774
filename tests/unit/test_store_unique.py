"""A name another request stored at the same moment: the constraint refuses it as Duplicate."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from playground.store import profiles, users
from playground.store.db import Duplicate, make_engine
from playground.store.models import Profile, User
from tests.db_support import profile_row


def test_a_taken_name_is_a_duplicate_and_the_session_goes_on(database_url: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db:
        ada = users.add_user(db, username="ada", password_hash="x", is_admin=True)
        with pytest.raises(Duplicate):
            users.add_user(db, username="ada", password_hash="y", is_admin=False)
        assert ada.id is not None
        profiles.save_profile(db, profile=profile_row(ada.id, "Live"))
        with pytest.raises(Duplicate):
            profiles.save_profile(db, profile=profile_row(ada.id, "Live"))
        # Rolled back, not broken: the session writes on.
        profiles.save_profile(db, profile=profile_row(ada.id, "Other"))
        assert len(db.exec(select(User)).all()) == 1
        assert sorted(p.name for p in db.exec(select(Profile))) == ["Live", "Other"]
    engine.dispose()


def test_a_row_refused_for_another_reason_is_no_duplicate(database_url: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db, pytest.raises(IntegrityError):
        profiles.save_profile(db, profile=profile_row(987654, "Nobody's"))  # no such owner
    engine.dispose()
