"""One real crawl of a hostile site (tests/hostile/): bombs, traps, off-site links and
redirects, broken XML, lying charsets and impossible dates around twelve honest articles.

The crawl runs as a child process under an address-space limit (prlimit) and a deadline;
its peak memory is measured from /proc and wait4(). Every request it sends, to the site or
to any other host, reaches the hostile server (the crawl's http(s)_proxy points at it for
every host but 127.0.0.1), so nothing leaves the machine and every attempt is on record.
Each test below reads that one crawl: the request log, the archive and the crawl's log."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from sqlalchemy import MetaData, create_engine, func, select

from levantcrawl import bodies
from levantcrawl import settings as project_settings
from levantcrawl.storage import listings, revisions
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article, Body, Capture, Failure, Revision, UrlAlias
from tests.crawl.conftest import ROOT, scrapy_command
from tests.hostile.arabic import MOJIBAKE
from tests.hostile.server import DEEP_NESTING, HostileServer

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sqlalchemy.orm import Session

    from tests.hostile.server import ExpectedArticle, HostileSite, RequestRecord

pytestmark = pytest.mark.crawl

DOWNLOAD_TIMEOUT = 5
RETRY_TIMES = 2
EXTRA_SETTINGS = (
    *("-s", f"DOWNLOAD_TIMEOUT={DOWNLOAD_TIMEOUT}"),
    *("-s", f"RETRY_TIMES={RETRY_TIMES}"),
    *("-s", "LEVANTCRAWL_PROGRESS_INTERVAL=0"),
)
# The crawl must end by itself within this; after KILL_AFTER it is killed (a failed test).
CRAWL_SECONDS = 60.0
KILL_AFTER = 150.0
# Resident memory any one process of the crawl may reach (main process or extraction worker).
PEAK_RSS_BYTES = 500 * 1024 * 1024
# Address-space ceiling per process: a safety net, so a bomb that gets through fails the
# crawl (MemoryError) instead of the machine. A healthy crawl's largest process peaks near
# 470 MB of address space (with the allocator settings in _crawl_env); the bomb alone
# inflates to 2 GiB.
ADDRESS_SPACE_BYTES = 2 * 1024 * 1024 * 1024
# Requests a crawler may spend on one trap, fewer than this. A crawler that recognises a
# trap needs a handful; one that walks a single chain down to DEPTH_LIMIT (8) needs under
# 20. Each trap here branches (calendar: 4 ways, pagination: 10, session ids: 3, repeated
# segments: 2), so a crawler that relies on the depth limit alone spends from about a
# hundred (calendar) to thousands (session ids; the server stops the trap at 250).
TRAP_BUDGET = 60
REDIRECT_MAX_TIMES = int(project_settings.REDIRECT_MAX_TIMES)
DOWNLOAD_MAXSIZE = int(project_settings.DOWNLOAD_MAXSIZE)
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy", "no_proxy")


@dataclass(frozen=True, slots=True)
class Measured:
    """How a child process ended, how long it took and how much memory it held."""

    returncode: int | None  # None: still running at KILL_AFTER, so killed
    elapsed: float
    peak_rss: dict[str, int]  # "pid name" -> VmHWM bytes, for every process of its session
    wait4_maxrss: int  # ru_maxrss from wait4() in bytes: itself and its reaped descendants
    peak_total_rss: int  # the largest sum of VmRSS over its processes at one moment

    @property
    def peak(self) -> tuple[str, int]:
        """The process with the highest resident peak, and that peak."""
        name, peak = max(self.peak_rss.items(), key=lambda item: item[1], default=("?", 0))
        return (name, peak) if peak >= self.wait4_maxrss else ("main (wait4)", self.wait4_maxrss)


@dataclass(frozen=True, slots=True)
class HostileCrawl:
    site: HostileSite
    db_url: str
    run: Measured
    log: str = field(repr=False)  # the crawl's stderr (Scrapy's log)
    requests: tuple[RequestRecord, ...] = field(repr=False)

    def requests_to(self, prefix: str) -> list[RequestRecord]:
        on_site = self.site.netloc
        return [r for r in self.requests if r.host == on_site and r.path.startswith(prefix)]

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.splitlines()[-lines:])


def _tool_missing(what: str) -> None:
    """As tests/conftest.py does for services: fail in CI, skip on a laptop."""
    message = f"{what} is not installed (util-linux); it limits the crawl's memory"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must provide it", pytrace=False)
    pytest.skip(message)


def _session_members(session_id: int) -> list[int]:
    """Pids of the processes in session `session_id` (the crawl and all it started)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[3]) == session_id:  # state, ppid, pgrp, session
            members.append(int(entry.name))
    return members


def _memory(pid: int) -> tuple[str, int, int] | None:
    """(name, VmHWM bytes, VmRSS bytes) of a live process."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    values = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    if "VmHWM" not in values:
        return None  # a zombie keeps no memory figures
    kib = [int(values[key].split()[0]) for key in ("VmHWM", "VmRSS")]
    return values["Name"].strip(), kib[0] * 1024, kib[1] * 1024


def _crawl_env(proxy: str) -> dict[str, str]:
    """The test's environment, with every host but 127.0.0.1 reached through `proxy`."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in _PROXY_VARIABLES}
    for name in ("http_proxy", "https_proxy"):
        env[name] = env[name.upper()] = proxy
    env["no_proxy"] = env["NO_PROXY"] = "127.0.0.1"
    # glibc reserves a 64 MB arena per thread and OpenBLAS (numpy, under datasketch) buffers
    # per core: address space, not memory, but they would tie the address-space limit to the
    # machine's core count.
    env["MALLOC_ARENA_MAX"] = "2"
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = "1"
    return env


def _run_limited(command: list[str], env: dict[str, str], log: Path) -> Measured:
    """Run `command` under prlimit's address-space limit, sampling its memory until it ends
    (or KILL_AFTER passes: then its whole session is killed)."""
    prlimit = shutil.which("prlimit")
    if prlimit is None:
        _tool_missing("prlimit")
    limited = [str(prlimit), f"--as={ADDRESS_SPACE_BYTES}", "--", *command]
    peaks: dict[str, int] = {}
    peak_total = 0
    returncode: int | None = None
    with log.open("wb") as err:
        started = time.monotonic()
        child = subprocess.Popen(
            limited,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            start_new_session=True,  # a session of its own: its processes are found, and killed
        )
        try:
            while not (reaped := os.wait4(child.pid, os.WNOHANG))[0]:
                total = 0
                for member in _session_members(child.pid):
                    if (memory := _memory(member)) is not None:
                        key = f"{member} {memory[0]}"
                        peaks[key] = max(peaks.get(key, 0), memory[1])
                        total += memory[2]
                peak_total = max(peak_total, total)
                if time.monotonic() - started > KILL_AFTER:
                    break
                time.sleep(0.05)
            else:
                returncode = os.waitstatus_to_exitcode(reaped[1])
        finally:
            if returncode is None:
                os.killpg(child.pid, signal.SIGKILL)  # the session this test started
                reaped = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(reaped[1])  # reaped here, not by Popen
        elapsed = time.monotonic() - started
    return Measured(returncode, elapsed, peaks, reaped[2].ru_maxrss * 1024, peak_total)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileCrawl:
    folder = tmp_path_factory.mktemp("hostile")
    db_url = f"sqlite:///{folder / 'hostile.db'}"
    log = folder / "crawl.log"
    with HostileServer() as server:
        command = scrapy_command(server.base_url, db_url, *EXTRA_SETTINGS)
        run = _run_limited(command, _crawl_env(server.base_url), log)
    # The server has stopped and joined its handler threads: the request log is complete.
    crawl = HostileCrawl(
        server.site, db_url, run, log.read_text("utf-8", "replace"), tuple(server.requests)
    )
    # Beside crawl.log, for whoever reads a failure: every request, and the run's figures.
    with (folder / "requests.jsonl").open("w", encoding="utf-8") as out:
        for record in crawl.requests:
            out.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
    (folder / "figures.json").write_text(json.dumps(asdict(run), indent=2), "utf-8")
    return crawl


@pytest.fixture
def archive(hostile: HostileCrawl) -> Iterator[Session]:
    store = open_archive(hostile.db_url)
    with store.sessions() as session:
        yield session
    store.close()


def _latest(session: Session, url: str) -> Revision | None:
    article = listings.article_by_url(session, url)
    return None if article is None else revisions.latest_revision(session, article.id)


def _stored_urls(session: Session) -> dict[str, set[str]]:
    """Every URL the archive holds, by where: articles, aliases, captures, failures."""
    return {
        "article": set(session.scalars(select(Article.canonical_url))),
        "url_alias": set(session.scalars(select(UrlAlias.url))),
        "capture": set(session.scalars(select(Capture.url))),
        "failure": set(session.scalars(select(Failure.url))),
    }


def _requests_summary(records: list[RequestRecord], limit: int = 8) -> str:
    shown = [f"{r.method} {r.target} -> {r.status} ({r.bytes_sent} B)" for r in records[:limit]]
    more = f" … and {len(records) - limit} more" if len(records) > limit else ""
    return "; ".join(shown) + more


def _article_problems(session: Session, site: HostileSite, expected: ExpectedArticle) -> list[str]:
    url = site.url(expected.path)
    revision = _latest(session, url)
    if revision is None:
        return [f"{expected.path}: not archived"]
    problems = []
    if revision.title != expected.title:
        problems.append(f"{expected.path}: title {revision.title!r}, expected {expected.title!r}")
    if tuple(revision.paragraphs) != expected.paragraphs:
        extra = [p for p in revision.paragraphs if p not in expected.paragraphs]
        missing = [p for p in expected.paragraphs if p not in revision.paragraphs]
        problems.append(
            f"{expected.path}: paragraphs differ (extraction with a site model of "
            f"{revision.template_pages} pages): extra {extra!r}, missing {missing!r}"
            + ("" if extra or missing else ", same paragraphs in another order")
        )
    if expected.published is not None:
        stored = revision.published_at
        if not expected.published_has_time and stored is not None:
            ok = stored.date() == expected.published.date() and not revision.published_has_time
        else:
            ok = stored == expected.published
        if not ok:
            problems.append(
                f"{expected.path}: published_at {stored} ({revision.published_source}, "
                f"has_time={revision.published_has_time}), expected {expected.published} "
                f"(has_time={expected.published_has_time})"
            )
    return problems


# --- The crawl as a whole ---------------------------------------------------------------------


def test_crawl_finishes_by_itself_within_the_time_limit(hostile: HostileCrawl) -> None:
    run = hostile.run
    assert run.returncode is not None, (
        f"the crawl was still running after {KILL_AFTER:.0f} s and was killed "
        f"({len(hostile.requests)} requests so far); last log lines:\n{hostile.tail()}"
    )
    assert run.returncode == 0, f"exit status {run.returncode}:\n{hostile.tail()}"
    assert "'finish_reason': 'finished'" in hostile.log, (
        f"the crawl did not end with finish_reason 'finished':\n{hostile.tail()}"
    )
    assert run.elapsed <= CRAWL_SECONDS, (
        f"the crawl took {run.elapsed:.1f} s, over the {CRAWL_SECONDS:.0f} s limit "
        f"({len(hostile.requests)} requests)"
    )


def test_peak_memory_stays_under_the_budget(hostile: HostileCrawl) -> None:
    run = hostile.run
    assert run.peak_rss, "no process of the crawl was ever measured"
    assert "MemoryError" not in hostile.log, (
        f"the crawl hit its {ADDRESS_SPACE_BYTES >> 20} MiB address-space limit:\n{hostile.tail()}"
    )
    worst, peak = run.peak
    assert peak < PEAK_RSS_BYTES, (
        f"process {worst} reached {peak >> 20} MiB resident, over {PEAK_RSS_BYTES >> 20} MiB; "
        "per process: "
        + ", ".join(f"{k}: {v >> 20} MiB" for k, v in sorted(run.peak_rss.items()))
        + f"; all at once at most {run.peak_total_rss >> 20} MiB"
    )


def test_every_case_was_met(hostile: HostileCrawl) -> None:
    """The other tests prove something only if the crawler walked into each case."""
    site = hostile.site
    skippable = (*site.disallowed_prefixes, *site.pdf_paths[1:], *site.png_paths[1:])
    missed = [
        f"{name} ({where})"
        for name, where in site.cases.items()
        if where.startswith("/")
        and not where.startswith(skippable)
        and not hostile.requests_to(urlsplit(where).path)
    ]
    assert not missed, f"the crawler never requested: {'; '.join(missed)}"


# --- Size and time ----------------------------------------------------------------------------


def test_503_is_retried_after_its_retry_after(hostile: HostileCrawl, archive: Session) -> None:
    site = hostile.site
    seen = [r for r in hostile.requests_to(site.flaky_path) if r.method == "GET"]
    statuses = [r.status for r in seen]
    assert statuses[:1] == [503], f"expected a first 503 for {site.flaky_path}, saw {statuses}"
    assert 200 in statuses, (
        f"{site.flaky_path} answered 503 with Retry-After: 1 and was never asked again "
        f"(statuses {statuses})"
    )
    gap = seen[statuses.index(200)].at - seen[0].at
    assert gap >= 0.95, (
        f"the retry of {site.flaky_path} came {gap:.3f} s after the 503; Retry-After said 1 s"
    )
    assert _latest(archive, site.url(site.flaky_path)) is not None, (
        f"{site.flaky_path} answered 200 on the retry but was not archived"
    )


def test_429_with_a_day_long_retry_after_is_not_retried(hostile: HostileCrawl) -> None:
    seen = hostile.requests_to(hostile.site.busy_path)
    assert len(seen) <= 1, (
        f"{hostile.site.busy_path} answered 429 with Retry-After: 86400, and the crawler "
        f"asked again {len(seen) - 1} time(s) within seconds: {_requests_summary(seen)}"
    )


def test_never_ending_page_is_abandoned(hostile: HostileCrawl) -> None:
    seen = hostile.requests_to(hostile.site.hang_path)
    assert len(seen) <= 1 + RETRY_TIMES, (
        f"{hostile.site.hang_path} never finishes; requested {len(seen)} times with "
        f"RETRY_TIMES={RETRY_TIMES}: {_requests_summary(seen)}"
    )


def test_oversized_bodies_are_neither_downloaded_nor_stored(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    huge = hostile.requests_to(site.huge_path)
    read = max((r.bytes_sent for r in huge), default=0)
    assert read <= DOWNLOAD_MAXSIZE, (
        f"{site.huge_path} declared Content-Length 50 MiB; the crawler read {read >> 20} MiB "
        f"of it (DOWNLOAD_MAXSIZE is {DOWNLOAD_MAXSIZE >> 20} MiB)"
    )
    urls = _stored_urls(archive)
    for path in (site.bomb_path, site.huge_path, site.hang_path):
        where = [table for table, stored in urls.items() if site.url(path) in stored]
        assert where in ([], ["failure"]), f"{path} was stored in {where}"
    largest = archive.scalar(select(func.max(Body.size))) or 0
    assert largest <= DOWNLOAD_MAXSIZE, (
        f"a stored body holds {largest} bytes, over DOWNLOAD_MAXSIZE ({DOWNLOAD_MAXSIZE})"
    )


def test_redirect_chain_is_cut_short(hostile: HostileCrawl) -> None:
    seen = hostile.requests_to(hostile.site.hop_prefix)
    assert len(seen) <= 1 + REDIRECT_MAX_TIMES, (
        f"a 30-hop redirect chain cost {len(seen)} requests; REDIRECT_MAX_TIMES is "
        f"{REDIRECT_MAX_TIMES}: {_requests_summary(seen, 3)}"
    )


# --- Traps ------------------------------------------------------------------------------------


def test_traps_cost_fewer_requests_than_the_budget(hostile: HostileCrawl) -> None:
    over = {}
    for prefix in hostile.site.trap_prefixes:
        seen = hostile.requests_to(prefix)
        if len(seen) >= TRAP_BUDGET:
            paths = sorted({r.path for r in seen}, key=lambda p: (len(p), p))
            over[prefix] = (
                f"{len(seen)} requests for {len(paths)} URLs, e.g. {paths[:3]} … {paths[-3:]}"
            )
    assert not over, f"traps cost {TRAP_BUDGET} requests or more each: {over}"


def test_nothing_from_the_traps_is_stored(hostile: HostileCrawl, archive: Session) -> None:
    site = hostile.site
    stored = [
        f"{table}: {url}"
        for table, urls in _stored_urls(archive).items()
        if table != "failure"
        for url in urls
        if url.startswith(site.base_url) and site.trap_of(urlsplit(url).path)
    ]
    assert not stored, f"trap pages were archived: {sorted(stored)[:10]}"


# --- Scope ------------------------------------------------------------------------------------


def test_no_request_leaves_the_site(hostile: HostileCrawl) -> None:
    away = [r for r in hostile.requests if r.host != hostile.site.netloc or r.method == "CONNECT"]
    assert not away, (
        "the crawler sent requests to other hosts (they reached the test's proxy): "
        + _requests_summary(away, 12)
    )


def test_internal_page_is_never_requested(hostile: HostileCrawl) -> None:
    internal = [r for r in hostile.requests if r.path.startswith(hostile.site.internal_path)]
    assert not internal, (
        "the internal page was requested (redirect followed off the site, or an XML entity "
        f"resolved): {_requests_summary(internal)}"
    )


def test_nothing_is_stored_under_another_origin(hostile: HostileCrawl, archive: Session) -> None:
    prefix = hostile.site.base_url + "/"
    foreign = [
        f"{table}: {url}"
        for table, urls in _stored_urls(archive).items()
        for url in urls
        if not url.startswith(prefix)
    ]
    assert not foreign, f"URLs of other origins in the archive: {sorted(foreign)[:10]}"


def test_robots_disallowed_paths_are_never_requested(hostile: HostileCrawl) -> None:
    for prefix in hostile.site.disallowed_prefixes:
        seen = hostile.requests_to(prefix)
        assert not seen, f"robots.txt disallows {prefix}, yet: {_requests_summary(seen)}"


def test_no_forbidden_marker_anywhere_in_the_archive(hostile: HostileCrawl) -> None:
    """Every column of every table, and every stored body decompressed."""
    site = hostile.site
    engine = create_engine(hostile.db_url)
    metadata = MetaData()
    metadata.reflect(engine)
    found: list[str] = []
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    where = f"{table.name}.{column} (id {row.get('id')})"
                    found += [
                        f"{marker!r} in {where}" for marker in _markers_in(value, site, table.name)
                    ]
    engine.dispose()
    assert not found, f"forbidden content in the archive: {found[:12]}"


def _markers_in(value: object, site: HostileSite, table: str) -> list[str]:
    """The forbidden markers in one stored value; a body is decompressed first."""
    if value is None or isinstance(value, int | float):
        return []
    if isinstance(value, bytes):
        data = value
        if table == "body":
            try:
                data = bodies.decompress(value)
            except bodies.CorruptBody:
                return ["<a body row that cannot be decompressed>"]
        text = data.decode("latin-1")
        hits = [m.decode("latin-1") for m in site.forbidden_bytes if m in data]
    else:
        text = (
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        )
        hits = []
    hits += [m for m in site.forbidden_markers if m in text]
    return list(dict.fromkeys(hits))


# --- XML --------------------------------------------------------------------------------------


def test_xml_entities_are_never_expanded(hostile: HostileCrawl) -> None:
    site = hostile.site
    unread = [path for path in site.sitemap_paths if not hostile.requests_to(path)]
    assert not unread, f"robots.txt lists these sitemaps; the crawler never read {unread}"
    expanded = [
        r
        for r in hostile.requests
        if any(m in r.target for m in ("LAUGH-ENTITY", "root:x", "root%3Ax", "/etc/passwd"))
    ]
    assert not expanded, f"requests built from expanded entities: {_requests_summary(expanded)}"


# --- Content ----------------------------------------------------------------------------------


def test_every_good_article_is_stored_once_with_its_truth(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    problems = []
    for expected in site.good_articles.values():
        problems += _article_problems(archive, site, expected)
        article = listings.article_by_url(archive, site.url(expected.path))
        if article is not None and (count := len(article.revisions)) != 1:
            problems.append(f"{expected.path}: {count} revisions from one crawl")
        same_title = archive.scalar(
            select(func.count(func.distinct(Revision.article_id))).where(
                Revision.title == expected.title
            )
        )
        if same_title and same_title > 1:
            problems.append(f"{expected.path}: stored as {same_title} articles")
    assert not problems, "good articles archived wrongly:\n" + "\n".join(problems)


def test_arabic_pages_are_stored_as_readable_arabic(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    problems = []
    for path, expected in site.arabic_articles.items():
        actual, label = site.arabic_encodings[path]
        revision = _latest(archive, site.url(path))
        if revision is None:
            problems.append(f"{path} ({actual} labelled {label}): not archived")
            continue
        for part, text in (("title", revision.title), ("text", revision.text)):
            bad = [m for m in MOJIBAKE if m in text]
            if bad:
                problems.append(
                    f"{path} ({actual} labelled {label}): {part} holds {bad}: {text[:80]!r}"
                )
        problems += [
            f"({actual} labelled {label}) {p}" for p in _article_problems(archive, site, expected)
        ]
    assert not problems, "Arabic pages archived wrongly:\n" + "\n".join(problems)


def test_impossible_and_future_dates_are_stored_as_no_date(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    problems = []
    for path, raw in site.bad_date_paths.items():
        revision = _latest(archive, site.url(path))
        if revision is None:
            problems.append(f"{path} (date {raw!r}): not archived")
            continue
        if revision.published_at is not None:
            problems.append(
                f"{path}: the page's only date is {raw!r}, yet published_at is "
                f"{revision.published_at} (from {revision.published_source})"
            )
        if not any(raw in warning for warning in revision.warnings):
            problems.append(f"{path}: no warning names {raw!r}; warnings: {revision.warnings}")
        expected = site.bad_date_articles[path]
        if revision.title != expected.title:
            problems.append(f"{path}: title {revision.title!r}, expected {expected.title!r}")
    assert not problems, "pages with impossible dates archived wrongly:\n" + "\n".join(problems)


def test_pages_without_an_article_are_recorded_as_failures(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    failures: dict[str, str] = dict(archive.execute(select(Failure.url, Failure.reason)).all())
    missing = [
        f"{path} ({what})"
        for path, what in site.failure_paths.items()
        if site.url(path) not in failures
    ]
    assert not missing, (
        f"no failure recorded for: {'; '.join(missing)}; failures recorded: "
        f"{sorted(failures.items())}"
    )
    for path in site.failure_paths:
        assert _latest(archive, site.url(path)) is None, f"{path} was archived as an article"


def test_binary_files_are_not_stored(hostile: HostileCrawl, archive: Session) -> None:
    site = hostile.site
    urls = _stored_urls(archive)
    for path in (*site.pdf_paths, *site.png_paths, site.binary_path, site.blank_path):
        where = [table for table, stored in urls.items() if site.url(path) in stored]
        assert where in ([], ["failure"]), f"{path} was stored in {where}"


def test_tag_soup_is_read_like_any_other_article(hostile: HostileCrawl, archive: Session) -> None:
    problems = _article_problems(archive, hostile.site, hostile.site.soup_article)
    assert not problems, "\n".join(problems)


def test_deeply_nested_page_is_archived_or_recorded(
    hostile: HostileCrawl, archive: Session
) -> None:
    site = hostile.site
    url = site.url(site.deep_path)
    stored = _latest(archive, url) is not None
    failed = archive.scalar(select(func.count()).where(Failure.url == url))
    assert stored or failed, (
        f"{site.deep_path} (an article nested {DEEP_NESTING} levels deep) vanished: neither "
        "archived nor recorded as a failure"
    )
