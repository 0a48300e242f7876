"""A capture whose clean text collapses (most words gone) is recorded as a failure for a
person to review, never stored as the article's new version: in a later batch, in the same
batch, and under one of the article's other URLs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from levantcrawl.storage import crawls, identity
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Failure, Revision
from levantcrawl.storage.writer import STORE, BatchWriter, StoreOptions
from tests.storage.conftest import T0
from tests.storage.test_repositories import make_item

pytestmark = pytest.mark.storage
LATER = T0 + timedelta(hours=6)


def words(n: int, seed: int = 0) -> tuple[str, ...]:
    """n words in paragraphs of ten."""
    pool = ("harbour", "budget", "council", "tender", "grain", "border", "wages", "diesel")
    text = [pool[(seed + i * 3) % len(pool)] for i in range(n)]
    return tuple(" ".join(text[at : at + 10]) for at in range(0, n, 10))


def new_writer(db_url: str) -> BatchWriter:
    archive = open_archive(db_url)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
        crawl = crawls.start_crawl(
            session, spider="news", start_url="http://127.0.0.1:9/", site=site, now=T0
        )
        crawl_id = crawl.id
    archive.close()
    return BatchWriter(db_url, crawl_id, StoreOptions())


def counts(db_url: str) -> tuple[int, list[str]]:
    """Revisions stored, and the failures' reasons."""
    archive = open_archive(db_url)
    with archive.sessions() as session:
        revisions = int(session.scalar(select(func.count()).select_from(Revision)) or 0)
        reasons = list(session.scalars(select(Failure.reason)))
    archive.close()
    return revisions, reasons


def test_a_collapsed_capture_in_a_later_batch_is_a_failure(db_url: str) -> None:
    writer = new_writer(db_url)
    try:
        assert (
            writer.write([make_item(paragraphs=words(200)).to_record()]).stats[STORE + "new"] == 1
        )
        report = writer.write([make_item(paragraphs=words(20), fetched_at=LATER).to_record()])
    finally:
        writer.close()
    assert report.stats[STORE + "collapsed"] == 1
    revisions, reasons = counts(db_url)
    assert revisions == 1
    assert reasons == ["clean text collapsed from 200 to 20 words"]


def test_a_collapse_within_one_batch_and_under_another_url_is_caught(db_url: str) -> None:
    """The second and third items find the article the first stored moments before, in the
    same transaction: the first under its URL, the other under its alias."""
    full = make_item(paragraphs=words(200))
    alias = full.aliases[0]
    same_url = make_item(paragraphs=words(30, seed=1), fetched_at=LATER)
    other_url = make_item(paragraphs=words(40, seed=2), fetched_at=LATER, url=alias)
    writer = new_writer(db_url)
    try:
        report = writer.write([i.to_record() for i in (full, same_url, other_url)])
    finally:
        writer.close()
    assert report.stats[STORE + "new"] == 1
    assert report.stats[STORE + "collapsed"] == 2
    revisions, reasons = counts(db_url)
    assert revisions == 1
    assert sorted(reasons) == [
        "clean text collapsed from 200 to 30 words",
        "clean text collapsed from 200 to 40 words",
    ]
