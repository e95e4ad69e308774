"""Migration 0016: the duplicates a race left behind go, and the index refuses new ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from alembic import command
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from playground.store import migrate
from playground.store.db import make_engine
from playground.store.models import Variable
from tests.db_support import add_admin_row, profile_row

EARLIER = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LATER = EARLIER + timedelta(seconds=1)


def test_of_each_names_rows_the_one_saved_last_stays(empty_database_url: str) -> None:
    command.upgrade(migrate.alembic_config(empty_database_url), "0015")
    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        ada = add_admin_row(db)
        profile = profile_row(ada, "Live")
        db.add(profile)
        db.commit()
        rows = [
            ("team", None, None, "old", EARLIER), ("team", None, None, "new", LATER),
            ("user", ada, None, "first", EARLIER), ("user", ada, None, "second", EARLIER),
            ("profile", None, profile.id, "alone", EARLIER),
        ]  # fmt: skip
        for scope, owner, profile_id, value, at in rows:
            db.add(Variable(scope=scope, owner_id=owner, profile_id=profile_id, name="estate",
                            value=value, updated_at=at))  # fmt: skip
        db.commit()
    engine.dispose()

    migrate.upgrade(empty_database_url)

    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        kept = db.exec(select(Variable).order_by(col(Variable.scope))).all()
        # Saved at the same moment: the higher id (the later insert) stays.
        assert [(v.scope, v.value) for v in kept] == [
            ("profile", "alone"), ("team", "new"), ("user", "second"),
        ]  # fmt: skip
        db.add(Variable(scope="team", name="estate", value="again"))
        with pytest.raises(IntegrityError):
            db.commit()
    engine.dispose()
