"""Datasette, as `levantcrawl browse` runs it: its search box reads the query language of
`levantcrawl search` (every word, "a phrase", a OR b, -word), not Datasette's own.

Datasette turns what is typed in a table's search box into FTS5 syntax with the SQL function
`escape_fts`, which quotes every word: `budget OR electricity` became three words that must
all appear, "OR" among them. Here that function is replaced, on every connection Datasette
opens, by the parser `levantcrawl search` uses (storage/search.py), so the browser and the
command line find the same articles for the same words. Run as a module, it is Datasette's
own command line with this plugin registered: nothing is installed into Datasette itself."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from datasette import hookimpl

from levantcrawl.storage.search import parse_query

if TYPE_CHECKING:
    import sqlite3

# What a query with no word in it ("!!!") matches: nothing, as in `levantcrawl search`.
MATCHES_NOTHING = '""'


def fts5_query(text: str | None) -> str:
    """A search box's text as an FTS5 query, read as `levantcrawl search` reads it."""
    try:
        return parse_query(text or "").fts5()
    except ValueError:
        return MATCHES_NOTHING


# trylast: Datasette's own prepare_connection (datasette.sql_functions) defines escape_fts;
# this one runs after it, and SQLite keeps the function defined last.
@hookimpl(trylast=True)  # type: ignore[untyped-decorator]  # datasette ships no types
def prepare_connection(conn: sqlite3.Connection) -> None:
    conn.create_function("escape_fts", 1, fts5_query, deterministic=True)


def main() -> None:
    from datasette.cli import cli
    from datasette.plugins import pm

    pm.register(sys.modules[__name__], name="levantcrawl-search")
    cli(prog_name="datasette")


if __name__ == "__main__":
    main()
