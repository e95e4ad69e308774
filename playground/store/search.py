"""Text search over history: an FTS5 trigram index on SQLite, pg_trgm on PostgreSQL.

Both indexes (migration 0003) live outside the SQLModel tables, so this module also
tells Alembic to leave them alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, column, func, literal_column, or_, table, text
from sqlmodel import col

from playground.store.models import HistoryEntry

# The same expression must appear in the index and in the query for PostgreSQL to use it.
PG_SEARCH_DOCUMENT = (
    "lower(profile_name || ' ' || coalesce(failure_message, '') || ' ' || "
    "action_errorcodes || ' ' || request_json)"
)
SQLITE_FTS_TABLE = "history_fts"
# A trigram index needs at least three characters to find anything.
MIN_INDEXED_TERM = 3
_OUTSIDE_MODELS = frozenset(
    {SQLITE_FTS_TABLE, "ix_history_search_trgm"}
    | {f"{SQLITE_FTS_TABLE}_{shadow}" for shadow in ("data", "idx", "docsize", "config")}
)

fts = table(SQLITE_FTS_TABLE, column("rowid"))


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic hook: ignore the search index objects the models do not describe."""
    return not (reflected and name in _OUTSIDE_MODELS)


def terms(query: str) -> list[str]:
    """The search words, each matched as a substring; all must occur."""
    return [word for word in query.lower().split() if word][:8]


def _like(term: str) -> str:
    """A LIKE pattern matching a term anywhere, the user's wildcards taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def like_condition(term: str) -> ColumnElement[bool]:
    """A portable (slow) substring match over the searchable columns."""
    pattern = _like(term)
    return or_(
        func.lower(col(HistoryEntry.request_json)).like(pattern, escape="\\"),
        func.lower(col(HistoryEntry.profile_name)).like(pattern, escape="\\"),
        func.lower(col(HistoryEntry.failure_message)).like(pattern, escape="\\"),
        col(HistoryEntry.action_errorcodes).like(pattern, escape="\\"),
    )


def fts_match(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted phrase (so no FTS syntax leaks in), ANDed."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in words)


def postgres_condition(words: list[str]) -> ColumnElement[bool]:
    """Substring matches on the indexed search document."""
    document: ColumnElement[str] = literal_column(PG_SEARCH_DOCUMENT)
    return and_(*(document.like(_like(word), escape="\\") for word in words))


def fts_condition() -> Any:
    """The MATCH clause with a bound query parameter named `fts_query`."""
    return text(f"{SQLITE_FTS_TABLE} MATCH :fts_query")
