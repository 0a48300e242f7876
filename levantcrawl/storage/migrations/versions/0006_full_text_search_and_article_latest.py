"""full-text search and the article_latest view

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 09:12:40.218311

Both backends get `article_latest`, one row per article with its latest revision: the table a
person browses. Full-text search over revision titles and text:

- SQLite: an FTS5 table kept in sync by triggers on `revision`, so every writer (the crawl,
  re-extraction, packing older revisions) keeps it current without code. It indexes the
  view `revision_fts_source`, which strips Arabic short vowels and tatweel first: the
  unicode61 tokenizer treats those marks as separators, so a vowelled word would otherwise
  be indexed as fragments that no unvowelled query finds.
- PostgreSQL: a GIN index over the same normalised text with the `simple` configuration (no
  English-only stemming). storage/search.py repeats its expression word for word.

On SQLite, a later migration that rebuilds `revision`, `article` or `site` in batch mode must
drop the views first (renaming the rebuilt table fails while a view names it) and, for
`revision`, create the triggers again: they are dropped with the old table.
"""

from __future__ import annotations

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | None = None
depends_on: str | None = None

# Arabic short vowels, tanween, shadda and sukun (U+064B-U+0652), the dagger alef and tatweel.
ARABIC_MARKS = (*range(0x064B, 0x0653), 0x0670, 0x0640)

ARTICLE_LATEST = """
CREATE VIEW article_latest AS
SELECT a.id AS article_id, a.canonical_url AS url, s.host AS site, r.title, r.section,
       r.language, r.published_at, r.fetched_at, r.word_count, r.number AS revision_number,
       r.id AS revision_id, a.removed_at, a.duplicate_of_id, r."text"
FROM article AS a
JOIN site AS s ON s.id = a.site_id
JOIN revision AS r ON r.article_id = a.id
WHERE r.number = (SELECT max(newer.number) FROM revision AS newer WHERE newer.article_id = a.id)
"""


def _sqlite_stripped(column: str) -> str:
    """`column` without Arabic marks: SQLite has no translate(), so one replace() per mark."""
    expression = column
    for code in ARABIC_MARKS:
        expression = f"replace({expression}, char({code}), '')"
    return expression


def _sqlite_fts_row(row: str) -> str:
    """The values an FTS row of the revision `row` (new or old) holds, as the view gives them."""
    title, text = _sqlite_stripped(f"{row}.title"), _sqlite_stripped(f'{row}."text"')
    return f"{row}.id, {title}, {text}"


SQLITE_UPGRADE = (
    f"""
    CREATE VIEW revision_fts_source AS
    SELECT id, {_sqlite_stripped("title")} AS title, {_sqlite_stripped('"text"')} AS "text"
    FROM revision
    """,  # noqa: S608 - SQL built from this file's constants, no input
    """
    CREATE VIRTUAL TABLE revision_fts USING fts5(
        title, "text", content='revision_fts_source', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    f"""
    CREATE TRIGGER revision_fts_insert AFTER INSERT ON revision BEGIN
        INSERT INTO revision_fts (rowid, title, "text") VALUES ({_sqlite_fts_row("new")});
    END
    """,  # noqa: S608 - SQL built from this file's constants, no input
    f"""
    CREATE TRIGGER revision_fts_delete AFTER DELETE ON revision BEGIN
        INSERT INTO revision_fts (revision_fts, rowid, title, "text")
        VALUES ('delete', {_sqlite_fts_row("old")});
    END
    """,  # noqa: S608 - SQL built from this file's constants, no input
    f"""
    CREATE TRIGGER revision_fts_update AFTER UPDATE OF title, "text" ON revision BEGIN
        INSERT INTO revision_fts (revision_fts, rowid, title, "text")
        VALUES ('delete', {_sqlite_fts_row("old")});
        INSERT INTO revision_fts (rowid, title, "text") VALUES ({_sqlite_fts_row("new")});
    END
    """,  # noqa: S608 - SQL built from this file's constants, no input
    # Index the revisions already archived.
    "INSERT INTO revision_fts (revision_fts) VALUES ('rebuild')",
)
SQLITE_DOWNGRADE = (
    "DROP TRIGGER revision_fts_update",
    "DROP TRIGGER revision_fts_delete",
    "DROP TRIGGER revision_fts_insert",
    "DROP TABLE revision_fts",
    "DROP VIEW revision_fts_source",
)

_MARKS = "".join(chr(code) for code in ARABIC_MARKS)
POSTGRESQL_UPGRADE = (
    # Building it locks revision against writes for as long as it takes: run it between crawls.
    "CREATE INDEX ix_revision_fulltext ON revision USING gin "
    f"""(to_tsvector('simple', translate(title || ' ' || "text", '{_MARKS}', '')))""",
)
POSTGRESQL_DOWNGRADE = ("DROP INDEX ix_revision_fulltext",)


def upgrade() -> None:
    op.execute(ARTICLE_LATEST)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UPGRADE if sqlite else POSTGRESQL_UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWNGRADE if sqlite else POSTGRESQL_DOWNGRADE:
        op.execute(statement)
    op.execute("DROP VIEW article_latest")
