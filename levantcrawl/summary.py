"""The crawl summary: one JSON object per crawl for monitoring, written by `levantcrawl crawl
--summary-json FILE` and listed by `levantcrawl stats --format json`. Its fields are an
interface, as stable as the export schema: bump SUMMARY_VERSION when one is renamed, removed
or changes meaning (adding a field is not a change of version). docs/crawl-summary.md
describes each field."""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from levantcrawl.health import PREFIX as HEALTH
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.outcome import (
    FAILED,
    FAILURE_KINDS,
    NOT_STARTED,
    Outcome,
    judge_sites,
    recorded,
)
from levantcrawl.storage.db import ArchiveError, open_archive
from levantcrawl.storage.models import Crawl

if TYPE_CHECKING:
    from collections.abc import Mapping

SUMMARY_VERSION = 1
# Article counts: the summary's name, and the store's stats key.
ARTICLE_COUNTS = (
    ("new", "levantcrawl/store/new"),
    ("revised", "levantcrawl/store/revised"),
    ("unchanged", "levantcrawl/store/unchanged"),
    ("not_modified", "levantcrawl/store/not_modified"),
    ("removed", "levantcrawl/store/removed"),
    ("returned", "levantcrawl/store/returned"),
    ("collapsed", "levantcrawl/store/collapsed"),
    ("duplicates_dropped", "item_dropped_count"),
)


def _count(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key, 0)
    return int(value) if isinstance(value, int | float) else 0


def _time(value: Any) -> datetime | None:
    """A time from live stats (a datetime) or stored ones (text, as JSON made it)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, str) and value:
        try:
            return _time(datetime.fromisoformat(value))
        except ValueError:
            return None
    return None


def crawl_summary(
    *,
    crawl_id: int | None,
    start_url: str,
    outcome: Outcome,
    stats: Mapping[str, Any],
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
) -> dict[str, Any]:
    """The summary of one crawl from its outcome and its stats (live, or as the crawl
    record stored them). Times default to Scrapy's start_time and finish_time."""
    started = started_at or _time(stats.get("start_time"))
    finished = finished_at or _time(stats.get("finish_time"))
    elapsed = stats.get("elapsed_time_seconds")
    if started and finished:
        elapsed = (finished - started).total_seconds()
    by_kind = {
        key.removeprefix(FAILURE_KINDS): _count(stats, key)
        for key in sorted(stats)
        if key.startswith(FAILURE_KINDS)
    }
    health = {
        key.removeprefix(HEALTH): float(value)
        for key, value in sorted(stats.items())
        if key.startswith(HEALTH) and isinstance(value, int | float)
    }
    alerts = stats.get(HEALTH + "alerts")
    return {
        "summary_version": SUMMARY_VERSION,
        "crawl": crawl_id,
        "start_url": start_url,
        "site": (urlsplit(start_url).hostname or None) if start_url else None,
        "status": outcome.status,
        "reason": outcome.reason,
        "detail": outcome.detail,
        "exit_code": outcome.exit_code,
        "started_at": iso_utc(started) if started else None,
        "finished_at": iso_utc(finished) if finished else None,
        "duration_seconds": round(float(elapsed), 3) if elapsed is not None else None,
        "pages_fetched": _count(stats, "response_received_count"),
        "articles": {name: _count(stats, key) for name, key in ARTICLE_COUNTS},
        "failures": {
            "total": _count(stats, "levantcrawl/store/failures"),
            "by_reason": by_kind,
        },
        "store_write_errors": _count(stats, "levantcrawl/store/write_errors"),
        "site_model": {
            "health": health,
            "alerts": list(alerts) if isinstance(alerts, list) else [],
            "template_lines_stripped": _count(stats, "levantcrawl/template/lines_stripped"),
        },
    }


def sites_summary(sites: list[dict[str, Any]]) -> dict[str, Any]:
    """The summary of a crawl of many sites: each site's own summary under `sites`, and
    around them the whole crawl's: its outcome (outcome.judge_sites), its span, and every
    count summed. `crawl`, `start_url` and `site` are null: each site has its own."""
    outcome = judge_sites(
        {
            str(site["site"]): Outcome(site["status"], site["reason"], site["detail"])
            for site in sites
        }
    )
    started = [site["started_at"] for site in sites if site["started_at"]]
    finished = [site["finished_at"] for site in sites if site["finished_at"]]
    first, last = _time(min(started, default=None)), _time(max(finished, default=None))
    by_reason: Counter[str] = Counter()
    for site in sites:
        by_reason.update(site["failures"]["by_reason"])
    return {
        "summary_version": SUMMARY_VERSION,
        "crawl": None,
        "start_url": None,
        "site": None,
        "status": outcome.status,
        "reason": outcome.reason,
        "detail": outcome.detail,
        "exit_code": outcome.exit_code,
        "started_at": iso_utc(first) if first else None,
        "finished_at": iso_utc(last) if last else None,
        "duration_seconds": round((last - first).total_seconds(), 3) if first and last else None,
        "pages_fetched": sum(site["pages_fetched"] for site in sites),
        "articles": {
            name: sum(site["articles"][name] for site in sites) for name, _ in ARTICLE_COUNTS
        },
        "failures": {
            "total": sum(site["failures"]["total"] for site in sites),
            "by_reason": dict(sorted(by_reason.items())),
        },
        "store_write_errors": sum(site["store_write_errors"] for site in sites),
        "site_model": {
            "health": {},
            "alerts": [
                f"{site['site']}: {alert}"
                for site in sites
                for alert in site["site_model"]["alerts"]
            ],
            "template_lines_stripped": sum(
                site["site_model"]["template_lines_stripped"] for site in sites
            ),
        },
        "sites": sites,
    }


def not_started(start_url: str, why: str) -> dict[str, Any]:
    """The summary of a crawl that could not start: exit status 2, `detail` says why."""
    return crawl_summary(
        crawl_id=None,
        start_url=start_url,
        outcome=Outcome(FAILED, NOT_STARTED, why),
        stats={},
        started_at=datetime.now(UTC),
    )


def recorded_summary(crawl: Crawl) -> dict[str, Any]:
    """The summary of a crawl as its record in the archive holds it."""
    return crawl_summary(
        crawl_id=crawl.id,
        start_url=crawl.start_url,
        outcome=recorded(crawl.status, crawl.reason, crawl.stats),
        stats=crawl.stats,
        started_at=crawl.started_at,
        finished_at=crawl.finished_at,
    )


def archived_summary(db_url: str, crawl_id: object) -> dict[str, Any] | None:
    """A crawl's summary as its record in the archive holds it, the same that `stats
    --format json` lists; None without a record (or when the archive cannot be read)."""
    if not isinstance(crawl_id, int):
        return None
    try:
        archive = open_archive(db_url)
    except ArchiveError:
        return None
    try:
        with archive.sessions() as session:
            crawl = session.get(Crawl, crawl_id)
            return recorded_summary(crawl) if crawl is not None else None
    finally:
        archive.close()


def write_summary(path: Path, summary: Mapping[str, Any]) -> None:
    """Write the summary whole or not at all: a monitor never reads half a file."""
    folder = path.parent if str(path.parent) else Path()
    handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(summary, out, ensure_ascii=False, indent=2)
            out.write("\n")
        Path(partial).chmod(0o644)  # mkstemp's 0600 would hide it from a monitoring user
        Path(partial).replace(path)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
