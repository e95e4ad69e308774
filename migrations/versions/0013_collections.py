"""collections: folders of saved requests, and a description on each saved request

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "saved_folder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("team", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["user.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("saved_folder", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_folder_owner_id"), ["owner_id"], unique=False)
    with op.batch_alter_table("saved_request", schema=None) as batch_op:
        # Existing requests get an empty description and stay unfiled.
        batch_op.add_column(
            sa.Column(
                "description",
                sqlmodel.sql.sqltypes.AutoString(length=2000),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(sa.Column("folder_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_saved_request_folder_id"), ["folder_id"], unique=False)
        batch_op.create_foreign_key(
            "fk_saved_request_folder_id_saved_folder",
            "saved_folder",
            ["folder_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("saved_request", schema=None) as batch_op:
        batch_op.drop_constraint("fk_saved_request_folder_id_saved_folder", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_saved_request_folder_id"))
        batch_op.drop_column("folder_id")
        batch_op.drop_column("description")
    with op.batch_alter_table("saved_folder", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_folder_owner_id"))
    op.drop_table("saved_folder")
