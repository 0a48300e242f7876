"""Shared fixtures: real databases (a SQLite file, a PostgreSQL schema) and real servers."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from typing import TYPE_CHECKING
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from levantcrawl.storage.db import open_archive

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

PG_SERVER_URL = os.environ.get(
    "LEVANTCRAWL_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("LEVANTCRAWL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def _service_missing(what: str, exc: Exception) -> None:
    """In CI a missing service is a failure; on a laptop the test skips and says why."""
    message = f"{what} is not reachable ({exc.__class__.__name__}: {exc})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must provide it", pytrace=False)
    pytest.skip(
        f"{message}; start it, or point LEVANTCRAWL_TEST_PG_URL / LEVANTCRAWL_TEST_REDIS_URL "
        "at one, to run this test"
    )


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    engine = create_engine(PG_SERVER_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        _service_missing(f"PostgreSQL at {PG_SERVER_URL}", exc)
    finally:
        engine.dispose()
    return PG_SERVER_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    from redis import Redis
    from redis.exceptions import RedisError

    server = Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        server.ping()
    except RedisError as exc:
        _service_missing(f"Redis at {REDIS_URL}", exc)
    finally:
        server.close()
    return REDIS_URL


@pytest.fixture
def frontier_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix of the test's own in the shared Redis, its keys deleted afterwards."""
    from redis import Redis

    prefix = f"lc-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    server = Redis.from_url(redis_url)
    keys = list(server.scan_iter(match=f"{prefix}:*"))
    if keys:
        server.delete(*keys)
    server.close()


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema, dropped afterwards."""
    with pg_schema(pg_server_url) as url:
        yield url


@contextmanager
def pg_schema(pg_server_url: str) -> Iterator[str]:
    """A URL of a fresh PostgreSQL schema, for a test that needs more than pg_url's one."""
    schema = f"lc_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_server_url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in pg_server_url else "?"
    try:
        yield f"{pg_server_url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'archive.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Every storage test runs against both backends."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    return str(request.getfixturevalue(name))


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: each test leaves no rows."""
    archive = open_archive(db_url)
    with archive.engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        outer.rollback()
    archive.close()
