"""`levantcrawl enqueue` and `levantcrawl workers`: feed a shared frontier, and watch it."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from rich.table import Table
from sqlalchemy import func, select

from levantcrawl.cli._common import (
    CliError,
    add_db_option,
    add_format_option,
    archive_session,
    console,
    human_time,
)
from levantcrawl.storage.models import Crawl, Failure, Revision

if TYPE_CHECKING:
    import argparse

    from redis import Redis

DEFAULT_PREFIX = "levantcrawl"
# A worker whose last heartbeat is older than this was killed or lost its connection.
SILENT_SECONDS = 30.0


def add_frontier_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--frontier",
        metavar="REDIS_URL",
        default=os.environ.get("LEVANTCRAWL_FRONTIER_URL"),
        help="the shared frontier's Redis (default: $LEVANTCRAWL_FRONTIER_URL)",
    )
    parser.add_argument(
        "--prefix",
        default=DEFAULT_PREFIX,
        help=f"Redis key prefix of the deployment (default: {DEFAULT_PREFIX})",
    )


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    enqueue = subparsers.add_parser(
        "enqueue",
        help="push start URLs to a shared frontier's workers",
        description="A site's home page starts a whole crawl of it (robots.txt, sitemaps, "
        "feeds, due revisits); any other URL is fetched as a page, with what it links to.",
    )
    enqueue.add_argument("urls", nargs="+", metavar="URL")
    add_frontier_options(enqueue)
    enqueue.set_defaults(func=run_enqueue)

    workers = subparsers.add_parser(
        "workers", help="queue lengths and each frontier worker's rate and errors"
    )
    add_frontier_options(workers)
    add_db_option(workers)
    add_format_option(workers)
    workers.set_defaults(func=run_workers)


def _connect(args: argparse.Namespace) -> Redis:
    from redis import Redis
    from redis.exceptions import RedisError

    if not args.frontier:
        raise CliError("no frontier: pass --frontier redis://HOST:6379/0")
    try:
        server = Redis.from_url(args.frontier, socket_connect_timeout=5)
        server.ping()
    except (RedisError, ValueError) as exc:
        raise CliError(f"cannot reach the frontier at {args.frontier}: {exc}") from exc
    return server


def run_enqueue(args: argparse.Namespace) -> int:
    from levantcrawl.frontier.seeds import SeedError, push_seeds

    server = _connect(args)
    try:
        pushed = push_seeds(server, args.prefix, args.urls)
    except SeedError as exc:
        raise CliError(str(exc)) from exc
    for host, count in sorted(pushed.items()):
        console("stderr").print(f"queued {count} seed(s) for {host}", markup=False)
    return 0


def frontier_state(server: Redis, prefix: str) -> dict[str, Any]:
    from levantcrawl.frontier.keys import SiteKeys, host_of_requests_key, workers_key

    sites: dict[str, dict[str, int]] = {}
    for raw in server.scan_iter(match=f"{prefix}:*:requests", count=500):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        host = host_of_requests_key(prefix, key)
        if host is not None:
            keys = SiteKeys(prefix, host)
            sites[host] = {"queued": int(server.zcard(key)), "seeds": int(server.llen(keys.seeds))}
    for raw in server.scan_iter(match=f"{prefix}:*:seeds", count=500):
        key = raw.decode() if isinstance(raw, bytes) else str(raw)
        host = key[len(prefix) + 1 : -len(":seeds")]
        sites.setdefault(host, {"queued": 0, "seeds": int(server.llen(key))})
    workers = {}
    for worker, report in server.hgetall(workers_key(prefix)).items():
        name = worker.decode() if isinstance(worker, bytes) else str(worker)
        workers[name] = json.loads(report)
        # A site being crawled stays listed while its queue is empty for a moment (Redis
        # drops an empty queue's key): between its seed and its first links, or at its end.
        host = workers[name].get("host")
        if isinstance(host, str) and host not in sites:
            seeds = int(server.llen(SiteKeys(prefix, host).seeds))
            sites[host] = {"queued": 0, "seeds": seeds}
    return {"sites": sites, "workers": workers}


def _crawl_rows(args: argparse.Namespace, crawl_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Items and failures per worker's crawl, from the archive itself."""
    if not crawl_ids:
        return {}
    rows: dict[int, dict[str, Any]] = {}
    with archive_session(args) as session:
        for crawl in session.scalars(select(Crawl).where(Crawl.id.in_(crawl_ids))):
            rows[crawl.id] = {"status": crawl.status, "started_at": crawl.started_at}
        revisions = session.execute(
            select(Revision.crawl_id, func.count())
            .where(Revision.crawl_id.in_(crawl_ids))
            .group_by(Revision.crawl_id)
        )
        for crawl_id, count in revisions:
            rows.setdefault(crawl_id, {})["revisions"] = int(count)
        failures = session.execute(
            select(Failure.crawl_id, func.count())
            .where(Failure.crawl_id.in_(crawl_ids))
            .group_by(Failure.crawl_id)
        )
        for crawl_id, count in failures:
            rows.setdefault(crawl_id, {})["failures"] = int(count)
    return rows


def run_workers(args: argparse.Namespace) -> int:
    from levantcrawl.normalize.dates import iso_utc

    server = _connect(args)
    state = frontier_state(server, args.prefix)
    now = datetime.now(UTC)
    ids = [int(w["crawl_id"]) for w in state["workers"].values() if w.get("crawl_id")]
    crawls = _crawl_rows(args, ids)
    workers = []
    for name, report in sorted(state["workers"].items()):
        started = datetime.fromisoformat(report["started_at"])
        seen = datetime.fromisoformat(report["at"])
        minutes = max((seen - started).total_seconds() / 60, 1 / 60)
        crawl = crawls.get(int(report.get("crawl_id") or 0), {})
        workers.append(
            {
                "worker": name,
                "site": report["host"],
                "crawl_id": report.get("crawl_id"),
                "state": "silent" if (now - seen).total_seconds() > SILENT_SECONDS else "live",
                "last_seen": iso_utc(seen),
                "pages_per_minute": round(report["pages"] / minutes, 1),
                "items_per_minute": round(report["items"] / minutes, 1),
                "revisions": crawl.get("revisions", 0),
                "failures": crawl.get("failures", 0),
                "errors": report["errors"],
            }
        )
    if args.format == "json":
        json.dump({"sites": state["sites"], "workers": workers}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    out = console()
    sites = Table(title="frontier queues")
    for column in ("site", "queued requests", "seeds waiting"):
        sites.add_column(column, justify="left" if column == "site" else "right")
    for host, counts in sorted(state["sites"].items()):
        sites.add_row(host, str(counts["queued"]), str(counts["seeds"]))
    out.print(sites)
    table = Table(title=f"{len(workers)} workers")
    columns = ("worker", "site", "crawl", "state", "last seen", "pages/min", "items/min")
    for column in (*columns, "revisions", "failures", "errors"):
        table.add_column(column, justify="right" if column not in columns[:5] else "left")
    for w in workers:
        table.add_row(
            w["worker"],
            w["site"],
            str(w["crawl_id"] or "-"),
            w["state"],
            human_time(datetime.fromisoformat(w["last_seen"])),
            f"{w['pages_per_minute']:.1f}",
            f"{w['items_per_minute']:.1f}",
            str(w["revisions"]),
            str(w["failures"]),
            str(w["errors"]),
        )
    out.print(table)
    return 0
