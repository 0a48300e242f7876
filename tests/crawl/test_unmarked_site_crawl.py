"""Real crawls of the unmarked sample site (Levant Daily): no article markup at all, only
bylines; listings that look long; edits that only the sitemap's lastmod signals. Two
default crawls, edition 1 then edition 2, checked against the generator's ground truth."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from levantcrawl.samplesite import SampleSiteServer, build_site
from levantcrawl.storage import listings
from levantcrawl.storage.models import Article, Crawl, Failure, Revision
from tests.crawl.conftest import TODAY, archive_session, latest, levantcrawl, scrapy_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy.orm import Session

    from levantcrawl.samplesite import SampleSite

pytestmark = pytest.mark.crawl


@dataclass(frozen=True)
class UnmarkedCrawls:
    base_url: str
    first: str  # db URL after edition 1
    second: str  # db URL after edition 2, one default crawl later
    site: SampleSite  # edition 1
    edited_site: SampleSite  # edition 2


@pytest.fixture(scope="module")
def unmarked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UnmarkedCrawls]:
    folder: Path = tmp_path_factory.mktemp("unmarked")
    live = folder / "live.db"
    with SampleSiteServer(port=0, unmarked=True, today=lambda: TODAY) as server:
        scrapy_crawl(server.base_url, f"sqlite:///{live}")
        shutil.copyfile(live, folder / "first.db")
        server.set_edition(2)
        scrapy_crawl(server.base_url, f"sqlite:///{live}")  # the default: no revisit=all
        shutil.copyfile(live, folder / "second.db")
        yield UnmarkedCrawls(
            server.base_url,
            f"sqlite:///{folder / 'first.db'}",
            f"sqlite:///{folder / 'second.db'}",
            build_site(edition=1, unmarked=True),
            build_site(edition=2, unmarked=True),
        )


@pytest.fixture
def first(unmarked: UnmarkedCrawls) -> Iterator[Session]:
    yield from archive_session(unmarked.first)


@pytest.fixture
def second(unmarked: UnmarkedCrawls) -> Iterator[Session]:
    yield from archive_session(unmarked.second)


def test_every_article_is_stored_and_no_listing(unmarked: UnmarkedCrawls, first: Session) -> None:
    base = unmarked.base_url
    stored = set(first.scalars(select(Article.canonical_url)))
    assert stored == {base + path for path in unmarked.site.articles}
    listings = {base + path.rstrip("/") for path in unmarked.site.listing_paths}
    assert len(listings) > 100, "the site should have many listing, subject and writer pages"
    assert not stored & listings
    stats = first.scalars(select(Crawl.stats)).one()
    assert stats["levantcrawl/detect/taken/generic"] == len(unmarked.site.articles)
    assert stats["levantcrawl/detect/refused/listing"] >= len(listings) * 3 // 4, stats
    assert "levantcrawl/detect/taken/marked" not in stats, "the site marks nothing"
    # No listing at an article-like address is kept as a failure for review.
    assert not first.scalars(select(Failure.url).where(Failure.reason.like("refused%"))).all()


def test_bylines_give_every_time_to_the_minute_and_every_author_exact(
    unmarked: UnmarkedCrawls, first: Session
) -> None:
    agencies = 0
    arabic = 0
    for path, truth in unmarked.site.articles.items():
        revision = latest(first, unmarked.base_url + path)
        assert revision.published_at == truth.published.astimezone(UTC), path
        assert (revision.published_source, revision.published_has_time) == ("byline", True)
        assert revision.authors == list(truth.authors), path
        assert revision.source_agency == (truth.agencies[0] if truth.agencies else None), path
        assert tuple(revision.paragraphs) == truth.paragraphs, path
        agencies += bool(truth.agencies)
        arabic += any("\u0600" <= c <= "\u06ff" for c in "".join(truth.authors))
    assert agencies >= 50, "a third of the bylines credit an agency"
    assert arabic >= 50, "a third of the bylines are Arabic"


def test_a_lastmod_alone_brings_each_edit_in_once(
    unmarked: UnmarkedCrawls, second: Session
) -> None:
    """Edition 2 edits eight articles and moves their sitemap lastmod to the edit time,
    before our first capture on any clock; nothing else says so. One default crawl gives
    each edited article exactly one new revision and every other article none."""
    base = unmarked.base_url
    edited = {base + path for path in unmarked.edited_site.edited}
    revised = {}
    for article in second.scalars(select(Article)):
        revisions = listings.revisions_of(second, article.id)
        revised[article.canonical_url] = len(revisions)
    assert len(edited) == 8
    assert {url for url, n in revised.items() if n > 1} == edited
    assert {revised[url] for url in edited} == {2}
    for path in unmarked.edited_site.edited:
        revision = latest(second, base + path)
        truth = unmarked.edited_site.articles[path]
        assert (revision.title, tuple(revision.paragraphs)) == (truth.title, truth.paragraphs)
    for path in unmarked.edited_site.new_paths:
        assert revised[base + path] == 1
    stats = second.scalars(select(Crawl.stats).order_by(Crawl.id.desc())).first()
    assert stats is not None
    assert stats["levantcrawl/discovery/lastmod_changed"] >= len(edited)


def test_extract_says_an_unmarked_article_is_one_and_why(unmarked: UnmarkedCrawls) -> None:
    path, truth = next(iter(unmarked.site.articles.items()))
    result = levantcrawl("extract", unmarked.base_url + path, "--db", unmarked.first)
    assert result.returncode == 0, result.stderr
    page = json.loads(result.stdout)
    assert page["is_article"] is True
    assert page["detection"]["article"] is True
    assert page["detection"]["basis"] in ("generic", "site")
    assert "byline" in page["detection"]["reason"]
    assert page["authors"] == list(truth.authors)


def test_health_shows_the_articles_taken_unmarked(unmarked: UnmarkedCrawls) -> None:
    result = levantcrawl("health", "--db", unmarked.first, "--format", "json")
    assert result.returncode == 0, result.stderr
    (rows,) = json.loads(result.stdout).values()
    figures = rows[0]["figures"]
    assert figures["detect/unmarked"] == 1.0
    assert figures["detect/refused"] > 100
    assert rows[0]["alerts"] == []


def test_the_unmarked_site_marks_nothing(unmarked: UnmarkedCrawls, first: Session) -> None:
    site = unmarked.site
    path = next(iter(site.articles))
    body = site.respond("GET", path, {}, TODAY).body.decode()
    for mark in ("application/ld+json", "og:", "article:", "<time", 'name="author"'):
        assert mark not in body
    assert first.scalar(select(func.count()).select_from(Revision)) == len(site.articles)
