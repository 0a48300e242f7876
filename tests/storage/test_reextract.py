"""Re-extraction over stored captures: new revisions only where the clean result changed."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from levantcrawl import bodies
from levantcrawl import reextract as reextract_module
from levantcrawl.assemble import attach_dates, attach_extraction, attach_section, seal
from levantcrawl.dedupe.minhash import band_keys, signature
from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.site import learn_site
from levantcrawl.items import ArticleItem, Capture
from levantcrawl.reextract import ReextractReport, Scope, reextract
from levantcrawl.storage import crawls, identity, listings, near_duplicates, revisions, sites
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import ArticleSignature, Body, MinhashBand, Revision
from tests.crawl.conftest import levantcrawl
from tests.synthetic import page

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from levantcrawl.extraction.template import TemplateView

pytestmark = pytest.mark.storage
T0 = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)
HOST = "site.example"
PAGES = [page(i) for i in range(12)]
NEAR = 0.4


def archive_cold(db_url: str, *, signed: bool = False) -> int:
    """Archive the synthetic site as a first crawl would before its model existed; `signed`:
    with each article's MinHash signature, as the store keeps it."""
    archive = open_archive(db_url)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, HOST, None, T0, "UTC")
        crawl = crawls.start_crawl(
            session, spider="news", start_url=f"https://{HOST}/", site=site, now=T0
        )
        for html, url in PAGES:
            item = ArticleItem(
                capture=Capture(
                    url, 200, {"Content-Type": "text/html; charset=utf-8"}, html.encode(), T0
                ),
                site_host=HOST,
                canonical_url=url,
                discovered_via="test",
            )
            extracted = extract_article(html, url)
            attach_extraction(item, extracted, frozenset())
            attach_dates(item, ZoneInfo("UTC"))
            attach_section(item)
            seal(item)
            saved = revisions.save_article(session, crawl.id, item.to_record())
            if signed:
                sig = signature(extracted.title or "", extracted.paragraphs)
                near_duplicates.mark_near_duplicate(
                    session, saved.article_id, sig, NEAR, first=True
                )
        crawl_id = crawl.id
    archive.close()
    return crawl_id


def cold_start_pass(
    session: Session,
    crawl_id: int,
    view: TemplateView,
    near_threshold: float | None = None,
    workers: int = 1,
) -> ReextractReport:
    """The crawl's pass at its end: its cold pages read again with the model, in place."""
    return reextract(
        session,
        Scope(site=HOST, crawl_id=crawl_id, cold_only=True),
        view_for=lambda _host: view,
        default_tz=ZoneInfo("UTC"),
        in_place=True,
        near_threshold=near_threshold,
        workers=workers,
    )


def rewrite_bodies_as_zlib(db_url: str) -> None:
    """Make the archive one written before bodies were Zstandard frames."""
    archive = open_archive(db_url)
    with archive.sessions.begin() as session:
        for body in session.scalars(select(Body)):
            body.compressed = zlib.compress(bodies.decompress(body.compressed), 6)
    archive.close()


@pytest.mark.parametrize("codec", ["zstd", "zlib"])
def test_reextract_with_a_learned_model_revises_only_what_changed(db_url: str, codec: str) -> None:
    archive_cold(db_url)
    if codec == "zlib":
        rewrite_bodies_as_zlib(db_url)
    archive = open_archive(db_url)
    model = learn_site(PAGES)
    with archive.sessions.begin() as session:
        sites.save_template(session, HOST, model.to_json(), model.pages, T0)
    result = levantcrawl("reextract", "--db", db_url, "--workers", "2")
    assert result.returncode == 0, result.stderr
    assert "new revisions" in result.stdout
    with archive.sessions() as session:
        assert session.scalar(select(func.count(Revision.id))) == 2 * len(PAGES)
        for _, url in PAGES:
            article = listings.article_by_url(session, url)
            assert article is not None
            latest = revisions.latest_revision(session, article.id)
            assert latest is not None
            assert latest.number == 2
            assert "Share this article" not in latest.text
            assert "re-extracted from the stored capture" in latest.warnings
            assert [link.kind for link in latest.links] == ["related"]
    again = levantcrawl("reextract", "--db", db_url)
    assert again.returncode == 0, again.stderr
    with archive.sessions() as session:
        assert session.scalar(select(func.count(Revision.id))) == 2 * len(PAGES), "idempotent"
    archive.close()


def test_cold_start_pages_of_the_same_crawl_are_rewritten_in_place(db_url: str) -> None:
    crawl_id = archive_cold(db_url)
    view: TemplateView = learn_site(PAGES).view()
    archive = open_archive(db_url)
    with archive.sessions.begin() as session:
        report = cold_start_pass(session, crawl_id, view)
    assert (report.examined, report.rewritten, report.revised) == (len(PAGES), len(PAGES), 0)
    with archive.sessions() as session:
        revisions = session.scalars(select(Revision)).all()
        assert len(revisions) == len(PAGES)
        assert all(r.number == 1 and r.template_pages == len(PAGES) for r in revisions)
        assert not any("Subscribe to our daily newsletter" in r.text for r in revisions)
    archive.close()


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rewritten_article_is_signed_again_from_its_new_text(
    db_url: str, workers: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cold reading's signature included template lines; left in place, it would stand
    for text the archive no longer holds when later copies are compared with it. With
    workers, they sign it, in batches sent while the pass goes on, and this process marks
    it."""
    monkeypatch.setattr(reextract_module, "_BATCH", 5)  # 12 pages: two batches, then the rest
    crawl_id = archive_cold(db_url, signed=True)
    view: TemplateView = learn_site(PAGES).view()
    archive = open_archive(db_url)
    with archive.sessions() as session:
        signed = select(ArticleSignature.article_id, ArticleSignature.signature)
        cold = dict(session.execute(signed).all())
    with archive.sessions.begin() as session:
        report = cold_start_pass(session, crawl_id, view, near_threshold=NEAR, workers=workers)
    assert report.rewritten == len(PAGES)
    with archive.sessions() as session:
        for html, url in PAGES:
            article = listings.article_by_url(session, url)
            assert article is not None
            expected = extract_article(html, url, view, learn=False)
            sig = signature(expected.title or "", expected.paragraphs)
            stored = session.scalar(
                select(ArticleSignature.signature).where(ArticleSignature.article_id == article.id)
            )
            assert stored == sig != cold[article.id]
            keys = session.scalars(
                select(MinhashBand.band_key).where(MinhashBand.article_id == article.id)
            )
            assert sorted(keys) == sorted(band_keys(sig))
    archive.close()
