"""each site's section aliases, as its latest crawl applied them

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 03:00:00.000000

`levantcrawl reextract` reads stored pages again outside any crawl; without the aliases a
site list gave the site ("Syria" = "Sham"), a re-read article would fall back to the site's
own label and become a new revision. Sites archived before this revision have none recorded
until their next crawl. A plain ADD COLUMN on both backends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.add_column("site", sa.Column("section_aliases", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("site", "section_aliases")
