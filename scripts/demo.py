"""`make demo`: every part of levantcrawl on the bundled sample site, through the real CLI.

Starts the sample site (edition 1) on a free loopback port, crawls it into a fresh SQLite
archive, switches the site to edition 2 (edits, new articles, one removal), crawls again,
then prints the archive's stats, one revision diff, a search, the link graph's statistics
and the paths of the exports. Then the unmarked sample site (no article markup, only
bylines) into an archive of its own: what detection took and why, and a default crawl after
its edits, which only the sitemap's lastmod signals. Last, both sites in one crawl from a
site list (sites.toml), each on its own loopback address."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".demo"
DB = WORK / "levantcrawl.db"
UNMARKED_DB = WORK / "unmarked.db"
BOTH_DB = WORK / "both.db"
SITES = WORK / "sites.toml"
CORPUS = WORK / "corpus"
PARQUET = WORK / "corpus-parquet"
WARC = WORK / "captures"
GRAPH = WORK / "links.graphml"
DIFF_HTML = WORK / "diff.html"
DIFF_PNG = WORK / "diff.png"
CHROMIUM = Path("/usr/bin/chromium")
CLI = [sys.executable, "-m", "levantcrawl"]


def step(title: str) -> None:
    print(f"\n=== {title}", flush=True)


def cli(*args: str, capture: bool = False) -> str:
    """Run one levantcrawl command as a user would; stop the demo if it fails."""
    print("$ levantcrawl " + " ".join(args), flush=True)
    result = subprocess.run([*CLI, *args], check=False, text=True, capture_output=capture, cwd=ROOT)
    if result.returncode != 0:
        sys.exit(
            f"demo: `levantcrawl {' '.join(args)}` failed ({result.returncode})"
            + (f"\n{result.stderr}" if capture else "")
        )
    return result.stdout if capture else ""


@contextmanager
def sample_site(
    edition: int, port: int = 0, *, unmarked: bool = False, host: str = "127.0.0.1"
) -> Iterator[str]:
    """The bundled site in a child process; yields its base URL once it is listening."""
    flags = ["--host", host, "--edition", str(edition), *(["--unmarked"] if unmarked else [])]
    server = subprocess.Popen(
        [*CLI, "sample-site", "--port", str(port), *flags],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline().strip()
        if " at " not in line:
            sys.exit(f"demo: the sample site did not start ({line!r})")
        print(line, flush=True)
        yield line.rsplit(" at ", 1)[1]
    finally:
        server.terminate()
        server.wait(timeout=10)


def screenshot(page: Path, png: Path) -> None:
    """The diff page as a person sees it, when Debian's chromium is installed."""
    if not CHROMIUM.exists():
        print(f"(no {CHROMIUM}: open {page} in a browser to see the diff page)")
        return
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                str(CHROMIUM),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--hide-scrollbars",
                "--window-size=1200,1400",
                f"--screenshot={png}",
                page.resolve().as_uri(),
            ],
            check=False,
            capture_output=True,
            timeout=60,
        )
    print(f"screenshot of the diff page: {png}" if png.exists() else "(screenshot failed)")


def unmarked_site() -> None:
    """Levant Daily: the same news with no article markup; bylines are all it says."""
    db = str(UNMARKED_DB)
    step("8. A site that marks nothing (Levant Daily): every article found by its byline")
    with sample_site(edition=1, unmarked=True) as url:
        port = url.rstrip("/").rsplit(":", 1)[1]
        cli("crawl", url, "--db", db, "--fast", "--tz", "Asia/Beirut")
    listing = json.loads(
        cli("articles", "--db", db, "--limit", "1", "--format", "json", capture=True)
    )
    page = json.loads(cli("extract", listing[0]["url"], "--db", db, capture=True))
    print(f"{page['title']!r}: {json.dumps(page['detection'], ensure_ascii=False)}")
    print(f"authors {page['authors']}, published {page['published']}")
    cli("health", "--db", db)
    step("9. Its edits show only in the sitemap's lastmod: one default crawl finds them")
    with sample_site(edition=2, port=int(port), unmarked=True) as url:
        cli("crawl", url, "--db", db, "--fast", "--tz", "Asia/Beirut")
    cli("changes", "--db", db, "--since", "2000-01-01")


def second_address() -> str:
    """127.0.0.2 where the loopback network answers on all of 127/8 (Linux); elsewhere
    (macOS) "localhost", which is another host name for the crawl all the same."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.2", 0))
        except OSError:
            return "localhost"
    return "127.0.0.2"


def both_sites() -> None:
    """The two bundled sites in one crawl, from a site list."""
    step("10. Both sites in one crawl: a site list (sites.toml), one process, a row per site")
    with (
        sample_site(edition=1) as news,
        sample_site(edition=1, unmarked=True, host=second_address()) as daily,
    ):
        SITES.write_text(
            f'[defaults]\ntz = "Asia/Beirut"\n\n[[site]]\nurl = "{news}"\n\n'
            f'[[site]]\nurl = "{daily}"\nconcurrency = 2\n',
            encoding="utf-8",
        )
        print(SITES.read_text(encoding="utf-8"), flush=True)
        cli("crawl", "--sites", str(SITES), "--db", str(BOTH_DB), "--fast")


def main() -> int:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir()
    db = str(DB)
    step("1. Crawl edition 1 of the bundled Levant News site into a fresh archive")
    with sample_site(edition=1) as url:
        port = url.rstrip("/").rsplit(":", 1)[1]
        cli("crawl", url, "--db", db, "--fast", "--tz", "Asia/Beirut")
    step("2. The site changes (edition 2: edits, new articles, one removed); crawl again")
    with sample_site(edition=2, port=int(port)) as url:
        # Minutes later nothing is due by the revisit schedule yet: ask for every article.
        cli("crawl", url, "--db", db, "--fast", "--tz", "Asia/Beirut", "--revisit", "all")
    step("3. What the archive holds")
    cli("stats", "--db", db)
    step("4. One article that changed between the crawls: clean text, history, diff")
    listing = json.loads(
        cli("articles", "--db", db, "--limit", "1000", "--format", "json", capture=True)
    )
    revised = [a for a in listing if a["revision"] > 1]
    if not revised:
        sys.exit("demo: no article was revised by edition 2")
    cli("show", revised[0]["url"], "--db", db)
    cli("history", revised[0]["url"], "--db", db)
    cli("diff", revised[0]["url"], "--db", db)
    cli("diff", revised[0]["url"], "--db", db, "--format", "html", "-o", str(DIFF_HTML))
    screenshot(DIFF_HTML, DIFF_PNG)
    step("5. What changed since the first crawl")
    cli("changes", "--db", db, "--since", "2000-01-01")
    step("6. Full-text search and the link graph")
    cli("search", "--db", db, "draft budget", "--limit", "5")
    cli("graph", "stats", "--db", db, "--top", "5")
    cli("graph", "export", "--db", db, "--format", "graphml", "-o", str(GRAPH))
    step("7. Clean corpora (with manifests) and the raw captures as WARC")
    cli("export", "--db", db, "--format", "jsonl", "-o", str(CORPUS))
    cli("export", "--db", db, "--format", "parquet", "-o", str(PARQUET))
    cli("export", "--db", db, "--format", "warc", "-o", str(WARC))
    unmarked_site()
    both_sites()
    jsonl = CORPUS / "articles.jsonl"
    first = json.loads(jsonl.read_text(encoding="utf-8").splitlines()[0])
    print(f"first record: {first['title']!r} ({first['published']}, {first['section']})")
    print(f"\nDemo done. Archive: {DB}\nCorpus: {jsonl} (manifest.json beside it)")
    print(f"Parquet: {PARQUET}\nWARC: {WARC / 'captures.warc.gz'}\nLink graph: {GRAPH}")
    print(f"Diff page: {DIFF_HTML}" + (f" (screenshot {DIFF_PNG})" if DIFF_PNG.exists() else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
