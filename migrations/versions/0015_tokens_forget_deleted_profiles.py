"""tokens forget deleted profiles: a listed profile that is gone comes off the token

Deleting a profile now takes it off every token that lists it (and revokes a token left
with none). Tokens made before that may still list deleted profiles, whose ids a new
profile could get again on SQLite: this applies the same rule to them.

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_tokens = sa.table(
    "access_token",
    sa.column("id", sa.Integer()),
    sa.column("profile_ids", sa.String()),
    sa.column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime()),
)
_profiles = sa.table("profile", sa.column("id", sa.Integer()))


def upgrade() -> None:
    """Apply this revision."""
    bind = op.get_bind()
    existing = set(bind.execute(sa.select(_profiles.c.id)).scalars())
    now = datetime.now(UTC)
    listing = sa.select(_tokens).where(_tokens.c.profile_ids != "")
    for token in bind.execute(listing).all():
        listed = [int(part) for part in token.profile_ids.split()]
        left = [i for i in listed if i in existing]
        if left == listed:
            continue
        values: dict[str, object] = {"profile_ids": f" {' '.join(map(str, left))} " if left else ""}
        if not left and token.revoked_at is None:
            values["revoked_at"] = now
        bind.execute(sa.update(_tokens).where(_tokens.c.id == token.id).values(**values))


def downgrade() -> None:
    """Nothing to undo: the deleted profiles stay deleted."""
