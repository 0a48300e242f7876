"""Statements every repository module shares: inserts that skip rows already there."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def insert_ignore(
    session: Session, model: type[Any], values: dict[str, Any] | list[dict[str, Any]], key: str
) -> int:
    """INSERT of one row or several that skips each whose `key` already exists: safe under
    concurrent writers. Returns how many rows it inserted."""
    rows = values if isinstance(values, list) else [values]
    if not rows:
        return 0
    table = model.__table__
    if (ignoring := insert_ignoring_conflicts(session, table)) is not None:
        # Several rows as one executemany: its statement is compiled once and cached, where
        # a VALUES list of each length would be compiled anew.
        result = (
            session.execute(ignoring, rows)
            if len(rows) > 1
            else session.execute(ignoring.values(rows[0]))
        )
        return int(result.rowcount)  # type: ignore[attr-defined]
    inserted = 0
    for row in rows:
        if session.scalar(select(table.c.id).where(table.c[key] == row[key])) is None:
            session.execute(table.insert().values(row))
            inserted += 1
    return inserted


def table_of(model: type[Any]) -> Table:
    """A mapped class's table, for Core statements that skip the ORM's per-row work."""
    table: Table = model.__table__
    return table


def insert_ignoring_conflicts(session: Session, table: Any) -> Any | None:
    """INSERT … ON CONFLICT DO NOTHING into `table` on PostgreSQL and SQLite; None elsewhere."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return None
