"""the sitemap or feed lastmod seen at each article's last capture

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 10:00:00.000000

A lastmod that differs from the one recorded makes the article due, whatever the clocks say
(spiders/base.py). Articles archived before this revision have none recorded: the next crawl
asks for each listed one once, conditionally, and records it. A plain ADD COLUMN on both
backends, so SQLite does not rebuild `article` (and the views 0006 made stay put).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("article", sa.Column("listed_lastmod", sa.String(length=64), nullable=True))


def downgrade() -> None:
    # Not in batch mode: on SQLite that rebuilds `article`, which 0006's views forbid. SQLite
    # drops a column itself since 3.35.
    op.drop_column("article", "listed_lastmod")
