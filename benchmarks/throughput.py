"""Crawl throughput and memory: bare Scrapy, Scrapy with trafilatura in the callback, and
levantcrawl's full crawl, side by side on one generated site; then `levantcrawl reextract`
against a single-process trafilatura loop over the same stored pages.

    .venv/bin/python benchmarks/throughput.py [--sizes 2000,20000] [--server auto|nginx|python]
                                              [--repeat N] [--workers N] [--keep DIR] [--json]
                                              [--crawl-only-above N]
    .venv/bin/python benchmarks/throughput.py --many-sites 20 [--many-articles 200]

For each size a static news site is generated (benchmarks/throughput_site.py: pages of
40-120 KB, robots.txt and sitemaps) and served on 127.0.0.1 by nginx when it is installed,
else by Python's threaded HTTP server, each in a process of its own. Every run is a child
process, timed from its start to its exit (interpreter start-up included). Every quarter
second, /proc gives each process of the run's tree its CPU time so far and its
proportional set size (PSS: a page shared by n processes counts 1/n in each, so the sum
counts the modules workers share with their forkserver once, where RSS counted them in
each); memory is the peak of that sum ("all") and the child's own peak ("main"). CPU is
the user and system time of them all, and per page by the role of each process: the
crawl process (the child), extraction workers (lc-extract), the store's writer (lc-store),
other (the forkserver, Python's resource tracker). pages/s counts article pages: the items
a baseline wrote, the articles levantcrawl stored. levantcrawl's crawl is printed run by
run against the naive pipeline (Scrapy + trafilatura in the callback) run beside it: wall
ratio, CPU ms per page by role and in total, PSS. With --repeat N every run is made N
times, interleaved; the table shows each run's fastest, the ratios are the median of the
per-round ratios (a round pairs runs made minutes apart, on a machine whose speed
drifts)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.throughput_site import SiteInfo, build_site

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from types import TracebackType

ROOT = Path(__file__).resolve().parent.parent
SPIDERS = ROOT / "benchmarks" / "throughput_spiders.py"
SITE_TZ = "Asia/Beirut"
SAMPLE_SECONDS = 0.25
# Issue 23's targets for the crawl against Scrapy with trafilatura in the callback (the
# naive pipeline), each the median of the per-run ratios:
TARGET_CRAWL = 1.85  # wall ratio (the naive pipeline's time over levantcrawl's)
TARGET_CPU = 0.8  # total CPU per page, at most, against the naive pipeline's
TARGET_PSS = 2.5  # all-process PSS, at most, against the naive pipeline's
TARGET_REEXTRACT = 1.7  # reextract against plain single-process trafilatura
TARGET_MEMORY = 1.15  # the crawl's all-process PSS on the largest site against the smallest
RUNS = {
    "bare": "bare Scrapy (URLs only)",
    "trafilatura": "Scrapy + trafilatura in callback",
    "levantcrawl": "levantcrawl crawl (full pipeline)",
    "plain-extract": "trafilatura loop, 1 process",
    "reextract": "levantcrawl reextract",
}
BASELINE = {"bare": "trafilatura", "levantcrawl": "trafilatura", "reextract": "plain-extract"}
_WORD = re.compile(r"\w+")


@dataclass
class Run:
    name: str
    pages: int  # article pages handled
    seconds: float  # the child's whole life
    pages_per_second: float
    pss_mb: float  # peak of the proportional set size summed over all its processes
    pss_main_mb: float  # the child's own peak PSS
    processes: int  # how many processes it ran, itself included
    cpu_seconds: float  # user + system time of the child and every process it started
    # CPU ms per article page by role (ROLES: the roles that used any) and "total".
    cpu_ms_per_page: dict[str, float] = field(default_factory=dict)
    fetched: int | None = None  # responses, when the run reports them
    crawl_seconds: float | None = None  # Scrapy's own engine time, start-up excluded
    text_f1: float | None = None  # word-level F1 of the article text against the truth
    extra: dict[str, Any] = field(default_factory=dict)


# -- servers -------------------------------------------------------------------------------


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


NGINX_CONF = """daemon off;
master_process on;
worker_processes 1;
{user}pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include {mime};
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    open_file_cache max=1000 inactive=20s;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    server {{
        listen {host}:{port};
        root {root};
        index index.html;
    }}
}}
"""


class StaticServer:
    """nginx (or Python's threaded server) serving `root` on host:port, in a child."""

    def __init__(
        self, root: Path, port: int, kind: str, work: Path, host: str = "127.0.0.1"
    ) -> None:
        self.root, self.port, self.work, self.host = root, port, work, host
        self.kind = "nginx" if kind == "auto" and shutil.which("nginx") else kind
        if self.kind == "auto":
            self.kind = "python"
        self._child: subprocess.Popen[bytes] | None = None

    @property
    def label(self) -> str:
        if self.kind != "nginx":
            return "Python ThreadingHTTPServer"
        found = subprocess.run(  # noqa: S603 - the nginx found on PATH
            [_nginx(), "-v"],
            capture_output=True,
            text=True,
            check=False,
        )
        return found.stderr.strip().removeprefix("nginx version: ") or "nginx"

    def __enter__(self) -> StaticServer:
        if self.kind == "nginx":
            conf = self.work / "nginx.conf"
            mime = (
                next((p for p in (Path("/etc/nginx/mime.types"),) if p.exists()), None)
                or self._mime_types()
            )
            # nginx started as root hands its workers to "nobody", who may not read a
            # private temporary folder: keep the current user.
            user = "user root;\n" if os.geteuid() == 0 else ""
            conf.write_text(
                NGINX_CONF.format(
                    user=user,
                    work=self.work,
                    mime=mime,
                    host=self.host,
                    port=self.port,
                    root=self.root,
                ),
                "utf-8",
            )
            command = [_nginx(), "-p", str(self.work), "-c", str(conf)]
        else:
            command = [
                sys.executable,
                "-m",
                "http.server",
                "--bind",
                self.host,
                "--directory",
                str(self.root),
                str(self.port),
            ]
        self._child = subprocess.Popen(  # noqa: S603 - a server we start on our own files
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self._child.poll() is not None:
                raise SystemExit(f"{self.kind} exited at start (see {self.work})")
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        raise SystemExit(f"{self.kind} did not listen on port {self.port}")

    def _mime_types(self) -> Path:
        path = self.work / "mime.types"
        path.write_text("types { text/html html; text/plain txt; application/xml xml; }\n", "utf-8")
        return path

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._child is not None:
            self._child.terminate()
            try:
                self._child.wait(10)
            except subprocess.TimeoutExpired:
                self._child.kill()
                self._child.wait()


def _nginx() -> str:
    return shutil.which("nginx") or "nginx"


# -- measuring a child ----------------------------------------------------------------------

# What each process of a run does, by the name levantcrawl gives it (workers.name_process):
# the child itself is the crawl process; a process the forkserver forked without naming it
# is a worker of a pool (reextract's); the forkserver and Python's resource tracker are
# "other". The baselines are one process: all "crawl".
ROLES = ("crawl", "extract", "writer", "other")
_NAMED_ROLES = {"lc-extract": "extract", "lc-store": "writer"}


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            text = (task / "children").read_text()
            found += [int(p) for p in text.split()]
    except OSError:
        pass
    return found


def _descendants(pid: int) -> Iterator[tuple[int, int]]:
    """(process, its parent) for every process below `pid`."""
    stack = [(child, pid) for child in _children(pid)]
    while stack:
        child, parent = stack.pop()
        yield child, parent
        stack += [(grandchild, child) for grandchild in _children(child)]


def _cpu_seconds(pid: int) -> float | None:
    """User + system time the process itself has used so far."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after "pid (name)": state is field 3
    return (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime: fields 14 and 15


_TICKS = os.sysconf("SC_CLK_TCK")


def _pss_kb(pid: int) -> int | None:
    """The process's proportional set size now: each page it shares with n processes
    counts 1/n, so a sum over processes counts every page once (unlike RSS)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def _role(pid: int, parent: int, roles: dict[int, str]) -> tuple[str, bool]:
    """The process's role, and whether it is settled (the process has named itself)."""
    try:
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return roles.get(pid, "other"), False
    if name in _NAMED_ROLES:
        return _NAMED_ROLES[name], True
    if b"forkserver" in command and roles.get(parent) == "other":
        # Forked by the forkserver, not named (yet): one of reextract's workers, or a crawl's
        # worker before its first instruction; its name settles its role at the next sample.
        return "extract", False
    return "other", False


@dataclass
class Measured:
    seconds: float
    cpu_seconds: float
    cpu_by_role: dict[str, float]  # seconds, each role's processes added up
    pss_kb: int  # peak over the run of the PSS summed over every process
    pss_main_kb: int  # the child's own peak PSS
    processes: int
    stdout: str
    stderr: str


class _Samples:
    """What the samples of a process tree saw: each process's latest CPU time and role, the
    peak of the summed PSS."""

    def __init__(self, root: int) -> None:
        self.root = root
        self.cpu: dict[int, float] = {}
        self.roles: dict[int, str] = {root: "crawl"}
        self._named = {root}
        self.pss_kb = 0
        self.pss_main_kb = 0

    def take(self) -> None:
        total = 0
        for pid, parent in ((self.root, 0), *_descendants(self.root)):
            if pid not in self._named:
                # Looked at again until named: a worker names itself just after its fork.
                self.roles[pid], named = _role(pid, parent, self.roles)
                if named:
                    self._named.add(pid)
            if (used := _cpu_seconds(pid)) is not None:
                self.cpu[pid] = used
            if (kb := _pss_kb(pid)) is not None:
                total += kb
                if pid == self.root:
                    self.pss_main_kb = max(self.pss_main_kb, kb)
        self.pss_kb = max(self.pss_kb, total)

    def by_role(self) -> dict[str, float]:
        found = dict.fromkeys(ROLES, 0.0)
        for pid, used in self.cpu.items():
            found[self.roles[pid]] += used
        return found


def measure(command: Sequence[str], work: Path, name: str) -> Measured:
    """Run `command` to its end; its wall time, the CPU time of each of its processes, and
    the peak of the PSS summed over them."""
    out, err = work / f"{name}.stdout", work / f"{name}.stderr"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen(  # noqa: S603 - our own commands, arguments built here
            command, cwd=ROOT, stdout=stdout, stderr=stderr
        )
        samples = _Samples(child.pid)
        try:
            # Sampled until the child has exited, before it is reaped: its /proc entry
            # then still holds its whole CPU time.
            while not os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT):
                samples.take()
                time.sleep(SAMPLE_SECONDS)
            seconds = time.perf_counter() - started
            if (used := _cpu_seconds(child.pid)) is not None:
                samples.cpu[child.pid] = used
            _, status, usage = os.wait4(child.pid, 0)
        except BaseException:  # interrupted: the run must not outlive the benchmark
            child.terminate()
            child.wait()
            raise
    child.returncode = os.waitstatus_to_exitcode(status)
    text_out, text_err = out.read_text("utf-8", "replace"), err.read_text("utf-8", "replace")
    if child.returncode != 0:
        raise SystemExit(f"{name} failed ({child.returncode}): {' '.join(command)}\n{text_err}")
    by_role = samples.by_role()
    return Measured(
        seconds=seconds,
        # wait4 counts the child's time and that of the descendants it waited for; a
        # forkserver and its workers outlive the crawl unwaited, so their times as last
        # sampled count instead when that sum is larger. A worker's CPU after its last
        # sample (a quarter second at most) is missing from its role.
        cpu_seconds=max(usage.ru_utime + usage.ru_stime, sum(by_role.values())),
        cpu_by_role=by_role,
        # A child too short-lived to be sampled has no PSS: its peak resident size stands
        # in (Linux reports ru_maxrss in KiB).
        pss_kb=samples.pss_kb or usage.ru_maxrss,
        pss_main_kb=samples.pss_main_kb or usage.ru_maxrss,
        processes=len(samples.roles),
        stdout=text_out,
        stderr=text_err,
    )


def _run(name: str, pages: int, measured: Measured, **extra: Any) -> Run:
    per_page = 1000 / max(pages, 1)
    cpu_ms = {role: round(s * per_page, 2) for role, s in measured.cpu_by_role.items() if s}
    return Run(
        name=name,
        pages=pages,
        seconds=round(measured.seconds, 2),
        pages_per_second=round(pages / measured.seconds, 1),
        pss_mb=round(measured.pss_kb / 1024, 1),
        pss_main_mb=round(measured.pss_main_kb / 1024, 1),
        processes=measured.processes,
        cpu_seconds=round(measured.cpu_seconds, 1),
        cpu_ms_per_page={**cpu_ms, "total": round(measured.cpu_seconds * per_page, 2)},
        **extra,
    )


# -- extraction quality ------------------------------------------------------------------------


def load_truth(path: Path) -> dict[str, Counter[str]]:
    truth: dict[str, Counter[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            truth[record["url"]] = _words(" ".join(record["paragraphs"]))
    return truth


def _words(text: str) -> Counter[str]:
    return Counter(_WORD.findall(text.lower()))


def text_f1(found: dict[str, str], truth: dict[str, Counter[str]]) -> float:
    """Mean word-level F1 of each article's text against its paragraphs; 0 for a miss."""
    total = 0.0
    for url, expected in truth.items():
        got = _words(found.get(url, ""))
        common = sum((got & expected).values())
        if common:
            precision, recall = common / sum(got.values()), common / sum(expected.values())
            total += 2 * precision * recall / (precision + recall)
    return round(total / max(len(truth), 1), 4)


# -- the runs -----------------------------------------------------------------------------------


def run_baseline(kind: str, base: str, work: Path, truth: dict[str, Counter[str]]) -> Run:
    feed, stats_path = work / f"{kind}.jsonl", work / f"{kind}.stats.json"
    command = [sys.executable, str(SPIDERS), kind, base + "/", str(feed), str(stats_path)]
    measured = measure(command, work, kind)
    stats = json.loads(stats_path.read_text("utf-8"))
    texts: dict[str, str] = {}
    pages = 0
    with feed.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            pages += 1
            texts[record.get("source") or record.get("url", "")] = record.get("text") or ""
    feed.unlink()
    return _run(
        kind,
        pages,
        measured,
        fetched=stats.get("response_received_count"),
        crawl_seconds=stats.get("elapsed_time_seconds"),
        text_f1=text_f1(texts, truth) if kind == "trafilatura" else None,
    )


def run_levantcrawl(
    base: str, db: Path, work: Path, truth: dict[str, Counter[str]], workers: int
) -> Run:
    from sqlalchemy import create_engine, text

    command = [
        *(sys.executable, "-m", "levantcrawl", "crawl", base + "/"),
        *("--db", f"sqlite:///{db}", "--fast", "--tz", SITE_TZ),
        *("-s", f"LEVANTCRAWL_EXTRACT_WORKERS={workers}"),
    ]
    measured = measure(command, work, "levantcrawl")
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as connection:
            stats = json.loads(
                connection.execute(text("SELECT stats FROM crawl ORDER BY id DESC")).scalar_one()
            )
            rows = connection.execute(
                text(
                    "SELECT article.canonical_url, revision.text FROM revision "
                    "JOIN article ON article.id = revision.article_id"
                )
            ).all()
    finally:
        engine.dispose()
    texts = {url: body.replace("\n\n", " ") for url, body in rows}
    return _run(
        "levantcrawl",
        len(texts),
        measured,
        fetched=stats.get("response_received_count"),
        crawl_seconds=stats.get("elapsed_time_seconds"),
        text_f1=text_f1(texts, truth),
        extra={
            key.removeprefix("levantcrawl/"): value
            for key, value in stats.items()
            if key
            in (
                "levantcrawl/extract/with_model",
                "levantcrawl/extract/cold",
                "levantcrawl/template/cold_rewritten",
                "levantcrawl/store/failures",
                "levantcrawl/dedupe/near_duplicates",
            )
        },
    )


def run_reextract(db: Path, work: Path, workers: int) -> Run:
    copy = work / "reextract.db"
    shutil.copyfile(db, copy)
    command = [sys.executable, "-m", "levantcrawl", "reextract", "--db", f"sqlite:///{copy}"]
    if workers:
        command += ["--workers", str(workers)]
    measured = measure(command, work, "reextract")
    examined = re.search(r"examined\s*│\s*([\d,]+)", measured.stdout)
    copy.unlink()
    pages = int(examined.group(1).replace(",", "")) if examined else 0
    return _run("reextract", pages, measured)


def run_plain_extract(db: Path, work: Path) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--plain-extract", str(db)]
    measured = measure(command, work, "plain-extract")
    return _run("plain-extract", int(measured.stdout.split()[0]), measured)


def plain_extract(db: Path) -> int:
    """The baseline for reextract, run in its own process: every stored article page read
    from the archive, decoded by the rules reextract uses (levantcrawl.reextract.decode, not
    imported: it would bring the whole archive layer), given to trafilatura.extract."""
    import trafilatura
    from sqlalchemy import create_engine, text

    from levantcrawl.bodies import decompress
    from levantcrawl.normalize.encoding import decode_html

    engine = create_engine(f"sqlite:///{db}")
    count = 0
    with engine.connect() as connection:
        rows = connection.execution_options(yield_per=64).execute(
            text(
                "SELECT capture.url, capture.headers, body.compressed FROM revision "
                "JOIN capture ON capture.id = revision.capture_id "
                "JOIN body ON body.id = capture.body_id ORDER BY revision.article_id"
            )
        )
        for url, headers, compressed in rows:
            content_type = next(
                (v for k, v in json.loads(headers).items() if k.lower() == "content-type"), None
            )
            html, _ = decode_html(decompress(compressed), content_type)
            trafilatura.extract(html, url=url, output_format="json", with_metadata=True)
            count += 1
    engine.dispose()
    print(count)
    return 0


# -- one size, the report -----------------------------------------------------------------------


@dataclass
class SizeResult:
    articles: int
    site: dict[str, Any]
    server: str
    cores: int
    repeat: int
    runs: dict[str, Run]
    ratios: dict[str, float]  # the median of round_ratios
    # The ratios of rates within each round of runs: a machine whose speed drifts between
    # minutes pairs a crawl with the baseline measured beside it, not with the best one.
    round_ratios: dict[str, list[float]]
    rounds: list[dict[str, Run]]  # every run, round by round
    versus: list[dict[str, Any]]  # versus_naive(rounds)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def bench_size(articles: int, args: argparse.Namespace, work: Path) -> SizeResult:
    folder = work / f"site-{articles}"
    port = _site_port(folder) or free_port()
    base = f"http://127.0.0.1:{port}"
    started = time.perf_counter()
    _say(f"site of {articles:,} articles ...")
    info: SiteInfo = build_site(folder, articles, base)
    _say(f"  ready in {time.perf_counter() - started:.1f} s, {info.mean_kb:.1f} KB per page")
    truth = load_truth(info.truth)
    runs_dir = work / f"runs-{articles}"
    shutil.rmtree(runs_dir, ignore_errors=True)
    runs_dir.mkdir(parents=True)
    best: dict[str, Run] = {}
    rounds: list[dict[str, Run]] = []

    def keep(run: Run) -> None:
        rounds[-1][run.name] = run
        _say(
            f"  {RUNS[run.name]}: {run.pages:,} pages in {run.seconds:.1f} s = "
            f"{run.pages_per_second:,.1f}/s, {run.cpu_seconds:,.1f} s CPU, "
            f"PSS {run.pss_main_mb:,.0f} MB main, {run.pss_mb:,.0f} MB all"
        )
        if run.name not in best or run.pages_per_second > best[run.name].pages_per_second:
            best[run.name] = run

    with StaticServer(info.root, port, args.server, _server_dir(runs_dir)) as server:
        # Above --crawl-only-above, only levantcrawl's crawl: its memory against the smaller
        # site's is the figure wanted there, and the rest would take the better part of an hour.
        everything = args.crawl_only_above is None or articles <= args.crawl_only_above
        for attempt in range(1, args.repeat + 1):
            _say(f" run {attempt} of {args.repeat} ({server.kind})")
            rounds.append({})
            if everything:
                keep(run_baseline("bare", base, runs_dir, truth))
                keep(run_baseline("trafilatura", base, runs_dir, truth))
            db = runs_dir / "archive.db"
            db.unlink(missing_ok=True)
            keep(run_levantcrawl(base, db, runs_dir, truth, args.workers))
            if everything:
                keep(run_plain_extract(db, runs_dir))
                keep(run_reextract(db, runs_dir, args.workers))
        label = server.label
    round_ratios = {
        name: [
            round(ran[name].pages_per_second / ran[of].pages_per_second, 2)
            for ran in rounds
            if name in ran and of in ran
        ]
        for name, of in BASELINE.items()
        if name in best and of in best
    }
    ratios = {name: round(statistics.median(each), 2) for name, each in round_ratios.items()}
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(runs_dir, ignore_errors=True)
    return SizeResult(
        articles=articles,
        site={
            "pages": info.pages,
            "mean_kb": round(info.mean_kb, 1),
            "smallest_kb": round(info.smallest / 1024, 1),
            "largest_kb": round(info.largest / 1024, 1),
        },
        server=label,
        cores=os.cpu_count() or 1,
        repeat=args.repeat,
        runs=best,
        ratios=ratios,
        round_ratios=round_ratios,
        rounds=rounds,
        versus=versus_naive(rounds),
    )


def _site_port(folder: Path) -> int | None:
    """A kept site names its port in every page: serve it there again if that port is free."""
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return None
    port = int(json.loads(manifest.read_text("utf-8"))["base"].rsplit(":", 1)[1])
    try:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))
    except OSError:
        return None
    return port


def _server_dir(runs_dir: Path) -> Path:
    path = runs_dir / "server"
    path.mkdir()
    return path


def versus_naive(rounds: list[dict[str, Run]]) -> list[dict[str, Any]]:
    """Round by round, levantcrawl's crawl against the naive pipeline (Scrapy + trafilatura
    in the callback) run beside it: the wall ratio, CPU per page by role, and PSS."""
    compared = []
    for ran in rounds:
        if "levantcrawl" not in ran or "trafilatura" not in ran:
            continue
        ours, naive = ran["levantcrawl"], ran["trafilatura"]
        cpu, naive_cpu = ours.cpu_ms_per_page["total"], naive.cpu_ms_per_page["total"]
        compared.append(
            {
                "wall_ratio": round(ours.pages_per_second / naive.pages_per_second, 2),
                "cpu_ms_per_page": ours.cpu_ms_per_page,
                "naive_cpu_ms_per_page": naive.cpu_ms_per_page,
                "cpu_ratio": round(cpu / naive_cpu, 2) if naive_cpu else None,
                "pss_mb": ours.pss_mb,
                "naive_pss_mb": naive.pss_mb,
                "pss_ratio": round(ours.pss_mb / naive.pss_mb, 2),
            }
        )
    return compared


def memory_ratio(results: list[SizeResult]) -> dict[str, float] | None:
    """The crawl's peak PSS on the largest site against the smallest, each the median over
    its runs: all processes, and the crawl process alone."""
    if len(results) < 2:
        return None

    def median(result: SizeResult, figure: str) -> float:
        crawls = [ran["levantcrawl"] for ran in result.rounds if "levantcrawl" in ran]
        return float(statistics.median(getattr(run, figure) for run in crawls))

    small, large = results[0], results[-1]
    return {
        "all": round(median(large, "pss_mb") / median(small, "pss_mb"), 2),
        "main": round(median(large, "pss_main_mb") / median(small, "pss_main_mb"), 2),
        "all_mb_small": median(small, "pss_mb"),
        "all_mb_large": median(large, "pss_mb"),
    }


def _verdict(value: float, target: float, *, at_most: bool = False) -> str:
    ok = value <= target if at_most else value >= target
    sign = "<=" if at_most else ">="
    return f"{value:.2f}x (target {sign} {target}x: {'met' if ok else 'MISSED'})"


def _per_round(ratios: list[float]) -> str:
    if len(ratios) < 2:
        return ""
    each = ", ".join(f"{r:.2f}x" for r in ratios)
    return f"; run by run {each}"


def _report_versus(compared: list[dict[str, Any]]) -> None:
    """One line per run: levantcrawl's crawl against the naive pipeline beside it."""
    if not compared:
        return
    print(
        "\nlevantcrawl crawl against Scrapy + trafilatura in the callback, run by run "
        "(CPU ms per article page by process role; PSS: peak of the sum over processes)"
    )
    roles = " ".join(f"{role:>8}" for role in ROLES)
    print(
        f"{'run':>4} {'wall':>6} {roles} {'total':>7} {'naive':>7} {'CPU':>6} "
        f"{'PSS MB':>8} {'naive':>7} {'PSS':>6}"
    )
    for number, row in enumerate(compared, 1):
        cpu = row["cpu_ms_per_page"]
        each = " ".join(f"{cpu.get(role, 0.0):>8.2f}" for role in ROLES)
        cpu_ratio = f"{row['cpu_ratio']:.2f}x" if row["cpu_ratio"] is not None else "-"
        print(
            f"{number:>4} {row['wall_ratio']:>5.2f}x {each} {cpu['total']:>7.2f} "
            f"{row['naive_cpu_ms_per_page']['total']:>7.2f} {cpu_ratio:>6} "
            f"{row['pss_mb']:>8,.1f} {row['naive_pss_mb']:>7,.1f} {row['pss_ratio']:>5.2f}x"
        )
    cpu_ratios = [row["cpu_ratio"] for row in compared if row["cpu_ratio"] is not None]
    print(
        "median of "
        f"{len(compared)}: wall ratio "
        + _verdict(statistics.median(row["wall_ratio"] for row in compared), TARGET_CRAWL)
        + "; CPU per page "
        + (_verdict(statistics.median(cpu_ratios), TARGET_CPU, at_most=True) if cpu_ratios else "-")
        + "; PSS "
        + _verdict(
            statistics.median(row["pss_ratio"] for row in compared), TARGET_PSS, at_most=True
        )
    )


def report(results: list[SizeResult]) -> None:
    for result in results:
        site = result.site
        print(
            f"\n{result.articles:,} articles ({site['pages']:,} HTML pages, {site['mean_kb']} KB "
            f"per article page, {site['smallest_kb']}-{site['largest_kb']} KB), "
            f"{result.server}, {result.cores} cores, best of {result.repeat} "
            "(ratio: the median of the per-run ratios)"
        )
        print(
            f"{'run':<35} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'ratio':>7} "
            f"{'crawl s':>8} {'CPU ms/pg':>10} {'text F1':>8} {'PSS MB main':>12} "
            f"{'PSS MB all':>11} {'procs':>6}"
        )
        for name, label in RUNS.items():
            if (run := result.runs.get(name)) is None:
                continue
            ratio = f"{result.ratios[name]:.2f}x" if name in result.ratios else "1.00x"
            crawl = f"{run.crawl_seconds:.1f}" if run.crawl_seconds is not None else "-"
            f1 = f"{run.text_f1:.3f}" if run.text_f1 is not None else "-"
            print(
                f"{label:<35} {run.pages:>7,} {run.seconds:>8.1f} {run.pages_per_second:>8.1f} "
                f"{ratio:>7} {crawl:>8} {run.cpu_ms_per_page['total']:>10.1f} {f1:>8} "
                f"{run.pss_main_mb:>12,.1f} {run.pss_mb:>11,.1f} {run.processes:>6}"
            )
        _report_versus(result.versus)
        if "reextract" in result.ratios:
            print(
                "levantcrawl reextract vs trafilatura loop, median: "
                + _verdict(result.ratios["reextract"], TARGET_REEXTRACT)
                + _per_round(result.round_ratios["reextract"])
            )
    if (grown := memory_ratio(results)) is not None:
        small, large = results[0], results[-1]
        print(
            f"\nlevantcrawl crawl peak PSS, {large.articles:,} against {small.articles:,} "
            f"pages, all processes, median of the runs: {grown['all_mb_large']:,.1f} / "
            f"{grown['all_mb_small']:,.1f} MB = "
            + _verdict(grown["all"], TARGET_MEMORY, at_most=True)
        )
        print(f"  crawl process alone: {grown['main']:.2f}x")


def _stop(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,20000", help="site sizes, comma-separated")
    parser.add_argument("--server", choices=("auto", "nginx", "python"), default="auto")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of runs; ratios are the median over the rounds",
    )
    parser.add_argument(
        "--workers", type=int, default=0, help="extraction processes (default: one per core)"
    )
    parser.add_argument("--keep", type=Path, help="build the sites here and keep them")
    parser.add_argument(
        "--crawl-only-above",
        type=int,
        metavar="N",
        help="sites larger than N articles: levantcrawl's crawl only (for its memory)",
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--many-sites",
        type=int,
        metavar="N",
        help="instead: N sites in one crawl, one after the other, and N crawls at once "
        "(benchmarks/throughput_many.py)",
    )
    parser.add_argument(
        "--many-articles", type=int, default=200, help="articles per site of --many-sites"
    )
    parser.add_argument(
        "--polite-seconds",
        type=float,
        default=30,
        help="--many-sites: crawl one site, then all, with the default delay for this long "
        "each (0: skip)",
    )
    parser.add_argument("--plain-extract", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.plain_extract:
        return plain_extract(args.plain_extract)
    # Stopped by a signal, still stop the server and remove the temporary folder.
    signal.signal(signal.SIGTERM, _stop)
    if args.server == "nginx" and not shutil.which("nginx"):
        parser.error("nginx is not installed (apt-get install nginx), or use --server python")
    sizes = sorted(int(size) for size in args.sizes.split(","))
    work = args.keep or Path(tempfile.mkdtemp(prefix="levantcrawl-throughput-"))
    work.mkdir(parents=True, exist_ok=True)
    _say(f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.many_sites:
        return _many_sites(args, work)
    try:
        results = [bench_size(size, args, work) for size in sizes]
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        payload = {
            "sizes": [asdict(r) for r in results],
            "memory_ratio": memory_ratio(results),
            "targets": {
                "crawl": TARGET_CRAWL,
                "cpu": TARGET_CPU,
                "pss": TARGET_PSS,
                "reextract": TARGET_REEXTRACT,
                "memory": TARGET_MEMORY,
            },
        }
        print(json.dumps(payload, indent=2))
    else:
        report(results)
    return 0


def _many_sites(args: argparse.Namespace, work: Path) -> int:
    from benchmarks.throughput_many import bench_many, report_many

    try:
        result = bench_many(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report_many(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
