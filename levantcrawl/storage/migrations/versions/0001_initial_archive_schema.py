"""initial archive schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28 22:54:00.118170
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import levantcrawl.storage.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "body",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compressed", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body")),
        sa.UniqueConstraint("sha256", name=op.f("uq_body_sha256")),
    )
    op.create_table(
        "site",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=True),
        sa.Column(
            "created_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site")),
        sa.UniqueConstraint("host", name=op.f("uq_site_host")),
    )
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column(
            "first_seen_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_seen_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "removed_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_article_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_article_canonical_url")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_site_id"), ["site_id"], unique=False)

    op.create_table(
        "crawl",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=True),
        sa.Column("spider", sa.String(length=64), nullable=False),
        sa.Column("start_url", sa.Text(), nullable=False),
        sa.Column(
            "started_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "finished_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["site.id"], name=op.f("fk_crawl_site_id_site")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_crawl")),
    )
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_crawl_site_id"), ["site_id"], unique=False)

    op.create_table(
        "capture",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column(
            "fetched_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column(
            "last_seen_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_capture_article_id_article")
        ),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_capture_body_id_body")),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawl.id"], name=op.f("fk_capture_crawl_id_crawl")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capture")),
    )
    with op.batch_alter_table("capture", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_capture_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_capture_crawl_id"), ["crawl_id"], unique=False)

    op.create_table(
        "failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawl.id"], name=op.f("fk_failure_crawl_id_crawl")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failure")),
    )
    with op.batch_alter_table("failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_failure_crawl_id"), ["crawl_id"], unique=False)

    op.create_table(
        "url_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column(
            "first_seen_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_url_alias_article_id_article")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_url_alias")),
        sa.UniqueConstraint("url", name=op.f("uq_url_alias_url")),
    )
    with op.batch_alter_table("url_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_url_alias_article_id"), ["article_id"], unique=False)

    op.create_table(
        "revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=False),
        sa.Column("capture_id", sa.Integer(), nullable=True),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("body_sha256", sa.String(length=64), nullable=False),
        sa.Column(
            "fetched_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("word_count", sa.Integer(), nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column(
            "published_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("published_source", sa.String(length=32), nullable=True),
        sa.Column("published_has_time", sa.Boolean(), nullable=False),
        sa.Column(
            "modified_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("modified_source", sa.String(length=32), nullable=True),
        sa.Column("section", sa.String(length=255), nullable=True),
        sa.Column("section_path", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("lead_image", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_revision_article_id_article")
        ),
        sa.ForeignKeyConstraint(
            ["capture_id"], ["capture.id"], name=op.f("fk_revision_capture_id_capture")
        ),
        sa.ForeignKeyConstraint(
            ["crawl_id"], ["crawl.id"], name=op.f("fk_revision_crawl_id_crawl")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_revision")),
        sa.UniqueConstraint("article_id", "number", name=op.f("uq_revision_article_id_number")),
    )
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_revision_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_revision_crawl_id"), ["crawl_id"], unique=False)

    op.create_table(
        "link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=False),
        sa.Column("target_url", sa.Text(), nullable=False),
        sa.Column("target_article_id", sa.Integer(), nullable=True),
        sa.Column("anchor", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["revision_id"], ["revision.id"], name=op.f("fk_link_revision_id_revision")
        ),
        sa.ForeignKeyConstraint(
            ["target_article_id"], ["article.id"], name=op.f("fk_link_target_article_id_article")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link")),
    )
    with op.batch_alter_table("link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_link_revision_id"), ["revision_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_link_target_article_id"), ["target_article_id"], unique=False
        )
        batch_op.create_index("ix_link_target_url", ["target_url"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("link", schema=None) as batch_op:
        batch_op.drop_index("ix_link_target_url")
        batch_op.drop_index(batch_op.f("ix_link_target_article_id"))
        batch_op.drop_index(batch_op.f("ix_link_revision_id"))

    op.drop_table("link")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_revision_crawl_id"))
        batch_op.drop_index(batch_op.f("ix_revision_article_id"))

    op.drop_table("revision")
    with op.batch_alter_table("url_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_url_alias_article_id"))

    op.drop_table("url_alias")
    with op.batch_alter_table("failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_failure_crawl_id"))

    op.drop_table("failure")
    with op.batch_alter_table("capture", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_capture_crawl_id"))
        batch_op.drop_index(batch_op.f("ix_capture_article_id"))

    op.drop_table("capture")
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crawl_site_id"))

    op.drop_table("crawl")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_site_id"))

    op.drop_table("article")
    op.drop_table("site")
    op.drop_table("body")
