"""The folder queries: a folder and its requests are stored together or not at all."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from playground.store import folders
from playground.store.db import make_engine
from playground.store.models import SavedFolder, SavedRequest
from tests.db_support import add_admin_row


def test_a_folder_and_its_requests_are_written_together_or_not_at_all(database_url: str) -> None:
    engine = make_engine(database_url)
    with Session(engine) as db:
        owner = add_admin_row(db)
        good = SavedRequest(owner_id=owner, name="Good", request_json="[]")
        # An owner that does not exist: the database refuses this row at the commit.
        orphan = SavedRequest(owner_id=owner + 999, name="Orphan", request_json="[]")
        with pytest.raises(IntegrityError):
            folders.add_with_requests(
                db, folder=SavedFolder(owner_id=owner, name="Half"), requests=[good, orphan]
            )
        db.rollback()
        assert db.exec(select(SavedFolder)).all() == []
        assert db.exec(select(SavedRequest)).all() == []

        folder = folders.add_with_requests(
            db,
            folder=SavedFolder(owner_id=owner, name="Whole"),
            requests=[SavedRequest(owner_id=owner, name="Kept", request_json="[]")],
        )
        [kept] = folders.requests_in(db, folder_id=folder.id or 0, limit=10)
        assert kept.name == "Kept"
        folders.delete(db, folder=folder)  # its requests stay, unfiled
        [left] = db.exec(select(SavedRequest)).all()
        assert left.name == "Kept" and left.folder_id is None
    engine.dispose()
