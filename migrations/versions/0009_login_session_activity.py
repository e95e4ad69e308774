"""login_session: last use, browser and address (idle limit and the list of sessions)

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        # Sessions that exist already count as used now: none ends at the upgrade.
        batch_op.add_column(
            sa.Column(
                "last_seen_at",
                sqlmodel.sql.sqltypes.UTCDateTime(),
                nullable=False,
                server_default=sa.text("CURRENT_TIMESTAMP"),
            )
        )
        batch_op.add_column(
            sa.Column(
                "user_agent",
                sqlmodel.sql.sqltypes.AutoString(length=255),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column(
                "address",
                sqlmodel.sql.sqltypes.AutoString(length=64),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("login_session", schema=None) as batch_op:
        batch_op.drop_column("address")
        batch_op.drop_column("user_agent")
        batch_op.drop_column("last_seen_at")
