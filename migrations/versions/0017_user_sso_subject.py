"""user: the OpenID provider's subject an account is bound to

Sign-in with OpenID Connect found accounts by the name the provider sent, so whoever
could choose that name there got the account here. The provider's stable id (issuer and
subject) is now bound to the account at its first sign-in; existing accounts have none
yet and are bound at their next one.

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("sso_subject", sqlmodel.sql.sqltypes.AutoString(length=512), nullable=True)
        )
        batch_op.create_index(batch_op.f("ix_user_sso_subject"), ["sso_subject"], unique=True)


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_sso_subject"))
        batch_op.drop_column("sso_subject")
