"""The archive: SQLAlchemy 2.x models, engine set-up, one repository module per concern, and
Alembic migrations."""
