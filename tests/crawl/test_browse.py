"""`levantcrawl browse` serves a crawled archive with Datasette, and its full-text search finds
an article over HTTP; `levantcrawl search` finds the same one."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pytest

from tests.crawl.conftest import ROOT, levantcrawl

if TYPE_CHECKING:
    from pathlib import Path

    from levantcrawl.samplesite.model import TruthArticle
    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl
START_TIMEOUT = 60.0
BROWSE = (sys.executable, "-m", "levantcrawl", "browse")
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # 127.0.0.1, no proxy


def word_of_one_article(crawled: CrawlSequence) -> tuple[str, TruthArticle]:
    """A word that only one archived article's latest title or text holds."""
    removed = [crawled.first.site.articles[p] for p in crawled.second.site.gone_paths]
    articles = [*crawled.second.site.articles.values(), *removed]

    def words(article: TruthArticle) -> set[str]:
        text = " ".join([article.title, *article.paragraphs]).lower()
        return set(re.findall(r"[^\W\d_]{7,}", text))

    counts = Counter(word for article in articles for word in words(article))
    return min(
        (word, article) for article in articles for word in words(article) if counts[word] == 1
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(url: str) -> Any:
    with DIRECT.open(url, timeout=10) as response:
        return json.load(response)


def answers(url: str) -> bool:
    try:
        get_json(url)
    except (urllib.error.URLError, OSError):
        return False
    return True


def wait_for_line(text: str, process: subprocess.Popen[bytes], out: Path, err: Path) -> None:
    """Until the command prints `text` (it does once Datasette answers), or a minute passes."""
    deadline = time.monotonic() + START_TIMEOUT
    while text not in out.read_text("utf-8"):
        assert process.poll() is None, err.read_text("utf-8")[-3000:]
        assert time.monotonic() < deadline, f"no {text!r} within {START_TIMEOUT:.0f}s"
        time.sleep(0.2)


def test_browse_finds_an_article_through_full_text_search_over_http(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    word, article = word_of_one_article(crawled)
    url = crawled.base_url + article.path
    archive = tmp_path / "archive.db"
    shutil.copyfile(crawled.second.db_url.removeprefix("sqlite:///"), archive)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    out, err = tmp_path / "browse.out", tmp_path / "browse.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [*BROWSE, "--db", str(archive), "--port", str(port), "--no-open"],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            wait_for_line(f"{base}/archive/article_latest", process, out, err)
            rows = get_json(
                f"{base}/archive/article_latest.json?_search={quote(word)}&_shape=array"
            )
            assert [(row["url"], row["title"]) for row in rows] == [(url, article.title)]
            assert word in rows[0]["text"].lower()
        finally:
            process.terminate()  # SIGTERM: it stops Datasette, then exits
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, err.read_text("utf-8")[-3000:]
    assert not answers(f"{base}/-/versions.json"), "Datasette outlived the command"


def test_search_command_finds_the_same_article(crawled: CrawlSequence, tmp_path: Path) -> None:
    word, article = word_of_one_article(crawled)
    archive = tmp_path / "archive.db"
    shutil.copyfile(crawled.second.db_url.removeprefix("sqlite:///"), archive)
    found = levantcrawl("search", word, "--db", str(archive), "--format", "json", timeout=60)
    assert found.returncode == 0, found.stderr
    assert [hit["url"] for hit in json.loads(found.stdout)] == [crawled.base_url + article.path]
    table = levantcrawl("search", word.upper(), "--db", str(archive), timeout=60)
    assert table.returncode == 0, table.stderr
    assert article.title in table.stdout
    nothing = levantcrawl("search", "!!!", "--db", str(archive), timeout=60)
    assert nothing.returncode == 2
    assert nothing.stderr.count("\n") == 1
    assert "nothing to search for" in nothing.stderr


def test_browse_refuses_postgresql_in_one_line() -> None:
    result = levantcrawl("browse", "--db", "postgresql://nobody@127.0.0.1:9/none", timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "Datasette reads only SQLite" in result.stderr
    assert "levantcrawl search" in result.stderr


def test_browse_of_a_missing_archive_is_an_error_not_a_new_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    result = levantcrawl("browse", "--db", str(missing), "--no-open", timeout=60)
    assert result.returncode == 2
    assert f"no archive at {missing}" in result.stderr
    assert not missing.exists()
