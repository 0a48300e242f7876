"""Unattended crawls tell the truth: the exit status (0 did its work, 1 ran and failed or was
interrupted, 2 could not start), one line on stderr saying why, the crawl record's status,
the summary JSON, and progress lines when nobody watches a terminal. Each runs the real
`levantcrawl crawl` or `scrapy crawl news` in a child process."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest

from levantcrawl.samplesite import SampleSiteServer
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Crawl
from tests.crawl.conftest import FAST, ROOT, TODAY, levantcrawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.crawl
NO_RETRIES = ("-s", "RETRY_TIMES=0")
PROGRESS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z progress: (\d+) pages", re.M)


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def scrapy(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def crawl_record(db: Path) -> Crawl:
    archive = open_archive(f"sqlite:///{db}")
    try:
        with archive.sessions() as session:
            (crawl,) = session.query(Crawl).all()
            return crawl
    finally:
        archive.close()


def one_line(stderr: str) -> str:
    assert "Traceback" not in stderr, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    return lines[0]


# --- 1: ran, but failed -----------------------------------------------------------------------


def test_a_crawl_of_an_unreachable_site_fails_in_one_line(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    db, summary_file = tmp_path / "a.db", tmp_path / "summary.json"
    result = levantcrawl(
        "crawl", url, "--db", str(db), "--summary-json", str(summary_file), *NO_RETRIES
    )
    assert result.returncode == 1, result.stderr
    line = one_line(result.stderr)
    assert line.startswith(f"levantcrawl crawl: crawl 1 failed: cannot fetch {url} (")
    assert "Connection" in line
    assert result.stdout.startswith("crawl 1: failed (unreachable)")
    crawl = crawl_record(db)
    assert (crawl.status, crawl.reason) == ("failed", "unreachable")
    summary = json.loads(summary_file.read_text("utf-8"))
    assert (summary["status"], summary["reason"], summary["exit_code"]) == (
        "failed",
        "unreachable",
        1,
    )
    assert summary["pages_fetched"] == 0
    assert summary["failures"]["total"] == 1
    assert list(summary["failures"]["by_reason"].values()) == [1]


def test_scrapy_crawl_exits_with_the_close_reason(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port()}/"
    result = scrapy(
        "news",
        "-a",
        f"start_url={url}",
        "-s",
        f"LEVANTCRAWL_DB_URL=sqlite:///{tmp_path / 'a.db'}",
        *NO_RETRIES,
    )
    assert result.returncode == 1, result.stderr[-3000:]
    assert "'finish_reason': 'unreachable'" in result.stderr
    assert f"crawl 1 failed (unreachable): cannot fetch {url}" in result.stderr


class _Broken(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def broken_site() -> Iterator[str]:
    """A site whose every page answers 500."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Broken)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_crawl_that_only_got_errors_fetched_nothing(broken_site: str, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    result = levantcrawl("crawl", broken_site, "--db", str(db), *NO_RETRIES, *FAST)
    assert result.returncode == 1, result.stderr
    line = one_line(result.stderr)
    assert "crawl 1 failed: every answer was an error (HTTP 500 x" in line
    crawl = crawl_record(db)
    assert (crawl.status, crawl.reason) == ("failed", "nothing_fetched")


# --- 2: could not start -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ("--frontier", "redis://127.0.0.1:{port}/0"),
            "cannot reach Redis at redis://127.0.0.1:{port}/0 (the frontier)",
        ),
        (
            ("-s", "LEVANTCRAWL_STORE_BATCH_SIZE=abc"),
            "LEVANTCRAWL_STORE_BATCH_SIZE must be an integer, got 'abc'",
        ),
        (
            ("-s", "LEVANTCRAWL_DISCOVERY_REVISIT_KNOWN=no"),
            "unknown setting LEVANTCRAWL_DISCOVERY_REVISIT_KNOWN "
            "(did you mean LEVANTCRAWL_DISCOVERY_REVISIT?)",
        ),
        (("-s", "DOWNLOAD_DELAY=soon"), "DOWNLOAD_DELAY must be a number, got 'soon'"),
        (
            ("--db", "postgresql://nobody:secret@127.0.0.1:{port}/none"),
            "cannot open the archive at postgresql://nobody:***@127.0.0.1:{port}/none",
        ),
    ],
    ids=["redis", "setting-type", "setting-name", "scrapy-setting", "store"],
)
def test_a_crawl_that_cannot_start_says_why_in_one_line(
    tmp_path: Path, extra: tuple[str, ...], message: str
) -> None:
    port = closed_port()
    summary_file = tmp_path / "summary.json"
    args = (
        "crawl",
        f"http://127.0.0.1:{closed_port()}/",
        "--db",
        str(tmp_path / "a.db"),
        *(a.format(port=port) for a in extra),
        "--summary-json",
        str(summary_file),
    )
    result = levantcrawl(*args)
    assert result.returncode == 2, result.stderr
    expected = message.format(port=port)
    assert one_line(result.stderr).startswith(f"levantcrawl crawl: error: {expected}")
    assert "secret" not in result.stderr
    summary = json.loads(summary_file.read_text("utf-8"))
    assert (summary["status"], summary["reason"], summary["exit_code"]) == (
        "failed",
        "not_started",
        2,
    )
    assert summary["detail"].startswith(expected)
    if extra[0] == "--frontier":  # raised inside the crawl, by the frontier's extension
        verbose = levantcrawl(*args, "-v")
        assert verbose.returncode == 2
        assert "Traceback" in verbose.stderr, "-v shows the traceback"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("news",), "missing start URL: scrapy crawl news -a start_url=URL"),
        (("news", "-a", "start_url=ftp://x"), "start_url must be an http(s) URL, got 'ftp://x'"),
        (
            ("news", "-a", "start_url=http://127.0.0.1:1/", "-s", "LEVANTCRAWL_STORE_BATCH_SIZE=x"),
            "LEVANTCRAWL_STORE_BATCH_SIZE must be an integer, got 'x'",
        ),
    ],
)
def test_scrapy_crawl_refuses_bad_input_in_one_line(args: tuple[str, ...], message: str) -> None:
    result = scrapy(*args, "-s", "LOG_LEVEL=WARNING")
    assert result.returncode == 2
    assert one_line(result.stderr) == f"scrapy crawl news: error: {message}"
    debug = scrapy(*args, "-s", "LOG_LEVEL=DEBUG")
    assert debug.returncode == 2
    assert "Traceback" in debug.stderr, "LOG_LEVEL=DEBUG shows the traceback"


# --- 0: did its work, and says what it did ----------------------------------------------------


def test_the_summary_json_is_the_crawl_record_stats_lists(tmp_path: Path) -> None:
    db, summary_file = tmp_path / "a.db", tmp_path / "summary.json"
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        result = levantcrawl(
            "crawl",
            server.base_url + "/",
            "--db",
            str(db),
            "--fast",
            "--summary-json",
            str(summary_file),
            "--tz",
            "Asia/Beirut",
        )
        articles = len(server.site.articles)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "a crawl that did its work prints nothing on stderr"
    summary = json.loads(summary_file.read_text("utf-8"))
    assert summary["status"] == summary["reason"] == "finished"
    assert summary["exit_code"] == 0
    assert summary["crawl"] == 1
    assert summary["articles"]["new"] == articles
    assert summary["pages_fetched"] > articles
    assert summary["failures"] == {"total": 0, "by_reason": {}}
    assert summary["duration_seconds"] > 0
    assert summary["site_model"]["health"]["fill/title"] == 1.0
    assert summary["site_model"]["alerts"] == []
    listed = levantcrawl("stats", "--db", str(db), "--format", "json")
    assert json.loads(listed.stdout)["crawls"] == [summary]
    assert field_names(summary) == documented_fields(), "docs/crawl-summary.md lists each field"


def field_names(summary: dict[str, Any], prefix: str = "") -> set[str]:
    """Every field, nested ones dotted; the open-ended maps (by kind, by figure) as one."""
    names = set()
    for key, value in summary.items():
        names.add(prefix + key)
        if isinstance(value, dict) and key not in ("by_reason", "health"):
            names |= field_names(value, f"{prefix}{key}.")
    return names


def documented_fields() -> set[str]:
    doc = (ROOT / "docs" / "crawl-summary.md").read_text("utf-8")
    table = doc.split("## The summary", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_.]+)` \|", table, re.M))


def test_a_summary_file_in_no_directory_is_refused_before_crawling(tmp_path: Path) -> None:
    result = levantcrawl(
        "crawl",
        "http://127.0.0.1:1/",
        "--db",
        str(tmp_path / "a.db"),
        "--summary-json",
        str(tmp_path / "missing" / "s.json"),
    )
    assert result.returncode == 2
    assert "no directory" in one_line(result.stderr)
    assert not (tmp_path / "a.db").exists()


# --- Ctrl-C twice, and progress on a pipe ------------------------------------------------------


def test_ctrl_c_twice_records_the_crawl_as_interrupted_with_its_counts(tmp_path: Path) -> None:
    db, summary_file, err = tmp_path / "a.db", tmp_path / "summary.json", tmp_path / "err"
    with SampleSiteServer(port=0, today=lambda: TODAY) as server, err.open("w") as stderr:
        crawl = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "levantcrawl",
                "crawl",
                server.base_url + "/",
                "--db",
                str(db),
                "--summary-json",
                str(summary_file),
                "-s",
                "DOWNLOAD_DELAY=0.05",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                "-s",
                "LEVANTCRAWL_PROGRESS_LOG_INTERVAL=0.3",
                "-v",  # Scrapy's log says when it heard the first Ctrl-C
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,  # its own group, which a terminal's Ctrl-C reaches whole
        )
        try:
            deadline = time.monotonic() + 120
            while not [int(n) for n in PROGRESS.findall(err.read_text("utf-8")) if int(n) >= 20]:
                assert crawl.poll() is None, err.read_text("utf-8")[-3000:]
                assert time.monotonic() < deadline, "no progress line with 20 pages in 2 min"
                time.sleep(0.1)
            os.killpg(crawl.pid, signal.SIGINT)
            # Twice: the second once the first is handled (two at once may arrive as one).
            while "Send again to force" not in err.read_text("utf-8"):
                assert time.monotonic() < deadline, "the first Ctrl-C was not heard"
                time.sleep(0.05)
            os.killpg(crawl.pid, signal.SIGINT)
            stdout, _ = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                os.killpg(crawl.pid, signal.SIGKILL)
                crawl.wait()
    log = err.read_text("utf-8")
    assert crawl.returncode == 1, log[-3000:]
    assert "Traceback" not in log
    counts = [int(n) for n in PROGRESS.findall(log)]
    assert len(counts) >= 2
    assert counts == sorted(counts), "progress lines count up"
    assert stdout.startswith("crawl 1: interrupted (killed)"), stdout
    summary = json.loads(summary_file.read_text("utf-8"))
    assert (summary["status"], summary["reason"], summary["exit_code"]) == (
        "interrupted",
        "killed",
        1,
    )
    assert summary["pages_fetched"] >= 20
    assert log.strip().splitlines()[-1] == (
        f"levantcrawl crawl: crawl 1 interrupted: {summary['detail']}"
    )
    record = crawl_record(db)
    assert (record.status, record.reason) == ("interrupted", "killed")
    assert record.finished_at is not None
    assert record.stats["response_received_count"] == summary["pages_fetched"]


# --- The README's cron script ------------------------------------------------------------------


def readme_cron_script() -> str:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Running from cron", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readmes_cron_script_reports_what_went_wrong(tmp_path: Path) -> None:
    """The script as the README prints it, pointed at this checkout, a temporary archive
    and the sample site; --fast and no retries only to keep the test short."""
    if shutil.which("jq") is None:
        message = "jq is missing: the README's cron script reads the summary with it"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    logs = tmp_path / "lib"
    logs.mkdir()
    script = (
        readme_cron_script()
        .replace("/srv/levantcrawl", str(ROOT))
        .replace("/var/lib/levantcrawl", str(logs))
        .replace("/var/log/levantcrawl.log", str(tmp_path / "crawl.log"))
        .replace("--tz Asia/Beirut", "--tz Asia/Beirut --fast -s RETRY_TIMES=0")
    )
    env = {**os.environ, "LEVANTCRAWL_DB_URL": f"sqlite:///{tmp_path / 'news.db'}"}

    def run(site: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "crawl-news.sh"
        path.write_text(script.replace("https://news.example.org/", site), encoding="utf-8")
        return subprocess.run(
            ["sh", str(path)], env=env, capture_output=True, text=True, timeout=180, check=False
        )

    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        first = run(server.base_url + "/")
        assert (first.returncode, first.stdout, first.stderr) == (0, "", "")
        again = run(server.base_url + "/")  # nothing new since a minute ago
        assert again.returncode == 0
        assert again.stdout.startswith("news crawl: finished, but no new article in ")
    down = f"http://127.0.0.1:{closed_port()}/"
    failed = run(down)
    assert failed.returncode == 1
    assert failed.stdout.startswith(
        f"news crawl: exit 1, failed (unreachable): cannot fetch {down} ("
    )
    assert len(failed.stdout.splitlines()) == 1
