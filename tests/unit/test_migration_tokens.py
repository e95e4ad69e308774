"""Migration 0015: tokens made before it forget the deleted profiles they list."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic import command
from sqlmodel import Session, col, select

from playground.store import migrate
from playground.store.db import make_engine
from playground.store.models import AccessToken
from tests.db_support import add_admin_row, profile_row

EARLIER = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _token(db: Session, user_id: int, name: str, listed: str, revoked: bool = False) -> None:
    """A token as 0014 stored it."""
    db.add(
        AccessToken(
            user_id=user_id, name=name, token_hash=name.ljust(64, "0"), prefix=name,
            profile_ids=listed, revoked_at=EARLIER if revoked else None,
        )
    )  # fmt: skip


def test_listed_profiles_that_are_gone_come_off_and_a_token_left_with_none_is_revoked(
    empty_database_url: str,
) -> None:
    command.upgrade(migrate.alembic_config(empty_database_url), "0014")
    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        ada = add_admin_row(db)
        kept = profile_row(ada, "Kept")
        db.add(kept)
        db.commit()
        assert kept.id is not None
        kept_id, gone = kept.id, kept.id + 100
        _token(db, ada, "partly", f" {kept_id} {gone} ")
        _token(db, ada, "wholly", f" {gone} ")
        _token(db, ada, "every", "")
        _token(db, ada, "earlier", f" {gone} ", revoked=True)
        db.commit()
    engine.dispose()

    migrate.upgrade(empty_database_url)

    engine = make_engine(empty_database_url)
    with Session(engine) as db:
        found = {t.name: t for t in db.exec(select(AccessToken).order_by(col(AccessToken.id)))}
    engine.dispose()
    assert found["partly"].profile_ids == f" {kept_id} " and found["partly"].revoked_at is None
    assert found["wholly"].profile_ids == "" and found["wholly"].revoked_at is not None
    assert found["every"].profile_ids == "" and found["every"].revoked_at is None
    earlier = found["earlier"].revoked_at
    assert earlier is not None and earlier.replace(tzinfo=UTC) == EARLIER
