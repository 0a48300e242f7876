"""The `levantcrawl` command: parse arguments, call library code, print results."""

from __future__ import annotations

import argparse
import atexit
import gc
import sys
from typing import TYPE_CHECKING

from levantcrawl import __version__
from levantcrawl.cli import (
    archive,
    browse,
    changes,
    crawl,
    db,
    diff,
    duplicates,
    export,
    extraction,
    failures,
    frontier,
    graph,
    health,
    sample_site,
    search,
)
from levantcrawl.cli._common import CliError
from levantcrawl.storage.db import ArchiveError

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
from typing import NoReturn

COMMANDS = (
    crawl,
    sample_site,
    archive,
    diff,
    changes,
    duplicates,
    export,
    graph,
    search,
    browse,
    extraction,
    failures,
    health,
    frontier,
    db,
)

# At exit CPython's last garbage collections walk every object still alive, only for the OS
# to take the memory back: half a second after a 2,000-page crawl. Frozen, they are skipped.
atexit.register(gc.freeze)


class OneLineErrorParser(argparse.ArgumentParser):
    """Bad arguments get one line (and exit status 2), not a usage block."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineErrorParser(
        prog="levantcrawl", description="Crawl news sites into a clean, versioned archive."
    )
    parser.add_argument("--version", action="version", version=f"levantcrawl {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace], int] = args.func
    try:
        return run(args)
    except (CliError, ArchiveError) as exc:
        print(f"levantcrawl {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"levantcrawl {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0  # `levantcrawl export | head` closed the pipe: not an error
