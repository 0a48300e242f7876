"""site template model and extraction provenance

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 23:22:25.413109
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import levantcrawl.storage.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "site_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("model", sa.JSON(), nullable=False),
        sa.Column(
            "updated_at", levantcrawl.storage.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["site_id"], ["site.id"], name=op.f("fk_site_template_site_id_site")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_site_template")),
        sa.UniqueConstraint("site_id", name=op.f("uq_site_template_site_id")),
    )
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tz", sa.String(length=64), nullable=True))

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("extractor", sa.String(length=64), nullable=True))
        # Rows from before this revision were extracted without a site model, with no warnings.
        batch_op.add_column(
            sa.Column("template_pages", sa.Integer(), nullable=False, server_default=sa.text("0"))
        )
        batch_op.add_column(sa.Column("kept_ratio", sa.Double(), nullable=True))
        batch_op.add_column(
            sa.Column("warnings", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_column("warnings")
        batch_op.drop_column("kept_ratio")
        batch_op.drop_column("template_pages")
        batch_op.drop_column("extractor")

    op.drop_table("site_template")
    with op.batch_alter_table("site", schema=None) as batch_op:
        batch_op.drop_column("tz")
