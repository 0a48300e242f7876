"""`levantcrawl sample-site`: serve the bundled Levant News site until interrupted."""

from __future__ import annotations

import argparse
import signal
import threading
from typing import TYPE_CHECKING

from levantcrawl.cli._common import CliError
from levantcrawl.samplesite import SampleSiteServer

if TYPE_CHECKING:
    from types import FrameType


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"port must be 0-65535, not {value}")
    return value


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "sample-site",
        help="serve the bundled Levant News sample site",
        description="Serve the generated Levant News site (the demo's and tests' target).",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=_port, default=8765, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=7, help="content seed (default: %(default)s)")
    parser.add_argument(
        "--edition", type=int, choices=(1, 2), default=1, help="site edition (default: 1)"
    )
    parser.add_argument(
        "--unmarked",
        action="store_true",
        help="serve Levant Daily: the same news with no article markup, only bylines",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Serve until SIGINT or SIGTERM, then shut down cleanly and return 0."""
    try:
        server = SampleSiteServer(
            args.host, args.port, seed=args.seed, edition=args.edition, unmarked=args.unmarked
        )
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror}") from None
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with server:
            name = "Levant Daily (unmarked)" if args.unmarked else "Levant News"
            print(f"{name} sample site (edition {args.edition}) at {server.base_url}/", flush=True)
            stop.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0
