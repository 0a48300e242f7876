"""A generated archive for the export benchmark: N articles written straight into SQLite.

Rows go in through SQLAlchemy Core in batches (a crawl of 100,000 pages would take an hour
and measure the crawler, not the export). Every tenth article has an older revision stored
as a delta, as the store keeps them, so `--revisions all` has texts to rebuild. Seeded:
the same N gives the same archive."""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article, Crawl, Link, Revision, Site, UrlAlias
from levantcrawl.storage.packing import pack

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HOST = "levant.example"
SECTIONS = ("Lebanon", "Syria", "Economy", "World", "Opinion", "Russia/Iran", "Gulf/Yemen")
AUTHORS = ("Rana Haddad", "Karim Rizk", "Mona Farhat", "Omar Mrad", "Dalia Rizk", "Aya Nassif")
WORDS = (  # noqa: SIM905 - a sentence reads better than fifty quoted words
    "the minister said talks on the draft budget would resume after the holiday while "
    "residents of Tripoli waited for electricity and officials in Beirut warned that fuel "
    "imports could slow as the central bank weighed new rules for small business loans and "
    "the municipal council promised to review rubbish collection in the capital"
).split()
START = datetime(2024, 1, 1, tzinfo=UTC)
BATCH = 2000


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    return [
        " ".join(rng.choices(WORDS, k=rng.randint(50, 90))).capitalize() + "." for _ in range(count)
    ]


def _rows(articles: int, seed: int) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """(article row, its revision rows, oldest first), each revision with its link rows."""
    rng = random.Random(seed)
    for n in range(1, articles + 1):
        url = f"http://{HOST}/{2024 + n % 2}/{n % 12 + 1:02d}/{n}-story-{n}"
        published = START + timedelta(minutes=7 * n)
        paragraphs = _paragraphs(rng, rng.randint(5, 9))
        versions = [paragraphs[:-1], paragraphs] if n % 10 == 0 else [paragraphs]
        section = SECTIONS[n % len(SECTIONS)]
        article = {
            "id": n,
            "site_id": 1,
            "canonical_url": url,
            "url_key": f"{HOST}/{n}",
            "first_seen_at": published,
            "last_seen_at": published + timedelta(days=1),
        }
        revisions = []
        for number, body in enumerate(versions, start=1):
            text = "\n\n".join(body)
            digest = hashlib.sha256(text.encode()).hexdigest()
            revisions.append(
                {
                    "article_id": n,
                    "number": number,
                    "crawl_id": number,
                    "content_sha256": digest,
                    "body_sha256": digest,
                    "fetched_at": published + timedelta(hours=number),
                    "title": f"Story {n}: " + " ".join(rng.choices(WORDS, k=6)).title(),
                    "stored_text": text,
                    "word_count": len(text.split()),
                    "authors": [AUTHORS[n % len(AUTHORS)]],
                    "published_at": published,
                    "published_source": "json-ld",
                    "section": section,
                    "section_path": section.split("/"),
                    "tags": [section.split("/")[0].lower()],
                    "language": "en",
                    "links": [
                        {
                            "target_url": f"http://{HOST}/2024/01/{target}-story-{target}",
                            "target_article_id": target,
                            "anchor": f"Story {target}",
                            "kind": "body" if k else "related",
                        }
                        # earlier articles only: their rows are already written
                        for k, target in enumerate(rng.sample(range(1, n), min(3, n - 1)))
                    ],
                }
            )
        if len(revisions) == 2:  # the older one as a delta against the newer, as stored
            older, newer = revisions
            older["text_delta"] = pack(
                older["stored_text"].split("\n\n"), newer["stored_text"].split("\n\n")
            )
            older["stored_text"] = ""
        yield article, revisions


def build_archive(path: Path, articles: int, seed: int = 7) -> None:
    archive = open_archive(f"sqlite:///{path}")
    try:
        with Session(archive.engine) as connection, connection.begin():
            connection.execute(
                insert(Site), [{"id": 1, "host": HOST, "name": "Levant", "created_at": START}]
            )
            connection.execute(
                insert(Crawl),
                [
                    {
                        "id": c,
                        "site_id": 1,
                        "spider": "news",
                        "start_url": f"http://{HOST}/",
                        "started_at": START,
                        "status": "finished",
                    }
                    for c in (1, 2)
                ],
            )
            pending: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
            for pair in _rows(articles, seed):
                pending.append(pair)
                if len(pending) == BATCH:
                    _write(connection, pending)
                    pending = []
            _write(connection, pending)
    finally:
        archive.close()


def _write(connection: Session, batch: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
    if not batch:
        return
    connection.execute(insert(Article), [article for article, _ in batch])
    connection.execute(
        insert(UrlAlias),
        [
            {"article_id": a["id"], "url": a["canonical_url"] + "/", "first_seen_at": START}
            for a, _ in batch
        ],
    )
    revisions = [r for _, revs in batch for r in revs]
    links = [revision.pop("links") for revision in revisions]
    ids = (
        connection.execute(
            insert(Revision).returning(Revision.id, sort_by_parameter_order=True), revisions
        )
        .scalars()
        .all()
    )
    connection.execute(
        insert(Link),
        [
            {"revision_id": rid, **link}
            for rid, group in zip(ids, links, strict=True)
            for link in group
        ],
    )
