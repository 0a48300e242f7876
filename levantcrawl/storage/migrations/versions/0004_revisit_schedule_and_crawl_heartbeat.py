"""revisit schedule and crawl heartbeat

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 00:11:01.472480
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import levantcrawl.storage.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "next_check_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        # Articles archived before this revision have never been found unchanged.
        batch_op.add_column(
            sa.Column("unchanged_checks", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.create_index(
            batch_op.f("ix_article_next_check_at"), ["next_check_at"], unique=False
        )

    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "heartbeat_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=True
            )
        )
        batch_op.add_column(sa.Column("owner", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.drop_column("owner")
        batch_op.drop_column("heartbeat_at")

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_next_check_at"))
        batch_op.drop_column("unchanged_checks")
        batch_op.drop_column("next_check_at")
