"""crawl status and reason

A crawl's status becomes one of running, finished, failed, interrupted (outcome.py), and its
close reason moves to a column of its own: the status column held Scrapy's close reason
itself ("shutdown", "closespider_timeout"...), which a script had to know to read.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 20:30:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | None = None
depends_on: str | None = None

# The statuses earlier versions wrote, as the new vocabulary reads them (outcome.judge).
_WITHIN_BUDGET = (
    "finished",
    "closespider_timeout",
    "closespider_pagecount",
    "closespider_itemcount",
)
_INTERRUPTED = ("shutdown", "interrupted")


def upgrade() -> None:
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reason", sa.String(length=64), nullable=True))
    crawl = sa.table("crawl", sa.column("status", sa.String), sa.column("reason", sa.String))
    # A crawl marked "interrupted" was found dead by the next one: its process was killed.
    op.execute(crawl.update().where(crawl.c.status == "interrupted").values(reason="killed"))
    op.execute(
        crawl.update()
        .where(crawl.c.status.not_in(("running", "interrupted")))
        .values(reason=crawl.c.status)
    )
    op.execute(crawl.update().where(crawl.c.status.in_(_WITHIN_BUDGET)).values(status="finished"))
    op.execute(crawl.update().where(crawl.c.status.in_(_INTERRUPTED)).values(status="interrupted"))
    op.execute(
        crawl.update()
        .where(crawl.c.status.not_in(("running", "finished", "interrupted")))
        .values(status="failed")
    )


def downgrade() -> None:
    crawl = sa.table("crawl", sa.column("status", sa.String), sa.column("reason", sa.String))
    op.execute(
        crawl.update()
        .where(crawl.c.reason.is_not(None), crawl.c.reason != "killed")
        .values(status=crawl.c.reason)
    )
    with op.batch_alter_table("crawl", schema=None) as batch_op:
        batch_op.drop_column("reason")
