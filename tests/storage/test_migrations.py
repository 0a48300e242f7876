"""An archive made by the first schema version upgrades to the current one, data intact."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import text

from levantcrawl.storage import listings, revisions
from levantcrawl.storage.db import (
    SCHEMA_HEAD,
    alembic_config,
    current_revision,
    make_engine,
    open_archive,
    schema_state,
)

pytestmark = pytest.mark.storage
T = "2024-08-05 10:00:00"
URL = "https://news.example/2024/08/1234-talks"
# The first schema's own columns only, as a version-0001 archive holds them.
ROWS: list[tuple[str, dict[str, object]]] = [
    ("INSERT INTO site (id, host, name, created_at) VALUES (1, 'news.example', 'News', :t)", {}),
    (
        "INSERT INTO crawl (id, site_id, spider, start_url, started_at, status, stats) "
        "VALUES (1, 1, 'news', 'https://news.example/', :t, 'finished', CAST(:empty AS JSON))",
        {"empty": "{}"},
    ),
    (
        "INSERT INTO article (id, site_id, canonical_url, first_seen_at, last_seen_at) "
        "VALUES (1, 1, :url, :t, :t)",
        {"url": URL},
    ),
    (
        "INSERT INTO url_alias (id, article_id, url, first_seen_at) VALUES (1, 1, :url, :t)",
        {"url": URL},
    ),
    (
        "INSERT INTO revision (id, article_id, number, crawl_id, content_sha256, body_sha256, "
        "fetched_at, title, text, word_count, authors, published_has_time, section_path, tags) "
        "VALUES (1, 1, 1, 1, 'c', 'b', :t, 'Talks', :text, 2, CAST(:none AS JSON), :yes, "
        "CAST(:none AS JSON), CAST(:none AS JSON))",
        {"text": "One.\n\nTwo.", "none": "[]", "yes": True},
    ),
]


def test_first_schema_upgrades_with_its_data(db_url: str) -> None:
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as connection:
        for statement, params in ROWS:
            connection.execute(text(statement), {"t": T, **params})
    engine.dispose()
    archive = open_archive(db_url)  # migrates to head on first use
    current, head = schema_state(archive.engine)
    assert current == head
    with archive.sessions() as session:
        article = listings.article_by_url(session, "https://news.example/2024/08/1234-talks")
        assert article is not None
        assert article.unchanged_checks == 0
        revision = revisions.latest_revision(session, article.id)
        assert revision is not None
        assert revision.paragraphs == ["One.", "Two."]
        assert (revision.template_pages, revision.warnings) == (0, [])
    archive.close()


def test_schema_head_is_the_newest_migration(db_url: str) -> None:
    """open_archive compares with SCHEMA_HEAD instead of reading the scripts with alembic."""
    archive = open_archive(db_url)
    current, head = schema_state(archive.engine)
    assert head == SCHEMA_HEAD
    assert current_revision(archive.engine) == current == head
    archive.close()


def test_crawl_statuses_of_earlier_versions_take_the_new_vocabulary(db_url: str) -> None:
    """0007: the status column held Scrapy's close reason; it moves to `reason`."""
    engine = make_engine(db_url)
    command.upgrade(alembic_config(engine), "0006")
    old = ["finished", "closespider_timeout", "shutdown", "interrupted", "cancelled", "running"]
    with engine.begin() as connection:
        connection.execute(text(ROWS[0][0]), {"t": T})
        for number, status in enumerate(old, start=1):
            connection.execute(
                text(
                    "INSERT INTO crawl (id, site_id, spider, start_url, started_at, status, stats) "
                    "VALUES (:id, 1, 'news', 'https://news.example/', :t, :status, "
                    "CAST(:empty AS JSON))"
                ),
                {"id": number, "t": T, "status": status, "empty": "{}"},
            )
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT status, reason FROM crawl ORDER BY id")).all()
    assert [tuple(row) for row in rows] == [
        ("finished", "finished"),
        ("finished", "closespider_timeout"),
        ("interrupted", "shutdown"),
        ("interrupted", "killed"),
        ("failed", "cancelled"),
        ("running", None),
    ]
    command.downgrade(alembic_config(engine), "0006")
    with engine.connect() as connection:
        statuses = list(connection.scalars(text("SELECT status FROM crawl ORDER BY id")))
    assert statuses == old
    engine.dispose()
