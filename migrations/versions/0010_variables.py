"""variables ({{name}} values of a user, the team or a profile) and requests as written

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "variable",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["profile_id"], ["profile.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("variable", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_variable_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_variable_profile_id"), ["profile_id"], unique=False)
    op.create_table(
        "history_written",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("request_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["entry_id"], ["history_entry.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("entry_id"),
    )


def downgrade() -> None:
    """Revert this revision."""
    op.drop_table("history_written")
    with op.batch_alter_table("variable", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_variable_profile_id"))
        batch_op.drop_index(batch_op.f("ix_variable_owner_id"))
    op.drop_table("variable")
