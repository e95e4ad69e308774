"""history search index

A substring search cannot use a B-tree index, and scanning wide history rows does not
stay fast at 100,000 entries. SQLite gets an FTS5 trigram index kept in sync by
triggers; PostgreSQL gets a pg_trgm GIN index on the same search document.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from playground.store.search import PG_SEARCH_DOCUMENT

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_COLUMNS = "profile_name, failure_message, action_errorcodes, request_json"
_NEW = "new.profile_name, new.failure_message, new.action_errorcodes, new.request_json"
_OLD = "old.profile_name, old.failure_message, old.action_errorcodes, old.request_json"


def _sqlite_upgrade() -> None:
    """An external-content FTS5 table over history_entry, with sync triggers."""
    op.execute(
        f"CREATE VIRTUAL TABLE history_fts USING fts5({_COLUMNS}, "
        "content='history_entry', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER history_fts_insert AFTER INSERT ON history_entry BEGIN "
        f"INSERT INTO history_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END"
    )
    op.execute(
        "CREATE TRIGGER history_fts_delete AFTER DELETE ON history_entry BEGIN "
        f"INSERT INTO history_fts(history_fts, rowid, {_COLUMNS}) "
        f"VALUES ('delete', old.id, {_OLD}); END"
    )
    op.execute(
        "CREATE TRIGGER history_fts_update AFTER UPDATE ON history_entry BEGIN "
        f"INSERT INTO history_fts(history_fts, rowid, {_COLUMNS}) "
        f"VALUES ('delete', old.id, {_OLD}); "
        f"INSERT INTO history_fts(rowid, {_COLUMNS}) VALUES (new.id, {_NEW}); END"
    )
    op.execute("INSERT INTO history_fts(history_fts) VALUES ('rebuild')")


def _postgres_upgrade() -> None:
    """A trigram GIN index, when the pg_trgm extension can be had."""
    bind = op.get_bind()
    # Creating an extension needs rights a deployment may not grant; search then still
    # works, only without the index.
    with bind.begin_nested():
        available = bind.execute(
            sa.text("SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'")
        ).first()
    if available is None:
        return
    try:
        with bind.begin_nested():
            op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError:
        return
    op.execute(
        "CREATE INDEX ix_history_search_trgm ON history_entry "
        f"USING gin (({PG_SEARCH_DOCUMENT}) gin_trgm_ops)"
    )


def upgrade() -> None:
    """Apply this revision."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_upgrade()
    elif dialect == "postgresql":
        _postgres_upgrade()


def downgrade() -> None:
    """Revert this revision."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for trigger in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS history_fts_{trigger}")
        op.execute("DROP TABLE IF EXISTS history_fts")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_history_search_trgm")
