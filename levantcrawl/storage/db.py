"""Engine and sessionmaker, built once per process; the schema is migrated on first use."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine


class ArchiveError(Exception):
    """The archive cannot be opened or used; the message is meant for a person."""


@dataclass(frozen=True, slots=True)
class Archive:
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the CLI) work while a crawl writes; NORMAL is durable enough with WAL.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ArchiveError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    try:
        engine = create_engine(parsed, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise ArchiveError(f"cannot use database {url!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    config = Config()
    location = resources.files("levantcrawl.storage") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["engine"] = engine
    return config


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(current revision, head revision) of the archive's schema."""
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head or ""


def upgrade(engine: Engine) -> None:
    command.upgrade(alembic_config(engine), "head")


def open_archive(url: str, *, migrate: bool = True) -> Archive:
    """Open (and on first use create) the archive at `url`. Raises ArchiveError for a file
    that is not a database, an unreachable server, or a schema this version does not know."""
    engine = make_engine(url)
    try:
        current, head = schema_state(engine)
        if current != head:
            tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
            if current is None and tables:
                raise ArchiveError(f"{url} holds tables but no levantcrawl schema version")
            if not migrate:
                raise ArchiveError(f"{url} is at schema {current}; run `levantcrawl db upgrade`")
            upgrade(engine)
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        reason = str(exc.orig) if exc.orig is not None else str(exc)
        raise ArchiveError(f"cannot open the archive at {url}: {reason}") from exc
    except ArchiveError:
        engine.dispose()
        raise
    return Archive(engine, sessionmaker(engine, expire_on_commit=False))
