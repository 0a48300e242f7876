"""older revisions stored as deltas

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 00:20:55.359232
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("text_delta", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    packed = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM revision WHERE text_delta IS NOT NULL"))
        .scalar()
    )
    if packed:
        # Their text exists only as deltas: dropping the column would lose it.
        raise RuntimeError(f"{packed} revisions are stored as deltas; downgrade would lose them")
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_column("text_delta")
