"""one variable per name: a unique index on (scope, owner, profile, name)

Two requests saving the same new name at the same moment could both insert it, and
which of the two a send then used was left to chance. The index makes the second insert
fail (the service then changes the first). Before it is made, the rows such a race left
behind go: of each name's rows the one saved last stays.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_variables = sa.table(
    "variable",
    sa.column("id", sa.Integer()),
    sa.column("scope", sa.String()),
    sa.column("owner_id", sa.Integer()),
    sa.column("profile_id", sa.Integer()),
    sa.column("name", sa.String()),
    sa.column("updated_at", sa.DateTime()),
)


def _place(table: sa.TableClause) -> list[sa.ColumnElement[object]]:
    """What the index compares: scope, owner and profile (a missing one as 0), name."""
    c = table.c
    return [c.scope, sa.func.coalesce(c.owner_id, 0), sa.func.coalesce(c.profile_id, 0), c.name]


def upgrade() -> None:
    """Apply this revision."""
    v = _variables.c
    # Numbered within each place and name, the last saved first (the higher id on a tie);
    # one pass over the table, where a correlated "is there a later one" scans it per row.
    newest_first = sa.func.row_number().over(
        partition_by=_place(_variables), order_by=[v.updated_at.desc(), v.id.desc()]
    )
    ranked = sa.select(v.id, newest_first.label("rank")).subquery("ranked")
    older = sa.select(ranked.c.id).where(ranked.c.rank > 1)
    op.execute(sa.delete(_variables).where(v.id.in_(older)))
    with op.batch_alter_table("variable", schema=None) as batch_op:
        batch_op.create_index(
            "uq_variable_place_name",
            ["scope", sa.text("coalesce(owner_id, 0)"), sa.text("coalesce(profile_id, 0)"), "name"],
            unique=True,
        )


def downgrade() -> None:
    """Revert this revision (the removed duplicates stay removed)."""
    with op.batch_alter_table("variable", schema=None) as batch_op:
        batch_op.drop_index("uq_variable_place_name")
