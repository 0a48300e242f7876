"""The archive: SQLAlchemy 2.x models, engine set-up, repositories and Alembic migrations."""
