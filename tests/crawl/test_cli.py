"""The real `levantcrawl` command in a child process, on archives made by real crawls."""

from __future__ import annotations

import csv
import io
import json
import signal
import subprocess
import sys
import urllib.request
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from levantcrawl.pipelines.extract import EARLY_PAGES
from levantcrawl.storage import crawls, identity
from levantcrawl.storage.db import open_archive
from tests.crawl.conftest import ROOT, levantcrawl

if TYPE_CHECKING:
    from pathlib import Path

    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl


def ok(*args: str) -> str:
    result = levantcrawl(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def edited(crawled: CrawlSequence, kind: str) -> str:
    path = next(p for p, k in crawled.second.site.edited.items() if k == kind)
    return crawled.base_url + path


def test_articles_lists_newest_first_with_filters(crawled: CrawlSequence) -> None:
    db = crawled.second.db_url
    rows = json.loads(ok("articles", "--db", db, "--format", "json", "--limit", "1000"))
    assert len(rows) == len(crawled.second.site.articles) + 1  # the removed one is listed too
    published = [r["published"] for r in rows]
    assert published == sorted(published, reverse=True)
    russia = json.loads(ok("articles", "--db", db, "--format", "json", "--section", "Russia/Iran"))
    assert russia
    assert {r["section"] for r in russia} == {"Russia/Iran"}
    table = ok("articles", "--db", db, "--limit", "3")
    assert "3 articles" in table


def test_show_prints_clean_text_and_raw_capture(crawled: CrawlSequence) -> None:
    path, truth = next(iter(crawled.first.site.articles.items()))
    url = crawled.base_url + path
    shown = json.loads(ok("show", url, "--db", crawled.first.db_url, "--format", "json"))
    assert shown["title"] == truth.title
    assert shown["text"].split("\n\n") == list(truth.paragraphs)
    text = ok("show", url + "?utm_source=x", "--db", crawled.first.db_url)
    assert truth.paragraphs[0] in text
    assert "Dark Mode" not in text
    raw = ok("show", url, "--db", crawled.first.db_url, "--raw")
    assert "Dark Mode" in raw
    assert "<html" in raw


def test_history_and_diff_show_the_edit(crawled: CrawlSequence) -> None:
    db = crawled.second.db_url
    url = edited(crawled, "headline")
    history = json.loads(ok("history", url, "--db", db, "--format", "json"))
    assert [r["revision"] for r in history["revisions"]] == [1, 2]
    new_title = crawled.second.site.articles[url.removeprefix(crawled.base_url)].title
    old_title = crawled.first.site.articles[url.removeprefix(crawled.base_url)].title
    text = ok("diff", url, "--db", db)
    assert "revision 1 -> 2" in text
    assert text.splitlines()[1].startswith("title: ")
    assert "\x1b[" not in text, "no colour when stdout is not a terminal"
    as_json = json.loads(ok("diff", url, "--db", db, "--format", "json"))
    assert as_json["changed"]
    rebuilt_old = "".join(c["text"] for c in as_json["title"] if c["op"] != "insert")
    rebuilt_new = "".join(c["text"] for c in as_json["title"] if c["op"] != "delete")
    assert (rebuilt_old, rebuilt_new) == (old_title, new_title)
    added = json.loads(ok("diff", edited(crawled, "correction"), "--db", db, "--format", "json"))
    assert added["paragraphs"][-1]["op"] == "insert"
    assert added["paragraphs"][-1]["new"].startswith("Correction")


def test_export_streams_jsonl_and_csv_with_filters(crawled: CrawlSequence, tmp_path: Path) -> None:
    db = crawled.second.db_url
    out = tmp_path / "corpus"
    ok("export", "--db", db, "--format", "jsonl", "-o", str(out))
    jsonl = (out / "articles.jsonl").read_text("utf-8")
    records = [json.loads(line) for line in jsonl.splitlines()]
    assert len(records) == len(crawled.second.site.articles)  # removed articles left out
    assert all(r["text"] and "Dark Mode" not in r["text"] for r in records)
    assert all(r["published"].endswith("Z") for r in records)
    window = ok("export", "--db", db, "--since", "2024-03-01", "--until", "2024-03-31")
    in_march = [json.loads(line) for line in window.splitlines()]
    assert in_march
    assert all(r["published"].startswith("2024-03") for r in in_march)
    rows = list(
        csv.DictReader(
            io.StringIO(ok("export", "--db", db, "--format", "csv", "--section", "Lebanon"))
        )
    )
    assert rows
    assert {row["section"] for row in rows} == {"Lebanon"}


def test_stats_counts_the_archive(crawled: CrawlSequence) -> None:
    stats = json.loads(ok("stats", "--db", crawled.second.db_url, "--format", "json"))
    assert stats["counts"]["articles"] == len(crawled.second.site.articles) + 1
    assert stats["counts"]["removed articles"] == 1
    assert [c["status"] for c in stats["crawls"]] == ["finished"] * 3


def test_archive_location_comes_from_the_environment_unless_given(crawled: CrawlSequence) -> None:
    env = {"LEVANTCRAWL_DB_URL": crawled.first.db_url}
    from_env = levantcrawl("stats", "--format", "json", env=env)
    assert from_env.returncode == 0, from_env.stderr
    assert json.loads(from_env.stdout)["counts"]["crawls"] == 1
    flag_wins = levantcrawl(
        "stats",
        "--format",
        "json",
        "--db",
        crawled.second.db_url,
        env={"LEVANTCRAWL_DB_URL": crawled.first.db_url},
    )
    assert json.loads(flag_wins.stdout)["counts"]["crawls"] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "http://127.0.0.1:1/unknown"), "no archived article"),
        (("articles", "--since", "2024-13-45"), "not a date"),
        (("diff", "http://127.0.0.1:1/unknown", "--to", "x"), "invalid int value"),
        (("crawl", "ftp://example.invalid/"), "http(s) URL"),
        (("sample-site", "--edition", "3"), "invalid choice"),
    ],
)
def test_bad_input_gets_one_line_and_a_non_zero_exit(
    crawled: CrawlSequence, args: tuple[str, ...], message: str
) -> None:
    result = levantcrawl(*args, "--db", crawled.first.db_url)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_file_that_is_not_a_database_is_refused_cleanly(tmp_path: Path) -> None:
    junk = tmp_path / "notes.db"
    junk.write_text("this is not a database")
    for args in (("stats",), ("db", "current"), ("export",)):
        result = levantcrawl(*args, "--db", str(junk))
        assert result.returncode == 2
        assert "not a database" in result.stderr
        assert "Traceback" not in result.stderr
    missing = levantcrawl("stats", "--db", str(tmp_path / "missing.db"))
    assert missing.returncode == 2
    assert "no archive at" in missing.stderr


def test_sample_site_command_serves_and_stops_cleanly() -> None:
    server = subprocess.Popen(
        [sys.executable, "-m", "levantcrawl", "sample-site", "--port", "0", "--edition", "2"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("Levant News sample site (edition 2) at http://127.0.0.1:")
        base = line.strip().rsplit(" at ", 1)[1]
        with urllib.request.urlopen(base + "robots.txt", timeout=10) as response:  # noqa: S310
            assert b"Sitemap:" in response.read()
    finally:
        server.send_signal(signal.SIGTERM)
        _, stderr = server.communicate(timeout=10)
    assert server.returncode == 0
    assert "Traceback" not in stderr


def test_extract_prints_one_page_as_json(crawled: CrawlSequence) -> None:
    fixture = ROOT / "tests/fixtures/pages/arabicnews/beirut-port-reconstruction_2024-08-05.html"
    golden = json.loads(fixture.with_suffix(".expected.json").read_text("utf-8"))
    url = golden["url"]
    page = json.loads(ok("extract", str(fixture), "--url", url, "--tz", "Asia/Beirut"))
    assert page["paragraphs"] == golden["paragraphs"]
    assert (page["published"], page["published_source"]) == ("2024-08-05T00:00:00Z", "byline")
    assert page["source"] == "file"
    path, truth = next(iter(crawled.first.site.articles.items()))
    archived = json.loads(ok("extract", crawled.base_url + path, "--db", crawled.first.db_url))
    assert archived["source"].startswith("archived capture")
    # The crawl's model: learned from every page of the first EARLY_PAGES, then a sample.
    assert EARLY_PAGES <= archived["site_model"]["pages"] < len(crawled.first.site.articles)
    assert archived["paragraphs"] == list(truth.paragraphs)
    missing = levantcrawl(
        "extract", str(fixture), "--site", "nowhere.example", "--db", crawled.first.db_url
    )
    assert missing.returncode == 2
    assert "no stored site model" in missing.stderr


def test_health_reports_each_crawl(crawled: CrawlSequence) -> None:
    report = json.loads(ok("health", "--db", crawled.second.db_url, "--format", "json"))
    (rows,) = report.values()
    assert [row["crawl"] for row in rows] == [1, 2, 3]
    first = rows[0]["figures"]
    assert first["articles"] == len(crawled.first.site.articles)
    assert first["fill/title"] == first["fill/published"] == first["fill/section"] == 1.0
    assert all(row["alerts"] == [] for row in rows)
    assert "extraction health" in ok("health", "--db", crawled.second.db_url)


def test_failures_lists_what_could_not_be_archived(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'f.db'}"
    archive = open_archive(db)
    now = datetime.now(UTC)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, "news.example", None, now)
        crawl = crawls.start_crawl(
            session, spider="news", start_url="https://news.example/", site=site, now=now
        )
        crawls.record_failure(
            session, crawl.id, "https://news.example/x.pdf", "binary content served as HTML", now
        )
    archive.close()
    rows = json.loads(ok("failures", "--db", db, "--format", "json"))
    assert [(r["url"], r["reason"]) for r in rows] == [
        ("https://news.example/x.pdf", "binary content served as HTML")
    ]
    assert "binary content served as HTML" in ok("failures", "--db", db, "--site", "news.example")
    assert json.loads(ok("failures", "--db", db, "--format", "json", "--crawl", "99")) == []
