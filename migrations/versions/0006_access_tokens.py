"""personal access tokens and saved-request expectations

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "access_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("prefix", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("profile_ids", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("resourcetypes", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.Column("read_only", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_access_token_token_hash"), ["token_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_access_token_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("saved_request", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expect_ok", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("expect_min_records", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "expect_field",
                sqlmodel.sql.sqltypes.AutoString(length=120),
                nullable=False,
                server_default="",
            )
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("saved_request", schema=None) as batch_op:
        batch_op.drop_column("expect_field")
        batch_op.drop_column("expect_min_records")
        batch_op.drop_column("expect_ok")
    with op.batch_alter_table("access_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_access_token_user_id"))
        batch_op.drop_index(batch_op.f("ix_access_token_token_hash"))
    op.drop_table("access_token")
