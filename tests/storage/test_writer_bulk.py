"""New articles are stored in one go (storage/bulk.py), and the archive holds exactly what
storing them one by one gives: the same articles, URLs, captures, revisions, links,
signatures and near-duplicate marks, with the articles that are not new (a revision in the
same batch, a new slug of a stored article) still written one by one, in order."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import event, select

from levantcrawl.assemble import seal
from levantcrawl.dedupe.minhash import signature
from levantcrawl.storage import crawls, identity
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import (
    Article,
    ArticleSignature,
    Body,
    Capture,
    Link,
    MinhashBand,
    Revision,
    UrlAlias,
)
from levantcrawl.storage.writer import BatchWriter, StoreOptions
from tests.conftest import pg_schema
from tests.storage.conftest import T0
from tests.storage.test_repositories import make_item

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from levantcrawl.items import ArticleItem

pytestmark = pytest.mark.storage
SITE = "http://127.0.0.1:9"
STORY = tuple(
    f"Paragraph {i} of the port story, long enough to be read as the news of the day."
    for i in range(8)
)


def article(
    url: str, paragraphs: tuple[str, ...], *, hours: int = 0, html: bytes = b""
) -> ArticleItem:
    item = make_item(
        url=url,
        paragraphs=paragraphs,
        fetched_at=T0 + timedelta(hours=hours),
        html=html or url.encode(),
    )
    item.signature = signature(item.extracted.title if item.extracted else "", paragraphs)
    seal(item)
    return item


def batches() -> list[list[ArticleItem]]:
    edited = (*STORY[:-1], "A last paragraph that another site wrote for itself, at length.")
    first = article(f"{SITE}/2024/08/5100-port", STORY)
    unsigned = replace(
        article(f"{SITE}/2024/08/5101-same-page", ("Grain prices rose.",) * 3, html=b"same"),
        signature=None,
    )
    return [
        [
            first,
            article(f"{SITE}/2024/08/5102-wire-copy", edited),  # a copy of `first`, same batch
            unsigned,
            article(f"{SITE}/2024/08/5103-other-page", ("Wages fell in Tyre.",) * 4, html=b"same"),
            # `first` again, revised: written one by one, after the new articles before it.
            article(f"{SITE}/2024/08/5100-port", (*STORY, "An update."), hours=1, html=b"updated"),
            article(f"{SITE}/2024/08/5104-budget", ("The budget passed.",) * 5),
        ],
        [
            article(f"{SITE}/2024/08/5105-another-copy", edited, hours=2),  # of `first`'s story
            article(f"{SITE}/2024/08/5104-budget-passes", ("The budget passed.",) * 6, hours=2),
            article(f"{SITE}/2024/08/5106-diesel", ("Diesel ran short.",) * 5, hours=2),
        ],
    ]


@pytest.fixture
def other_url(db_url: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second, empty archive on the same backend as db_url."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'one-by-one.db'}"
        return
    with pg_schema(request.getfixturevalue("pg_server_url")) as url:
        yield url


def store(
    db_url: str, options: StoreOptions, written: list[list[ArticleItem]]
) -> tuple[dict[str, int], int]:
    """Write the batches; the stats the writer reported, and the statements it ran."""
    archive = open_archive(db_url)
    with archive.sessions.begin() as session:
        site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
        crawl = crawls.start_crawl(session, spider="news", start_url=SITE, site=site, now=T0)
        crawl_id = crawl.id
    archive.close()
    writer = BatchWriter(db_url, crawl_id, options)
    statements = 0

    def count(*_: Any) -> None:
        nonlocal statements
        statements += 1

    event.listen(writer._archive.engine, "before_cursor_execute", count)
    stats: dict[str, int] = {}
    try:
        for batch in written:
            report = writer.write([item.to_record() for item in batch])
            assert not report.messages, report.messages
            for key, n in report.stats.items():
                stats[key] = stats.get(key, 0) + n
    finally:
        writer.close()
    return stats, statements


def contents(db_url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row the writer wrote, ids replaced by what they point at."""
    archive = open_archive(db_url)
    with archive.sessions() as session:
        url = dict(session.execute(select(Article.id, Article.canonical_url)).all())
        body = dict(session.execute(select(Body.id, Body.sha256)).all())
        revision = {r.id: (url[r.article_id], r.number) for r in session.scalars(select(Revision))}
        rows = {
            "articles": [
                (
                    a.canonical_url,
                    a.url_key,
                    url.get(a.duplicate_of_id or 0),
                    a.duplicate_similarity,
                    a.first_seen_at,
                    a.last_seen_at,
                    a.next_check_at,
                    a.unchanged_checks,
                )
                for a in session.scalars(select(Article))
            ],
            "aliases": [
                (url[a.article_id], a.url, a.first_seen_at)
                for a in session.scalars(select(UrlAlias))
            ],
            "captures": [
                (
                    url[c.article_id or 0],
                    c.url,
                    c.status,
                    c.headers,
                    body.get(c.body_id or 0),
                    c.fetched_at,
                    c.last_seen_at,
                )
                for c in session.scalars(select(Capture))
            ],
            "revisions": [
                (
                    url[r.article_id],
                    r.number,
                    r.text,
                    r.text_delta,
                    r.title,
                    r.word_count,
                    r.content_sha256,
                    r.published_at,
                    r.section,
                    r.tags,
                    r.authors,
                )
                for r in session.scalars(select(Revision))
            ],
            "links": [
                (revision[x.revision_id], x.target_url, x.anchor, x.kind)
                for x in session.scalars(select(Link))
            ],
            "signatures": [
                (url[s.article_id], s.signature) for s in session.scalars(select(ArticleSignature))
            ],
            "bands": [
                (url[b.article_id], b.band_key) for b in session.scalars(select(MinhashBand))
            ],
            "bodies": [(b.sha256, b.size) for b in session.scalars(select(Body))],
        }
    archive.close()
    return {name: sorted(found, key=repr) for name, found in rows.items()}


def test_new_articles_stored_together_are_stored_as_one_by_one(db_url: str, other_url: str) -> None:
    together, _ = store(db_url, StoreOptions(near_threshold=0.5), batches())
    # A shared frontier's writer asks the archive about every item: one by one throughout.
    alone, _ = store(other_url, StoreOptions(near_threshold=0.5, shared=True), batches())
    assert together == alone
    assert together["levantcrawl/store/new"] == 7
    assert together["levantcrawl/store/revised"] == 2  # the port story, the budget's new slug
    assert together["levantcrawl/dedupe/near_duplicates"] == 2
    stored, one_by_one = contents(db_url), contents(other_url)
    for table, rows in stored.items():
        assert rows == one_by_one[table], table
    copies = {row[0]: row[2] for row in stored["articles"] if row[2]}
    assert copies == {
        f"{SITE}/2024/08/5102-wire-copy": f"{SITE}/2024/08/5100-port",
        f"{SITE}/2024/08/5105-another-copy": f"{SITE}/2024/08/5100-port",
    }
    assert len(stored["captures"]) == 9
    assert len(stored["bodies"]) == 8  # two pages of the same bytes share one


def test_a_batch_of_new_articles_costs_a_few_statements_in_all(db_url: str, other_url: str) -> None:
    """One statement per table, and two to find the near-copy candidates of them all; where
    one by one ran more than ten for each article."""
    new = [
        [
            article(
                f"{SITE}/2024/09/{6000 + n}-story", tuple(f"Story {n}, part {p}." for p in range(6))
            )
            for n in range(40)
        ]
    ]
    together, together_statements = store(db_url, StoreOptions(), new)
    alone, alone_statements = store(other_url, StoreOptions(shared=True), new)
    assert together == alone == {"levantcrawl/store/new": 40}
    assert together_statements <= 20
    assert alone_statements > 40 * 10
