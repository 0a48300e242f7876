"""Alembic environment: runs against the engine levantcrawl hands over, never an ini file."""

from __future__ import annotations

from alembic import context

from levantcrawl.storage.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
