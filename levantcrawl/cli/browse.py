"""`levantcrawl browse`: the SQLite archive in Datasette, in a browser. `article_latest` (one
row per article) has a search box over the full-text index; every table can be clicked
through. Datasette runs as a child process until Ctrl-C."""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from levantcrawl.cli._common import CliError, resolved_db
from levantcrawl.storage.db import open_archive

if TYPE_CHECKING:
    from types import FrameType

# A query that runs longer gives up. Datasette reads while a crawl may be writing: WAL lets
# both go on, but a long read holds the write-ahead log from being folded back in.
SQL_TIME_LIMIT_MS = 3000
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
START_TIMEOUT = 60.0  # seconds for Datasette to answer before we give up
STOP_TIMEOUT = 10.0  # seconds for it to exit on SIGINT before it is killed
# Bytes Datasette leaves unescaped in a database name in its URLs (utils.tilde_encode).
_TILDE_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
# A wildcard address listens on every interface; it is reached on loopback.
_WILDCARDS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104 - not bound
# Our own child on this machine: never through an http_proxy from the environment.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SEARCH_HELP = (
    "The search box searches titles and text as `levantcrawl search` does: every word must "
    'appear, "quotes" for a phrase, a OR b for either, -word to leave one out. Arabic words '
    "are found whether or not the text writes short vowels."
)


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
        "browse",
        help="explore the archive in a browser (Datasette), with full-text search",
        description="Serve the SQLite archive with Datasette until Ctrl-C. It only reads: "
        "a crawl can write to the archive meanwhile.",
    )
    parser.add_argument(
        "--db",
        default=None,
        metavar="URL",
        help="the SQLite archive: a file path or sqlite:/// URL "
        "(default: $LEVANTCRAWL_DB_URL or ./levantcrawl.db)",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port", type=_port, default=8001, help="port; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--no-open", action="store_true", help="print the address, do not open a browser"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = archive_path(resolved_db(args))
    # Bring an archive made by an older version to head: the index and view must exist.
    open_archive(f"sqlite:///{path}").close()
    port = listen_port(args.host, args.port)
    with tempfile.TemporaryDirectory(prefix="levantcrawl-browse-") as folder:
        metadata = Path(folder) / "metadata.json"
        content = json.dumps(datasette_metadata(path.stem), ensure_ascii=False, indent=2)
        metadata.write_text(content, encoding="utf-8")
        command = datasette_command(path, metadata, args.host, port)
        return _serve(command, browse_url(args.host, port, path.stem), open_page=not args.no_open)


def archive_path(db: str) -> Path:
    """The archive's file from --db (a path or a sqlite:/// URL); CliError for anything else."""
    if "://" not in db:
        db = f"sqlite:///{db}"
    try:
        url = make_url(db)
    except ArgumentError:
        raise CliError(f"not a database URL: {db!r}") from None
    if url.get_backend_name() != "sqlite":
        raise CliError(
            "browse serves a SQLite archive (Datasette reads only SQLite); "
            "on PostgreSQL, use `levantcrawl search WORDS`"
        )
    if not url.database or url.database == ":memory:":
        raise CliError("browse needs an archive file, not an in-memory database")
    path = Path(url.database)
    if not path.is_file():
        raise CliError(f"no archive at {path} (crawl first, or pass --db)")
    return path.resolve()


def listen_port(host: str, port: int) -> int:
    """`port`, or a free one for 0, after checking it can be listened on now (another
    program may still take it before Datasette does). CliError when it cannot."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Datasette does
            probe.bind(address)
            return int(probe.getsockname()[1])
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def datasette_metadata(database: str) -> dict[str, Any]:
    """Datasette's metadata: titles, the search index behind `article_latest` and `revision`,
    sorting and facets; internal tables hidden."""
    return {
        "title": "levantcrawl archive",
        "description": "News articles archived by levantcrawl. Start with article_latest.",
        "databases": {
            database: {
                "tables": {
                    "article_latest": {
                        "description": "One row per article, with its latest revision. "
                        + SEARCH_HELP,
                        "fts_table": "revision_fts",
                        "fts_pk": "revision_id",
                        "sort_desc": "published_at",
                        "facets": ["site", "section", "language"],
                        "columns": {
                            "url": "the canonical URL, the article's key",
                            "revision_number": "1 for the first version seen, then +1 per edit",
                            "removed_at": "when the site stopped serving it (still archived)",
                            "duplicate_of_id": "the earlier article this one copies",
                            "revision_id": "its row in revision shows the text uncut",
                        },
                    },
                    "revision": {
                        "description": "Every version of every article. "
                        "Only the latest keeps its whole text; an older one keeps a "
                        "delta against the next (text_delta) and an empty text. " + SEARCH_HELP,
                        "fts_table": "revision_fts",
                        "fts_pk": "id",
                        "sort_desc": "fetched_at",
                    },
                    # What the search index reads: Datasette has no "hidden" for views.
                    "revision_fts_source": {"allow": False},
                    "alembic_version": {"hidden": True},
                    "article_signature": {"hidden": True},
                    "minhash_band": {"hidden": True},
                }
            }
        },
    }


def datasette_command(path: Path, metadata: Path, host: str, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "levantcrawl.datasette_search",  # Datasette, reading searches as `search` does
        "serve",
        str(path),
        "--host",
        host,
        "--port",
        str(port),
        "--metadata",
        str(metadata),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
    ]


def browse_url(host: str, port: int, database: str) -> str:
    """Where `article_latest` answers; a wildcard address is reached on loopback."""
    host = _WILDCARDS.get(host, host)
    netloc = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    name = "".join(
        chr(byte) if byte in _TILDE_SAFE else "+" if byte == 0x20 else f"~{byte:02X}"
        for byte in database.encode("utf-8")
    )
    return f"http://{netloc}/{name}/article_latest"


def _serve(command: list[str], url: str, *, open_page: bool) -> int:
    """Run Datasette until it exits or we are told to stop (SIGINT, SIGTERM); 0 on a stop."""
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in STOP_SIGNALS}
    # In a session of its own, Ctrl-C in the terminal reaches only us, and we pass it on once.
    child = subprocess.Popen(command, start_new_session=True)  # noqa: S603 - our interpreter
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(url):
            if stop.wait(0.2):
                return 0
            if child.poll() is not None:
                raise CliError(f"Datasette stopped at start-up (exit status {child.returncode})")
            if time.monotonic() > deadline:
                raise CliError(f"Datasette did not answer at {url} within {START_TIMEOUT:.0f}s")
        print(f"levantcrawl archive at {url} (Ctrl-C stops)", flush=True)
        if open_page:
            webbrowser.open(url)
        while not stop.wait(0.5):
            if child.poll() is not None:
                raise CliError(f"Datasette stopped (exit status {child.returncode})")
        return 0
    finally:
        _stop(child)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _answers(url: str) -> bool:
    """Whether Datasette at `url` (its article_latest page) serves requests yet."""
    root = url.rsplit("/", 2)[0]
    try:
        with _DIRECT.open(f"{root}/-/versions.json", timeout=2):
            return True
    except (urllib.error.URLError, OSError):
        return False


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Ask Datasette to shut down as Ctrl-C would; kill it if it does not."""
    if child.poll() is not None:
        return
    if os.name == "posix":
        child.send_signal(signal.SIGINT)
    else:
        child.terminate()
    try:
        child.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()
