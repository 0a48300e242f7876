"""How a crawl ended, in the words a script relies on: a status, the reason, and the exit
status that goes with them. One table for the crawl record, `levantcrawl crawl`, `scrapy crawl
news` and the crawl summary (summary.py).

    status       reason (the spider's close reason)                     exit status
    finished     finished; closespider_timeout, _pagecount, _itemcount  0
    failed       unreachable, nothing_fetched, store_failed, any other  1
    interrupted  shutdown (Ctrl-C, SIGTERM), killed (twice, or lost)    1
    (none)       the crawl could not start: bad input or configuration  2

A crawl of many sites (a site list) has each site's outcome by this table, and one for the
whole (judge_sites): finished (0) when every site finished; interrupted (1) when any site
was; failed with reason sites_failed (1) when any site failed or could not start (another
crawl of it running); exit status 2 only when no site could start.

Pure: the store's writer process reads it too, without Scrapy."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

RUNNING, FINISHED, FAILED, INTERRUPTED = "running", "finished", "failed", "interrupted"
STATUSES = (RUNNING, FINISHED, FAILED, INTERRUPTED)

# Close reasons levantcrawl gives, besides Scrapy's own.
UNREACHABLE = "unreachable"  # the start URL could not be fetched, and nothing else was
NOTHING_FETCHED = "nothing_fetched"  # the site answered, but with no page to archive
STORE_FAILED = "store_failed"  # items were fetched and could not be written
KILLED = "killed"  # stopped at once (a second Ctrl-C), or its process vanished
NOT_STARTED = "not_started"  # (summary only) the crawl never began
SITES_FAILED = "sites_failed"  # (a site list) one site or more did not do its work

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# A crawl that stopped at one of its own budgets did the work it was given.
_WITHIN_BUDGET = frozenset(
    {"finished", "closespider_timeout", "closespider_pagecount", "closespider_itemcount"}
)
_INTERRUPTIONS = frozenset({"shutdown", KILLED})
# Stats keys the crawl's components fill for the outcome and the summary.
START_FAILURE = "levantcrawl/outcome/start_failure"  # why the start URL could not be fetched
DETAIL = "levantcrawl/outcome/detail"  # the outcome's detail, as the crawl record keeps it
FAILURE_KINDS = "levantcrawl/failures/"  # + kind: failure rows of this crawl, by kind
_ARCHIVED = tuple(
    f"levantcrawl/store/{event}"
    for event in ("new", "revised", "unchanged", "not_modified", "removed", "returned")
)
_STATUS_COUNT = "downloader/response_status_count/"
_DETAILS = {
    "shutdown": "stopped by a signal (Ctrl-C, SIGTERM) after closing cleanly",
    KILLED: "stopped at once: what it had not written is fetched again by the next crawl",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str
    reason: str | None  # None while the crawl runs
    detail: str | None = None

    @property
    def exit_code(self) -> int | None:
        """The exit status the crawl's command gives; None while it runs."""
        if self.status == RUNNING:
            return None
        if self.reason == NOT_STARTED:
            return EXIT_USAGE
        return EXIT_OK if self.status == FINISHED else EXIT_FAILED


def recorded(status: str, reason: str | None, stats: Mapping[str, Any]) -> Outcome:
    """The outcome a crawl record holds (the writer stored judge()'s detail in its stats)."""
    detail = stats.get(DETAIL)
    if detail is None and reason is not None:
        detail = _DETAILS.get(reason)
    return Outcome(status, reason, detail if isinstance(detail, str) else None)


def _count(stats: Mapping[str, Any], key: str) -> int:
    value = stats.get(key)
    return int(value) if isinstance(value, int | float) else 0


def judge(reason: str | None, stats: Mapping[str, Any], *, shared: bool = False) -> Outcome:
    """The outcome of a crawl that closed for `reason` (Scrapy's finish_reason; None when
    it never closed) with these stats. A crawl that ran to its end failed all the same when
    it fetched nothing it was sent to fetch, or could not write what it fetched. A worker of
    a shared frontier (`shared`) is sent nothing in particular: fetching nothing is no
    failure for it."""
    if reason is None or reason in _INTERRUPTIONS:
        reason = reason or KILLED
        return Outcome(INTERRUPTED, reason, _DETAILS[reason])
    start_failure = stats.get(START_FAILURE)
    if reason == UNREACHABLE:
        return Outcome(FAILED, reason, start_failure or "nothing on the site answered")
    if reason not in _WITHIN_BUDGET:
        return Outcome(FAILED, reason, f"the crawl closed early ({reason})")
    if not shared and (missed := _fetched_nothing(stats)) is not None:
        return missed
    if lost := _count(stats, "levantcrawl/store/write_errors"):
        return Outcome(FAILED, STORE_FAILED, f"{lost} fetched items could not be written")
    return Outcome(FINISHED, reason, None)


def _fetched_nothing(stats: Mapping[str, Any]) -> Outcome | None:
    start_failure = stats.get(START_FAILURE)
    if not _count(stats, "downloader/request_count"):
        return None  # sent nothing to fetch: a refresh with nothing due
    if not _count(stats, "response_received_count"):
        return Outcome(FAILED, UNREACHABLE, start_failure or "nothing on the site answered")
    answered = {
        key.removeprefix(_STATUS_COUNT): _count(stats, key)
        for key in stats
        if key.startswith(_STATUS_COUNT)
    }
    if not any(code.isdigit() and int(code) < 400 for code in answered):
        codes = ", ".join(f"HTTP {code} x{n}" for code, n in sorted(answered.items()))
        return Outcome(FAILED, NOTHING_FETCHED, f"every answer was an error ({codes})")
    if start_failure and not any(_count(stats, key) for key in _ARCHIVED):
        return Outcome(FAILED, NOTHING_FETCHED, f"{start_failure}, and no article was reached")
    return None


def judge_sites(sites: Mapping[str, Outcome]) -> Outcome:
    """The outcome of a crawl of many sites, from each site's (by host)."""
    if not sites:
        return Outcome(FAILED, NOT_STARTED, "no site to crawl")
    if all(o.status == FINISHED for o in sites.values()):
        return Outcome(FINISHED, "finished", None)
    if all(o.reason == NOT_STARTED for o in sites.values()):
        why = "; ".join(f"{host}: {o.detail}" for host, o in sites.items())
        return Outcome(FAILED, NOT_STARTED, f"no site could start ({why})")
    interrupted = [o for o in sites.values() if o.status == INTERRUPTED]
    if interrupted:
        return Outcome(INTERRUPTED, interrupted[0].reason, interrupted[0].detail)
    missed = {host: o for host, o in sites.items() if o.status != FINISHED}
    names = ", ".join(f"{host} {o.reason}" for host, o in missed.items())
    return Outcome(FAILED, SITES_FAILED, f"{len(missed)} of {len(sites)} sites failed: {names}")


_DIGITS = re.compile(r"\d+")


def failure_kind(reason: str) -> str:
    """A failure's reason without its particulars, to count failures by kind: "HTTP 503",
    "DownloadTimeoutError", "no article text (N words)"."""
    head = reason.split(":", 1)[0].strip()
    if head.startswith("HTTP "):
        return head.split(",", 1)[0]
    return _DIGITS.sub("N", head)[:80] or "unknown"
