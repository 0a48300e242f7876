"""Sites on loopback addresses crawled in one `levantcrawl crawl --sites`: the Levant News
sample site (127.0.0.1), the unmarked Levant Daily (127.0.0.2), a site that is down
(127.0.0.3) and one whose robots.txt refuses every crawler (127.0.0.4). Each healthy site's
archive is the one it gets crawled alone; the bad sites fail on their own; a second crawl
refuses only the site already running."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import select

from levantcrawl.samplesite import SampleSiteServer
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article, Crawl, Failure, Link, Revision, Site
from tests.crawl.conftest import ROOT, TODAY, levantcrawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

pytestmark = pytest.mark.crawl
FAST = ("--fast", "--tz", "Asia/Beirut")


def closed_port(host: str) -> int:
    """A port nothing listens on at `host`: a site that is down refuses the connection."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class _Refusing(BaseHTTPRequestHandler):
    """A site whose robots.txt disallows everything; it notes each path asked for."""

    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = b"User-agent: *\nDisallow: /\n" if self.path == "/robots.txt" else b"<p>no</p>"
        self.send_response(200)
        kind = "text/plain" if self.path == "/robots.txt" else "text/html"
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def refusing() -> Iterator[tuple[str, list[str]]]:
    """(base URL, paths requested) of a site on 127.0.0.4 that refuses us in robots.txt."""
    server = ThreadingHTTPServer(("127.0.0.4", 0), _Refusing)
    server.paths = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.4:{server.server_address[1]}/", server.paths  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()


@dataclass(frozen=True)
class ManySites:
    news: str  # base URLs
    daily: str
    down: str
    refusing: str
    refusing_paths: list[str]  # what the refusing site was asked for
    alone: dict[str, str]  # host -> archive of the site crawled alone
    together: str  # archive of the three crawled in one command
    result: subprocess.CompletedProcess[str]
    summary: dict[str, Any]


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[SampleSiteServer, SampleSiteServer]]:
    with (
        SampleSiteServer("127.0.0.1", 0, today=lambda: TODAY) as news,
        SampleSiteServer("127.0.0.2", 0, unmarked=True, today=lambda: TODAY) as daily,
    ):
        yield news, daily


@pytest.fixture
def many(
    servers: tuple[SampleSiteServer, SampleSiteServer],
    refusing: tuple[str, list[str]],
    tmp_path_factory: pytest.TempPathFactory,
) -> ManySites:
    folder = tmp_path_factory.mktemp("many")
    news, daily = (server.base_url + "/" for server in servers)
    down = f"http://127.0.0.3:{closed_port('127.0.0.3')}/"
    alone = {}
    for host, url in (("127.0.0.1", news), ("127.0.0.2", daily)):
        db = folder / f"{host}.db"
        result = levantcrawl("crawl", url, "--db", str(db), *FAST)
        assert result.returncode == 0, result.stderr
        alone[host] = f"sqlite:///{db}"
    sites = folder / "sites.toml"
    sites.write_text(
        f'[defaults]\ntz = "Asia/Beirut"\n\n[[site]]\nurl = "{news}"\n\n'
        f'[[site]]\nurl = "{daily}"\nconcurrency = 2\n\n[[site]]\nurl = "{down}"\n\n'
        f'[[site]]\nurl = "{refusing[0]}"\n',
        "utf-8",
    )
    together, summary = folder / "together.db", folder / "summary.json"
    result = levantcrawl(
        "crawl", "--sites", str(sites), "--db", str(together), "--fast",
        "--summary-json", str(summary), "-s", "RETRY_TIMES=0",
        "-s", "LEVANTCRAWL_PROGRESS_LOG_INTERVAL=1",
    )  # fmt: skip
    return ManySites(
        news, daily, down, *refusing, alone, f"sqlite:///{together}", result,
        json.loads(summary.read_text("utf-8")),
    )  # fmt: skip


def archived(db_url: str, host: str) -> dict[str, set[tuple[Any, ...]]]:
    """The site's articles (URL, revisions with their hashes and titles) and links."""
    archive = open_archive(db_url)
    try:
        with archive.sessions() as session:
            revisions = (
                select(
                    Article.canonical_url,
                    Revision.number,
                    Revision.content_sha256,
                    Revision.body_sha256,
                    Revision.title,
                )
                .join(Revision.article.of_type(Article))
                .join(Site, Site.id == Article.site_id)
            )
            links = (
                select(Article.canonical_url, Revision.number, Link.target_url, Link.kind)
                .join(Revision, Revision.id == Link.revision_id)
                .join(Article, Article.id == Revision.article_id)
                .join(Site, Site.id == Article.site_id)
            )
            return {
                "revisions": set(session.execute(revisions.where(Site.host == host))),
                "links": set(session.execute(links.where(Site.host == host))),
            }
    finally:
        archive.close()


# One test on one crawl: test workers (xdist) would each crawl again for a test of their own.
def test_four_sites_in_one_crawl(many: ManySites) -> None:
    for host in ("127.0.0.1", "127.0.0.2"):
        each_healthy_site_archives_what_it_archives_alone(many, host)
    the_site_that_is_down_fails_alone_and_the_crawl_says_so(many)
    each_site_has_its_own_crawl_record_and_failures(many)


def each_healthy_site_archives_what_it_archives_alone(many: ManySites, host: str) -> None:
    alone, together = archived(many.alone[host], host), archived(many.together, host)
    assert len(alone["revisions"]) > 150, "the sample sites have 184 articles each"
    assert together["revisions"] == alone["revisions"]
    assert len(alone["links"]) > 100
    assert together["links"] == alone["links"]


def the_site_that_is_down_fails_alone_and_the_crawl_says_so(many: ManySites) -> None:
    assert many.result.returncode == 1, many.result.stderr
    summary = many.summary
    assert (summary["status"], summary["reason"], summary["exit_code"]) == (
        "failed",
        "sites_failed",
        1,
    )
    assert summary["detail"] == (
        "2 of 4 sites failed: 127.0.0.3 unreachable, 127.0.0.4 nothing_fetched"
    )
    by_site = {site["site"]: site for site in summary["sites"]}
    assert [by_site[h]["status"] for h in ("127.0.0.1", "127.0.0.2", "127.0.0.3")] == [
        "finished",
        "finished",
        "failed",
    ]
    assert by_site["127.0.0.3"]["reason"] == "unreachable"
    assert "Connection refused" in by_site["127.0.0.3"]["detail"]
    # robots.txt is obeyed per site: the refusing site was asked for it, and nothing else.
    assert by_site["127.0.0.4"]["status"] == "failed"
    assert "Forbidden by robots.txt" in by_site["127.0.0.4"]["detail"]
    assert set(many.refusing_paths) == {"/robots.txt"}  # (Scrapy's read, and the spider's)
    assert summary["articles"]["new"] == sum(s["articles"]["new"] for s in summary["sites"])
    # One progress line for the three sites (stderr is a pipe here), not one per site.
    progress = [line for line in many.result.stderr.splitlines() if " progress: " in line]
    assert progress, many.result.stderr
    assert all(" of 4 sites running | " in line for line in progress)
    # One line on stderr for each site that failed.
    assert many.result.stderr.count("levantcrawl crawl: ") == 2
    assert "levantcrawl crawl: 127.0.0.3: crawl" in many.result.stderr
    assert "levantcrawl crawl: 127.0.0.4: crawl" in many.result.stderr


def each_site_has_its_own_crawl_record_and_failures(many: ManySites) -> None:
    archive = open_archive(many.together)
    try:
        with archive.sessions() as session:
            crawls = {
                host: crawl
                for crawl, host in session.execute(
                    select(Crawl, Site.host).join(Site, Site.id == Crawl.site_id)
                )
            }
            failures = session.execute(select(Failure.crawl_id, Failure.url)).all()
    finally:
        archive.close()
    assert sorted(crawls) == ["127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"]
    assert crawls["127.0.0.3"].status == crawls["127.0.0.4"].status == "failed"
    assert {crawl_id for crawl_id, _ in failures} == {crawls["127.0.0.3"].id}
    assert all(url.startswith(many.down) for _, url in failures)
    db = many.together.removeprefix("sqlite:///")
    listed = levantcrawl("stats", "--db", db)
    assert "each site's latest crawl" in listed.stdout
    assert "failed (unreachable)" in listed.stdout
    latest = json.loads(levantcrawl("stats", "--db", db, "--format", "json").stdout)["sites"]
    assert [(site["site"], site["status"]) for site in latest] == [
        ("127.0.0.1", "finished"),
        ("127.0.0.2", "finished"),
        ("127.0.0.3", "failed"),
        ("127.0.0.4", "failed"),
    ]
    assert latest == many.summary["sites"], "the same summaries the crawl wrote"


def test_a_second_crawl_refuses_only_the_site_already_running(
    servers: tuple[SampleSiteServer, SampleSiteServer], tmp_path: Path
) -> None:
    news, daily = (server.base_url + "/" for server in servers)
    db = tmp_path / "locked.db"
    # A slow crawl of the news site: one page a second, so it is still running meanwhile.
    slow = subprocess.Popen(
        [sys.executable, "-m", "levantcrawl", "crawl", news, "--db", str(db),
         "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=1"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_for_a_running_crawl(f"sqlite:///{db}")
        summary_file = tmp_path / "summary.json"
        result = levantcrawl(
            "crawl", news, daily, "--db", str(db), "--fast", "--tz", "Asia/Beirut",
            "--summary-json", str(summary_file), "-s", "CLOSESPIDER_PAGECOUNT=30",
        )  # fmt: skip
    finally:
        slow.send_signal(signal.SIGINT)
        slow.wait(timeout=60)
    assert result.returncode == 1, result.stderr
    summary = json.loads(summary_file.read_text("utf-8"))
    by_site = {site["site"]: site for site in summary["sites"]}
    assert by_site["127.0.0.1"]["reason"] == "not_started"
    assert "is still running" in by_site["127.0.0.1"]["detail"]
    assert by_site["127.0.0.1"]["crawl"] is None
    assert by_site["127.0.0.2"]["status"] == "finished"
    assert by_site["127.0.0.2"]["pages_fetched"] >= 30
    assert "127.0.0.1: crawl ? failed: crawl 1 of 127.0.0.1 is still running" in result.stderr


def _wait_for_a_running_crawl(db_url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            archive = open_archive(db_url)
        except Exception:  # noqa: S112 - the archive is not created yet
            continue
        try:
            with archive.sessions() as session:
                if session.scalars(select(Crawl).where(Crawl.status == "running")).first():
                    return
        except Exception:  # noqa: S112 - its schema is not made yet
            continue
        finally:
            archive.close()
    raise AssertionError("the slow crawl never started")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[site]]\nurl = 'http://127.0.0.1:1/'\ndelai = 2\n", "site 1 (127.0.0.1): unknown key"),
        ("[[site]]\nurl = 'http://127.0.0.1:1/'\nsettings = { DOWNLOAD_DELAY = 'x' }\n", "site "),
    ],
)
def test_a_bad_site_list_is_one_line_and_exit_2_before_anything_starts(
    tmp_path: Path, text: str, message: str
) -> None:
    sites, db = tmp_path / "sites.toml", tmp_path / "a.db"
    sites.write_text(text, "utf-8")
    summary = tmp_path / "summary.json"
    result = levantcrawl(
        "crawl", "--sites", str(sites), "--db", str(db), "--summary-json", str(summary)
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert json.loads(summary.read_text("utf-8"))["reason"] == "not_started"
    scrapy = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"sites={sites}",
         "-s", f"LEVANTCRAWL_DB_URL=sqlite:///{db}"],
        cwd=ROOT, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert scrapy.returncode == 2
    assert message in scrapy.stderr
    assert "Traceback" not in scrapy.stderr


def test_crawl_without_a_site_is_refused(tmp_path: Path) -> None:
    result = levantcrawl("crawl", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 2
    assert "give a start URL (or several), or --sites FILE" in result.stderr


def test_one_frontier_worker_serves_every_site_of_its_list(
    servers: tuple[SampleSiteServer, SampleSiteServer],
    redis_url: str,
    frontier_prefix: str,
    tmp_path: Path,
) -> None:
    news, daily = (server.base_url + "/" for server in servers)
    frontier = ("--frontier", redis_url, "--prefix", frontier_prefix)
    queued = levantcrawl("enqueue", news, daily, *frontier)
    assert queued.returncode == 0, queued.stderr
    sites = tmp_path / "sites.toml"
    # The news site names its Syria section otherwise (its own section aliases).
    sites.write_text(
        f'[[site]]\nurl = "{news}"\nsections = {{ "Syria" = "Sham" }}\n\n'
        f'[[site]]\nurl = "{daily}"\n',
        "utf-8",
    )
    summary_file, db = tmp_path / "summary.json", tmp_path / "frontier.db"
    result = levantcrawl(
        "crawl", "--sites", str(sites), "--db", str(db), *FAST, *frontier,
        "--summary-json", str(summary_file), "-s", "LEVANTCRAWL_FRONTIER_IDLE_SECONDS=3",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads(summary_file.read_text("utf-8"))
    new = {site["site"]: site["articles"]["new"] for site in summary["sites"]}
    sections = {host: _sections(f"sqlite:///{db}", host) for host in ("127.0.0.1", "127.0.0.2")}
    assert "Syria" not in sections["127.0.0.1"]
    assert sections["127.0.0.1"]["Sham"] == sections["127.0.0.2"]["Syria"] > 0
    assert "Sham" not in sections["127.0.0.2"]
    assert new == {
        "127.0.0.1": len(servers[0].site.articles),
        "127.0.0.2": len(servers[1].site.articles),
    }
    # Read again outside any crawl, each site's articles keep the sections its crawl gave
    # them (the archive keeps each site's aliases): nothing changed, no new revision.
    again = levantcrawl("reextract", "--db", str(db), "--format", "json")
    assert again.returncode == 0, again.stderr
    counts = json.loads(again.stdout)
    assert counts["revised"] == 0, counts
    assert counts["examined"] == sum(new.values())
    assert _sections(f"sqlite:///{db}", "127.0.0.1") == sections["127.0.0.1"]


def test_each_site_keeps_its_own_delay(
    servers: tuple[SampleSiteServer, SampleSiteServer], tmp_path: Path
) -> None:
    """A site's own delay (its download slot's) spaces its requests, and only its own: the
    other site of the crawl, given none, is not held to it."""
    news, daily = servers
    for server in servers:
        server.clear_requests()
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[[site]]\nurl = "{news.base_url}/"\ndelay = 0.5\nconcurrency = 1\n'
        "settings = { CLOSESPIDER_PAGECOUNT = 8 }\n\n"
        f'[[site]]\nurl = "{daily.base_url}/"\nsettings = {{ CLOSESPIDER_PAGECOUNT = 40 }}\n',
        "utf-8",
    )
    result = levantcrawl("crawl", "--sites", str(sites), "--db", str(tmp_path / "a.db"), *FAST)
    assert result.returncode == 0, result.stderr
    spaced = _gaps(news)
    assert len(spaced) >= 6
    # Scrapy spreads a delay over 0.5 to 1.5 times itself (RANDOMIZE_DOWNLOAD_DELAY).
    assert min(spaced) >= 0.24, spaced
    assert min(_gaps(daily)) < 0.24, "the other site is held to no delay"


def test_no_site_has_more_requests_in_flight_than_its_own_concurrency(
    servers: tuple[SampleSiteServer, SampleSiteServer], tmp_path: Path
) -> None:
    """Politeness per site in one process: each site's server sees at most the requests
    its entry allows at once, however many the crawl has in flight over all its sites."""
    news, daily = servers
    for server in servers:
        server.clear_requests()
        server.set_latency(0.05)  # answers overlap, so the count of requests at once shows
    sites = tmp_path / "sites.toml"
    sites.write_text(
        f'[[site]]\nurl = "{news.base_url}/"\nconcurrency = 1\n'
        "settings = { CLOSESPIDER_PAGECOUNT = 30 }\n\n"
        f'[[site]]\nurl = "{daily.base_url}/"\nconcurrency = 3\n'
        "settings = { CLOSESPIDER_PAGECOUNT = 30 }\n",
        "utf-8",
    )
    try:
        result = levantcrawl("crawl", "--sites", str(sites), "--db", str(tmp_path / "a.db"), *FAST)
    finally:
        for server in servers:
            server.set_latency(0.0)
    assert result.returncode == 0, result.stderr
    assert news.request_count >= 20
    assert news.most_in_flight == 1
    assert 2 <= daily.most_in_flight <= 3, daily.most_in_flight


def _gaps(server: SampleSiteServer) -> list[float]:
    times = sorted(record.at for record in server.requests)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_every_write_of_a_site_lists_crawl_comes_from_its_one_writer_process(
    servers: tuple[SampleSiteServer, SampleSiteServer], tmp_path: Path
) -> None:
    """Two sites, one crawl: one writer process writes for both (each connection that
    writes reports itself: tests/crawl/write_audit)."""
    news, daily = (server.base_url + "/" for server in servers)
    db = tmp_path / "archive.db"
    open_archive(f"sqlite:///{db}").close()  # the schema first: its creation is no crawl's
    audit = tmp_path / "writes.tsv"
    audited = str(ROOT / "tests" / "crawl" / "write_audit")
    path = os.pathsep.join([audited, os.environ.get("PYTHONPATH", "")])
    result = levantcrawl(
        "crawl", news, daily, "--db", str(db), *FAST,
        env={"PYTHONPATH": path, "LEVANTCRAWL_TEST_WRITE_AUDIT": str(audit)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    writers = [line.split("\t") for line in audit.read_text("utf-8").splitlines()]
    described = "\n".join("  ".join(line) for line in writers)
    assert writers, "the crawl wrote nothing"
    assert {(pid, name) for pid, name, *_ in writers} == {(writers[0][0], "lc-store")}, described


def _sections(db_url: str, host: str) -> Counter[str]:
    archive = open_archive(db_url)
    try:
        with archive.sessions() as session:
            stmt = (
                select(Revision.section)
                .join(Article, Article.id == Revision.article_id)
                .join(Site, Site.id == Article.site_id)
                .where(Site.host == host)
            )
            return Counter(str(section) for section in session.scalars(stmt))
    finally:
        archive.close()
