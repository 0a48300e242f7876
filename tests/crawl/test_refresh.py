"""Incremental recrawls: only due articles are revisited, conditionally; a second crawl of a
site is refused while one runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from levantcrawl.samplesite import SampleSiteServer
from levantcrawl.storage import crawls, identity, listings
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article, Crawl
from tests.crawl.conftest import TODAY, levantcrawl, scrapy_crawl

pytestmark = pytest.mark.crawl


def test_refresh_revisits_only_due_articles_with_conditional_requests(sqlite_url: str) -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        base = server.base_url
        scrapy_crawl(base, sqlite_url, "-a", "tz=Asia/Beirut")
        edition2 = server.set_edition(2)
        edited = {base + path for path in edition2.edited}
        gone = {base + path for path in edition2.gone_paths}
        untouched = sorted({base + p for p in edition2.articles} - edited)[:12]
        due = edited | gone | set(untouched)
        archive = open_archive(sqlite_url)
        with archive.sessions.begin() as session:
            # A month passes for these articles only.
            past = datetime.now(UTC) - timedelta(days=1)
            session.execute(
                update(Article).where(Article.canonical_url.in_(due)).values(next_check_at=past)
            )
        server.clear_requests()
        scrapy_crawl(base, sqlite_url, "-a", "refresh=yes")
        seen = {(r.path, r.status) for r in server.requests if r.path != "/robots.txt"}
        with archive.sessions() as session:
            assert {base + path for path, _ in seen} == due, "only due articles are fetched"
            statuses = {base + path: status for path, status in seen}
            assert {statuses[url] for url in untouched} == {304}, "unchanged pages cost a 304"
            assert {statuses[url] for url in edited} == {200}
            assert {statuses[url] for url in gone} == {410}
            for url in edited:
                article = listings.article_by_url(session, url)
                assert article is not None
                assert [r.number for r in listings.revisions_of(session, article.id)] == [1, 2]
            for url in untouched:
                article = listings.article_by_url(session, url)
                assert article is not None
                assert len(listings.revisions_of(session, article.id)) == 1
                assert article.unchanged_checks == 1
                assert article.next_check_at is not None
                assert article.next_check_at > datetime.now(UTC), "the wait starts again, longer"
            (gone_url,) = gone
            removed = listings.article_by_url(session, gone_url)
            assert removed is not None
            assert removed.removed_at is not None
        archive.close()


def test_a_second_crawl_of_a_running_site_is_refused(sqlite_url: str) -> None:
    archive = open_archive(sqlite_url)
    now = datetime.now(UTC)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, "127.0.0.1", None, now)
        running = crawls.start_crawl(
            session, spider="news", start_url="http://127.0.0.1:9/", site=site, now=now
        )
        running.heartbeat_at = now
    refused = levantcrawl("crawl", "http://127.0.0.1:9/", "--db", sqlite_url)
    assert refused.returncode == 2
    assert f"crawl {running.id} of 127.0.0.1 is still running" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    with archive.sessions.begin() as session:  # the process was killed long ago
        session.execute(update(Crawl).values(heartbeat_at=now - timedelta(hours=1)))
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        result = levantcrawl("crawl", server.base_url + "/", "--db", sqlite_url, "--fast")
    assert result.returncode == 0, result.stderr
    with archive.sessions() as session:
        ended = [tuple(row) for row in session.execute(select(Crawl.status, Crawl.reason))]
    assert ended == [("interrupted", "killed"), ("finished", "finished")]
    archive.close()


def test_a_default_crawl_after_the_edition_switch_revises_exactly_the_edited_articles(
    sqlite_url: str,
) -> None:
    """Nothing is due by the schedule minutes after the first crawl: the sitemap's lastmod,
    moved by each edit to a time before our capture, is the only signal, and it suffices."""
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        base = server.base_url
        scrapy_crawl(base, sqlite_url)
        edition2 = server.set_edition(2)
        server.clear_requests()
        scrapy_crawl(base, sqlite_url)
        statuses = {r.path: r.status for r in server.requests}
    edited = {base + path for path in edition2.edited}
    archive = open_archive(sqlite_url)
    with archive.sessions() as session:
        revisions = {
            article.canonical_url: len(listings.revisions_of(session, article.id))
            for article in session.scalars(select(Article))
        }
    archive.close()
    assert {url for url, n in revisions.items() if n > 1} == edited
    assert {revisions[url] for url in edited} == {2}
    assert {base + path for path in edition2.new_paths} <= set(revisions)
    assert {statuses[path] for path in edition2.edited} == {200}
    # An unchanged article is asked for only when the first crawl met it through a link
    # before its sitemap entry (no lastmod recorded), conditionally: a 304, once.
    unchanged = set(edition2.articles) - set(edition2.edited) - edition2.new_paths
    asked = {path: statuses[path] for path in unchanged if path in statuses}
    assert set(asked.values()) <= {304}
    assert len(asked) < len(unchanged) // 4, asked
