"""A crawl with near-duplicate detection off: its workers sign nothing (so never import
datasketch, numpy or scipy), and the articles it stores are the ones a signing crawl
stores, with the same text."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from levantcrawl.storage.models import Article, ArticleSignature, Revision
from tests.crawl.conftest import archive_session, scrapy_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

    from levantcrawl.samplesite import SampleSiteServer
    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl


def _texts(session: Session) -> dict[str, tuple[str, str, int]]:
    """Each article's title, text and word count (one crawl: one revision each)."""
    rows = session.execute(
        select(Article.canonical_url, Revision.title, Revision.stored_text, Revision.word_count)
        .join(Revision, Revision.article_id == Article.id)
        .where(Revision.number == 1)
    )
    return {url: (title, text, words) for url, title, text, words in rows}


def test_a_crawl_without_near_duplicates_stores_the_same_articles_unsigned(
    crawled: CrawlSequence, sample_server: SampleSiteServer, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'unsigned.db'}"
    scrapy_crawl(sample_server.base_url, url, "-s", "LEVANTCRAWL_DEDUPE_ENABLED=False")
    for session in archive_session(crawled.first.db_url):
        signed = _texts(session)
        assert session.scalar(select(func.count()).select_from(ArticleSignature)) == len(signed)
    for session in archive_session(url):
        assert session.scalar(select(func.count()).select_from(ArticleSignature)) == 0
        assert len(signed) > 20
        assert _texts(session) == signed
