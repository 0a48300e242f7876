"""`levantcrawl db upgrade|current`: the archive's schema (Alembic migrations)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from levantcrawl.cli._common import (
    add_db_option,
    add_format_option,
    existing_archive,
    resolved_db,
)
from levantcrawl.storage.db import migrate, open_archive, schema_state

if TYPE_CHECKING:
    import argparse


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("db", help="create or migrate the archive's schema")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, help_text in (
        ("upgrade", "migrate the schema to this version's head"),
        ("current", "print the schema revision"),
    ):
        action = actions.add_parser(name, help=help_text)
        add_db_option(action)
        add_format_option(action, ("text", "json"))
        action.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "upgrade":
        current, head = migrate(resolved_db(args))  # creates the archive when there is none
    else:
        archive = open_archive(existing_archive(args), migrate=False)
        current, head = schema_state(archive.engine)
        archive.close()
    if args.format == "json":
        print(json.dumps({"current": current, "head": head}))
    else:
        print(f"schema {current or 'empty'} (head {head})")
    return 0
