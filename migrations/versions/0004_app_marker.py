"""app marker: first-run singleton and sandbox reset counter

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "app_marker",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("counter", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    # An installation that already has accounts is past its first run.
    op.execute(
        "INSERT INTO app_marker (name, counter, at) "
        "SELECT 'first_run', 0, CURRENT_TIMESTAMP WHERE EXISTS (SELECT 1 FROM \"user\")"
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("app_marker")
