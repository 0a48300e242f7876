"""Export selection on both backends: filters, packed older revisions, aliases and links,
and a Parquet corpus that reads back equal to the records streamed from the archive."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from levantcrawl.assemble import seal
from levantcrawl.export.corpus import CorpusRequest, export_corpus
from levantcrawl.export.query import ExportFilter, count_revisions, iter_records
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.normalize.sections import from_label
from levantcrawl.storage import revisions
from levantcrawl.storage.models import Article
from tests.storage.conftest import T0
from tests.storage.test_repositories import make_item

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy.orm import Session

pytestmark = pytest.mark.storage
BASE = "http://127.0.0.1:9"
ARABIC_TITLE = "محادثات في بيروت حول الموازنة"
ARABIC_AUTHOR = "ريم داهر"


def arabic_item(fetched_at: datetime) -> Any:
    url = f"{BASE}/ar/2024/09/77-budget"
    item = make_item(url=url, paragraphs=("قالت الحكومة إن الموازنة ستقر قريبا.",))
    assert item.extracted is not None
    item.extracted = replace(
        item.extracted, title=ARABIC_TITLE, language="ar", authors=(ARABIC_AUTHOR,)
    )
    item.section = from_label("Lebanon")
    item.published_at = datetime(2024, 9, 2, 8, 0, tzinfo=UTC)
    item.capture = replace(item.capture, fetched_at=fetched_at)
    seal(item)
    return item


@pytest.fixture
def ids(session: Session, crawl_id: int) -> dict[str, int]:
    """An English article revised twice, an Arabic one, a copy and a removed article."""
    story = f"{BASE}/2024/08/1-talks"
    versions = [("One.", "Two."), ("One.", "Two, revised."), ("Zero.", "One.", "Two, revised.")]
    for n, paragraphs in enumerate(versions):
        saved = revisions.save_article(
            session,
            crawl_id,
            make_item(
                url=story, paragraphs=paragraphs, fetched_at=T0 + timedelta(days=n)
            ).to_record(),
        )
    arabic = revisions.save_article(
        session, crawl_id, arabic_item(T0 + timedelta(days=1)).to_record()
    )
    copy = revisions.save_article(
        session, crawl_id, make_item(url=f"{BASE}/2024/08/2-copy").to_record()
    )
    gone = revisions.save_article(
        session, crawl_id, make_item(url=f"{BASE}/2024/08/3-gone").to_record()
    )
    articles = {a.id: a for a in session.scalars(select(Article))}
    articles[copy.article_id].duplicate_of_id = saved.article_id
    articles[copy.article_id].duplicate_similarity = 0.9
    articles[gone.article_id].removed_at = T0 + timedelta(days=5)
    session.flush()
    return {
        "story": saved.article_id,
        "arabic": arabic.article_id,
        "copy": copy.article_id,
        "gone": gone.article_id,
    }


def records(session: Session, revisions: str = "latest", **filters: Any) -> list[dict[str, Any]]:
    return list(iter_records(session, ExportFilter(**filters), revisions))  # type: ignore[arg-type]


def test_latest_revision_of_each_clean_article_by_default(
    session: Session, ids: dict[str, int]
) -> None:
    found = records(session)
    assert [(r["id"], r["revision"]) for r in found] == [(ids["story"], 3), (ids["arabic"], 1)]
    story = found[0]
    assert story["text"] == "Zero.\n\nOne.\n\nTwo, revised."
    assert story["aliases"] == [f"{BASE}/2024/08/1-talks", f"{BASE}/2024/08/1-talks/"]
    assert story["outlinks"] == [
        {
            "url": f"{BASE}/2024/07/99-older",
            "article_id": None,
            "anchor": "Older story",
            "kind": "related",
        }
    ]
    assert story["site"] == "127.0.0.1"
    assert story["revision_fetched_at"] == iso_utc(T0 + timedelta(days=2))
    assert count_revisions(session, ExportFilter(), "latest") == 2


def test_every_revision_rebuilds_packed_texts_in_order(
    session: Session, ids: dict[str, int]
) -> None:
    story = [r for r in records(session, "all") if r["id"] == ids["story"]]
    assert [r["revision"] for r in story] == [1, 2, 3]
    assert [r["text"] for r in story] == [
        "One.\n\nTwo.",
        "One.\n\nTwo, revised.",
        "Zero.\n\nOne.\n\nTwo, revised.",
    ]


def test_filters_select_language_author_section_and_time(
    session: Session, ids: dict[str, int]
) -> None:
    def found(revisions: str = "latest", **filters: Any) -> list[tuple[int, int]]:
        return [(r["id"], r["revision"]) for r in records(session, revisions, **filters)]

    assert found(language="AR") == [(ids["arabic"], 1)]
    assert found(author=ARABIC_AUTHOR) == [(ids["arabic"], 1)]
    assert found(author="rana haddad") == [(ids["story"], 3)]
    assert found(section="russia") == [(ids["story"], 3)]
    assert found(section="Russia/Iran") == [(ids["story"], 3)]
    assert found(section="Iran") == []
    assert found(site="elsewhere.example") == []
    assert found(published_since=datetime(2024, 9, 1, tzinfo=UTC)) == [(ids["arabic"], 1)]
    assert found(published_until=datetime(2024, 9, 1, tzinfo=UTC)) == [(ids["story"], 3)]
    later = T0 + timedelta(hours=12)
    assert found("all", changed_since=later) == [
        (ids["story"], 2),
        (ids["story"], 3),
        (ids["arabic"], 1),
    ]
    assert found(include_duplicates=True, include_removed=True) == [
        (ids["story"], 3),
        (ids["arabic"], 1),
        (ids["copy"], 1),
        (ids["gone"], 1),
    ]
    copy = records(session, include_duplicates=True)[-1]
    assert (copy["duplicate_of"], copy["duplicate_similarity"]) == (ids["story"], 0.9)


def test_parquet_corpus_reads_back_as_streamed(
    session: Session, ids: dict[str, int], tmp_path: Path
) -> None:
    request = CorpusRequest(format="parquet", filters=ExportFilter(), revisions="all")
    manifest = export_corpus(session, request, tmp_path, source="test")
    expected = records(session, "all")
    rows = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    for row in rows:
        for name in ("published", "modified", "revision_fetched_at", "removed_at"):
            row[name] = iso_utc(row[name]) if row[name] else None
    assert rows == expected
    assert manifest["counts"] == {"records": 4, "articles": 2}
    on_disk = json.loads((tmp_path / "manifest.json").read_text("utf-8"))
    assert on_disk["files"] == manifest["files"]
    assert on_disk["filters"]["include_duplicates"] is False
