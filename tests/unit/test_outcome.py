"""How a crawl ended, and the exit status that says it: every row of outcome.py's table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from scrapy.settings import Settings

from levantcrawl.outcome import Outcome, failure_kind, judge, recorded
from levantcrawl.settings_check import check_settings
from levantcrawl.startup import StartupError, one_line, without_password
from levantcrawl.summary import SUMMARY_VERSION, crawl_summary

pytestmark = pytest.mark.unit
WORKED: dict[str, Any] = {
    "downloader/request_count": 40,
    "response_received_count": 40,
    "downloader/response_status_count/200": 38,
    "downloader/response_status_count/404": 2,
    "levantcrawl/store/new": 30,
}


@pytest.mark.parametrize(
    ("reason", "stats", "status", "final_reason", "code"),
    [
        ("finished", WORKED, "finished", "finished", 0),
        ("closespider_timeout", WORKED, "finished", "closespider_timeout", 0),
        ("closespider_pagecount", WORKED, "finished", "closespider_pagecount", 0),
        ("unreachable", {}, "failed", "unreachable", 1),
        ("finished", {"downloader/request_count": 3}, "failed", "unreachable", 1),
        (
            "finished",
            {
                "downloader/request_count": 3,
                "response_received_count": 3,
                "downloader/response_status_count/503": 3,
            },
            "failed",
            "nothing_fetched",
            1,
        ),
        (
            "finished",
            {**WORKED, "levantcrawl/store/new": 0, "levantcrawl/outcome/start_failure": "x"},
            "failed",
            "nothing_fetched",
            1,
        ),
        ("finished", {**WORKED, "levantcrawl/store/write_errors": 5}, "failed", "store_failed", 1),
        ("closespider_errorcount", WORKED, "failed", "closespider_errorcount", 1),
        ("shutdown", WORKED, "interrupted", "shutdown", 1),
        ("killed", WORKED, "interrupted", "killed", 1),
        (None, WORKED, "interrupted", "killed", 1),
        ("finished", {}, "finished", "finished", 0),  # a refresh with nothing due
    ],
)
def test_each_ending_has_one_status_and_exit_code(
    reason: str | None, stats: dict[str, Any], status: str, final_reason: str, code: int
) -> None:
    outcome = judge(reason, stats)
    assert (outcome.status, outcome.reason, outcome.exit_code) == (status, final_reason, code)
    if status != "finished":
        assert outcome.detail, "a crawl that did not finish says why"


def test_a_frontier_worker_sent_nothing_did_not_fail() -> None:
    idle = {"downloader/request_count": 0}
    assert judge("finished", idle, shared=True).status == "finished"
    assert judge("finished", {"downloader/request_count": 2}, shared=True).status == "finished"


def test_the_record_keeps_the_detail_it_was_judged_with() -> None:
    stats = {"levantcrawl/outcome/detail": "cannot fetch http://x/ (refused)"}
    assert recorded("failed", "unreachable", stats).detail == "cannot fetch http://x/ (refused)"
    assert recorded("interrupted", "killed", {}).detail  # a stale crawl found dead
    assert recorded("running", None, {}).exit_code is None


@pytest.mark.parametrize(
    ("reason", "kind"),
    [
        ("HTTP 503: server busy", "HTTP 503"),
        ("HTTP 429, retry after 120s: postponed", "HTTP 429"),
        (
            "DownloadTimeoutError: Getting http://x/ took longer than 30.0 seconds",
            "DownloadTimeoutError",
        ),
        ("no article text (12 words)", "no article text (N words)"),
        ("binary content served as HTML", "binary content served as HTML"),
    ],
)
def test_failures_are_counted_by_kind_without_their_particulars(reason: str, kind: str) -> None:
    assert failure_kind(reason) == kind


def test_the_summary_reads_live_and_stored_stats_alike() -> None:
    start = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    stats = {
        **WORKED,
        "start_time": start,
        "finish_time": start.replace(minute=14),
        "levantcrawl/failures/HTTP 503": 2,
        "levantcrawl/store/failures": 2,
        "levantcrawl/health/fill/title": 1.0,
        "levantcrawl/health/alerts": ["fill/title fell from 1.00 to 0.10"],
    }
    live = crawl_summary(
        crawl_id=7,
        start_url="https://news.example/",
        outcome=Outcome("finished", "finished"),
        stats=stats,
    )
    stored = crawl_summary(
        crawl_id=7,
        start_url="https://news.example/",
        outcome=Outcome("finished", "finished"),
        stats={
            key: str(value) if isinstance(value, datetime) else value
            for key, value in stats.items()
        },
    )
    assert live == stored
    assert live["summary_version"] == SUMMARY_VERSION
    assert live["site"] == "news.example"
    assert (live["started_at"], live["duration_seconds"]) == ("2026-01-02T03:04:05Z", 600.0)
    assert live["failures"] == {"total": 2, "by_reason": {"HTTP 503": 2}}
    assert live["site_model"]["health"] == {"fill/title": 1.0}
    assert live["site_model"]["alerts"] == ["fill/title fell from 1.00 to 0.10"]
    assert live["articles"]["new"] == 30


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("LEVANTCRAWL_STORE_BATCH_SIZE", "abc", "must be an integer, got 'abc'"),
        ("LEVANTCRAWL_STORE_FLUSH_SECONDS", "soon", "must be a number, got 'soon'"),
        ("LEVANTCRAWL_TEMPLATE_ENABLED", "maybe", "must be true or false, got 'maybe'"),
        ("LEVANTCRAWL_SECTIONS_ALIASES", "[1", "must be a JSON object"),
        ("LEVANTCRAWL_DATES_DEFAULT_TZ", "Mars/Base", "unknown time zone 'Mars/Base'"),
        ("LEVANTCRAWL_DISCOVERY_REVISIT", "often", "must be one of due, all, none"),
        ("LEVANTCRAWL_DISCOVERY_DENY", "(unclosed", "is no pattern"),
        ("LEVANTCRAWL_FRONTIER_URL", "http://x", "must be a redis:// URL"),
        ("LEVANTCRAWL_DEDUPE_NEAR_THRESHOLD", "4", "must be between 0 and 1"),
        ("LEVANTCRAWL_STORE_BATCH", "5", "unknown setting LEVANTCRAWL_STORE_BATCH (did you mean"),
        ("CONCURRENT_REQUESTS", "many", "CONCURRENT_REQUESTS must be a number, got 'many'"),
        ("COOKIES_ENABLED", "nope", "COOKIES_ENABLED must be true or false"),
    ],
)
def test_a_bad_setting_is_named_with_what_it_must_be(name: str, value: str, message: str) -> None:
    settings = Settings()
    settings.setmodule("levantcrawl.settings", priority="project")
    check_settings(settings)  # the defaults are all good
    settings.set(name, value, priority="cmdline")
    with pytest.raises(StartupError) as refused:
        check_settings(settings)
    assert message in str(refused.value)
    assert name in str(refused.value)


def test_good_values_given_as_text_pass() -> None:
    settings = Settings()
    settings.setmodule("levantcrawl.settings", priority="project")
    for name, value in (
        ("LEVANTCRAWL_STORE_BATCH_SIZE", "10"),
        ("LEVANTCRAWL_TEMPLATE_ENABLED", "false"),
        ("LEVANTCRAWL_REVISIT_LONGEST_DAYS", "7.5"),
        ("LEVANTCRAWL_SECTIONS_ALIASES", '{"news.example": {"Syrie": "Syria"}}'),
        ("DOWNLOAD_DELAY", "0.5"),
    ):
        settings.set(name, value, priority="cmdline")
    check_settings(settings)


def test_errors_are_one_line_without_passwords() -> None:
    assert without_password("redis://:s3cret@cache:6379/0") == "redis://cache:6379/0"
    assert one_line(ValueError("two\nlines")) == "ValueError: two lines"
    assert one_line(StartupError("said  plainly")) == "said plainly"
