"""Engine and sessionmaker, built once per process; the schema is migrated on first use."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

if TYPE_CHECKING:
    from collections.abc import Iterator

    from alembic.config import Config
    from sqlalchemy.engine import Engine

# The newest migration. A test holds it to alembic's own reading of the scripts; opening an
# archive already at head then needs no alembic import, about half a second of every command.
SCHEMA_HEAD = "0009"


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
        raise ArchiveError(f"cannot use database {_shown(url)!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    location = resources.files("levantcrawl.storage") / "migrations"
    config.set_main_option("script_location", str(location))
    config.attributes["engine"] = engine
    return config


def schema_state(engine: Engine) -> tuple[str | None, str]:
    """(current revision, head revision) of the archive's schema, as alembic reads them."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head or ""


def current_revision(engine: Engine) -> str | None:
    """The schema revision the archive records, read without alembic (None: no schema)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
        return ",".join(sorted(versions)) or None


# pg_advisory_lock key for schema upgrades ("levantcr" in ASCII): workers starting together
# on a new PostgreSQL archive take turns, and the later ones find the schema at head.
_UPGRADE_LOCK = 0x6C6576616E746372


def upgrade(engine: Engine) -> None:
    from alembic import command

    if engine.dialect.name != "postgresql":
        command.upgrade(alembic_config(engine), "head")
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": _UPGRADE_LOCK})
        try:
            command.upgrade(alembic_config(engine), "head")
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": _UPGRADE_LOCK})


@contextmanager
def _as_archive_errors(url: str, engine: Engine) -> Iterator[None]:
    """Database errors at open time become one sentence a person can act on."""
    try:
        yield
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        reason = " ".join((str(exc.orig) if exc.orig is not None else str(exc)).split())
        raise ArchiveError(f"cannot open the archive at {_shown(url)}: {reason}") from exc
    except ArchiveError:
        engine.dispose()
        raise


def _shown(url: str) -> str:
    """The URL for a message: without its password, which logs and mails would keep."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def migrate(url: str) -> tuple[str | None, str]:
    """Bring the archive's schema to head; returns (current, head) afterwards."""
    engine = make_engine(url)
    with _as_archive_errors(url, engine):
        upgrade(engine)
        state = schema_state(engine)
    engine.dispose()
    return state


def open_archive(url: str, *, migrate: bool = True) -> Archive:
    """Open (and on first use create) the archive at `url`. Raises ArchiveError for a file
    that is not a database, an unreachable server, or a schema this version does not know."""
    engine = make_engine(url)
    with _as_archive_errors(url, engine):
        current, head = current_revision(engine), SCHEMA_HEAD
        if current != head:
            tables = set(inspect(engine).get_table_names()) - {"alembic_version"}
            if current is None and tables:
                raise ArchiveError(f"{_shown(url)} holds tables but no levantcrawl schema version")
            if not migrate:
                have = f"schema {current}" if current else "no levantcrawl schema yet"
                raise ArchiveError(
                    f"{_shown(url)} has {have} (head {head}); run `levantcrawl db upgrade`"
                )
            upgrade(engine)
    return Archive(engine, sessionmaker(engine, expire_on_commit=False))
