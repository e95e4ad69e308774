"""A write another request made moot at the same moment: the constraint names it.

A name stored meanwhile is a Duplicate; a row named or changed but deleted meanwhile is Gone.
"""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from playground.store import folders, profiles, saved, users
from playground.store.db import Duplicate, Gone, make_engine, refresh_existing
from playground.store.models import Profile, SavedFolder, SavedRequest, User
from tests.db_support import add_admin_row, profile_row


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


def test_a_write_naming_or_changing_a_deleted_row_is_gone_and_the_session_goes_on(
    database_url: str,
) -> None:
    engine = make_engine(database_url)
    # As the app's sessions: what was read stays loaded after a commit.
    with Session(engine, expire_on_commit=False) as db, Session(engine) as other:
        owner = add_admin_row(db)
        folder = folders.save(db, folder=SavedFolder(owner_id=owner, name="Going"))
        folder_id = folder.id
        kept = saved.save_saved(db, saved=SavedRequest(owner_id=owner, name="K", request_json="[]"))
        # Another request deletes the folder after this one read it.
        folders.delete(other, folder=other.get(SavedFolder, folder_id) or folder)
        folder.name = "Renamed"
        with pytest.raises(Gone):  # an update of it: no row left to change
            folders.save(db, folder=folder)
        kept.folder_id = folder_id
        with pytest.raises(Gone):  # a new reference to it: the foreign key refuses it
            saved.save_saved(db, saved=kept)
        orphan = SavedRequest(owner_id=owner, name="O", request_json="[]", folder_id=folder_id)
        with pytest.raises(Gone):
            saved.save_saved(db, saved=orphan)
        # Rolled back, not broken: nothing half-written, and the session writes on.
        assert [(s.name, s.folder_id) for s in db.exec(select(SavedRequest))] == [("K", None)]
        assert db.exec(select(SavedFolder)).all() == []
        folders.save(db, folder=SavedFolder(owner_id=owner, name="Next"))
        assert [f.name for f in db.exec(select(SavedFolder))] == ["Next"]
    engine.dispose()


def test_a_row_deleted_right_after_its_commit_is_gone_on_the_refresh(database_url: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db, Session(engine) as other:
        folder = folders.save(db, folder=SavedFolder(owner_id=add_admin_row(db), name="Going"))
        folders.delete(other, folder=other.get(SavedFolder, folder.id) or folder)
        with pytest.raises(Gone):
            refresh_existing(db, folder)
    engine.dispose()


def test_a_row_refused_for_another_reason_is_not_gone(database_url: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db:
        owner = add_admin_row(db)
        # The column is NOT NULL; the model does not check it, the database does.
        missing = SavedRequest(owner_id=owner, name="No recipe", request_json=None)  # type: ignore[arg-type]
        with pytest.raises(IntegrityError) as refused:  # NOT NULL, not a foreign key
            saved.save_saved(db, saved=missing)
        assert not isinstance(refused.value, Gone)
        assert db.exec(select(SavedRequest)).all() == []  # rolled back, the session goes on
    engine.dispose()
