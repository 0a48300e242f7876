"""article identity and near-duplicates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 23:49:26.472113
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "article_signature",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_article_signature_article_id_article")
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_signature")),
    )
    op.create_table(
        "minhash_band",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("band_key", sa.String(length=32), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["article.id"], name=op.f("fk_minhash_band_article_id_article")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_minhash_band")),
    )
    with op.batch_alter_table("minhash_band", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_minhash_band_article_id"), ["article_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_minhash_band_band_key"), ["band_key"], unique=False)

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url_key", sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column("duplicate_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("duplicate_similarity", sa.Double(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_article_duplicate_of_id"), ["duplicate_of_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_article_url_key"), ["url_key"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_article_duplicate_of_id_article"), "article", ["duplicate_of_id"], ["id"]
        )

    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_agency", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("published_offset", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revision", schema=None) as batch_op:
        batch_op.drop_column("published_offset")
        batch_op.drop_column("source_agency")

    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_article_duplicate_of_id_article"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_article_url_key"))
        batch_op.drop_index(batch_op.f("ix_article_duplicate_of_id"))
        batch_op.drop_column("duplicate_similarity")
        batch_op.drop_column("duplicate_of_id")
        batch_op.drop_column("url_key")

    with op.batch_alter_table("minhash_band", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_minhash_band_band_key"))
        batch_op.drop_index(batch_op.f("ix_minhash_band_article_id"))

    op.drop_table("minhash_band")
    op.drop_table("article_signature")
