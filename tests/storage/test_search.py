"""Full-text search over the latest revisions, on SQLite (FTS5) and PostgreSQL (tsvector)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from levantcrawl.assemble import seal
from levantcrawl.extraction.article import ExtractedArticle
from levantcrawl.fingerprint import body_sha256
from levantcrawl.items import ArticleItem, Capture
from levantcrawl.storage import crawls, identity, listings, revisions
from levantcrawl.storage.db import alembic_config, open_archive
from levantcrawl.storage.models import Revision
from levantcrawl.storage.search import (
    MARK,
    SearchQuery,
    _postgresql_search,
    parse_query,
    search_articles,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.storage
T0 = datetime(2024, 11, 15, 9, 0, tzinfo=UTC)
BASE = "http://127.0.0.1:9/2024/08/"
HARBOUR = BASE + "1-harbour"
BUDGET = BASE + "2-budget"
ARABIC = BASE + "3-arabic"


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session inside an outer transaction that is rolled back: each test leaves no rows."""
    archive = open_archive(db_url)
    with archive.engine.connect() as connection:
        outer = connection.begin()
        with Session(bind=connection, join_transaction_mode="create_savepoint") as session:
            yield session
        outer.rollback()
    archive.close()


@pytest.fixture
def crawl_id(session: Session) -> int:
    site = identity.site_for_host(session, "127.0.0.1", "Levant News", T0)
    return crawls.start_crawl(
        session, spider="news", start_url="http://127.0.0.1:9/", site=site, now=T0
    ).id


def make_item(
    url: str, title: str, *paragraphs: str, fetched_at: datetime = T0, language: str = "en"
) -> ArticleItem:
    extracted = ExtractedArticle(
        url=url, is_article=True, title=title, paragraphs=paragraphs, language=language
    )
    item = ArticleItem(
        capture=Capture(
            url=url,
            status=200,
            headers={"Content-Type": "text/html"},
            body=f"<html>{title} {paragraphs}</html>".encode(),
            fetched_at=fetched_at,
        ),
        site_host="127.0.0.1",
        canonical_url=url,
        discovered_via="sitemap",
        extracted=extracted,
        published_at=fetched_at - timedelta(hours=1),
    )
    item.body_sha256 = body_sha256(paragraphs)
    seal(item)
    return item


def save(session: Session, crawl_id: int, item: ArticleItem) -> int:
    return revisions.save_article(session, crawl_id, item.to_record()).article_id


def urls(session: Session, query: str, *, limit: int = 20, site: str | None = None) -> list[str]:
    return [hit.url for hit in search_articles(session, query, limit=limit, site=site)]


@pytest.fixture
def three_articles(session: Session, crawl_id: int) -> None:
    save(
        session,
        crawl_id,
        make_item(
            HARBOUR,
            "Harbour reopens after the storm",
            "Dockworkers returned on Monday.",
            "The port authority said grain ships would berth first.",
        ),
    )
    save(
        session,
        crawl_id,
        make_item(
            BUDGET,
            "Parliament debates the budget",
            "Deputies argued over electricity subsidies and the harbour tender.",
        ),
    )
    save(
        session,
        crawl_id,
        make_item(
            ARABIC,
            "مفاوضات الكهرباء في بيروت",
            "قال الوزير إن الموازنة ستُقرّ قبل نهاية الشهر.",
            "وأضاف أن الحكومة ستدفع الرواتب أيضاً.",
            language="ar",
        ),
    )


@pytest.mark.usefixtures("three_articles")
def test_finds_an_article_by_a_word_of_its_text_or_its_title(session: Session) -> None:
    assert urls(session, "dockworkers") == [HARBOUR]
    assert urls(session, "Storm") == [HARBOUR]
    assert urls(session, "subsidies electricity") == [BUDGET]


@pytest.mark.usefixtures("three_articles")
def test_hit_carries_title_and_a_snippet_with_the_match_marked(session: Session) -> None:
    [hit] = search_articles(session, "grain")
    assert hit.title == "Harbour reopens after the storm"
    assert f"{MARK}grain{MARK}" in hit.snippet
    assert hit.published_at == T0 - timedelta(hours=1)


@pytest.mark.usefixtures("three_articles")
def test_finds_arabic_words_with_or_without_short_vowels(session: Session) -> None:
    assert urls(session, "الكهرباء") == [ARABIC]
    assert urls(session, "الموازنة") == [ARABIC]
    # The text has the word with a damma and a shadda, and one with tanween.
    assert urls(session, "ستقر") == [ARABIC]
    assert urls(session, "ستُقرّ") == [ARABIC]
    assert urls(session, "أيضا") == [ARABIC]


@pytest.mark.usefixtures("three_articles")
def test_title_match_ranks_above_text_matches(session: Session, crawl_id: int) -> None:
    busy = BASE + "4-busy"
    save(session, crawl_id, make_item(busy, "Port news", "Harbour, harbour and harbour again."))
    hits = search_articles(session, "harbour")
    assert [hit.url for hit in hits] == [HARBOUR, busy, BUDGET]
    assert hits[0].rank > hits[1].rank > hits[2].rank


@pytest.mark.usefixtures("three_articles")
def test_phrases_alternatives_and_exclusions_read_alike_on_both_backends(
    session: Session,
) -> None:
    assert urls(session, '"grain ships"') == [HARBOUR]
    assert urls(session, '"ships grain"') == []
    assert sorted(urls(session, "dockworkers OR deputies")) == [HARBOUR, BUDGET]
    assert urls(session, "harbour -tender") == [HARBOUR]
    assert urls(session, 'harbour -"harbour tender"') == [HARBOUR]


@pytest.mark.usefixtures("three_articles")
@pytest.mark.parametrize(
    "query",
    ['grain "', '"grain', "grain!!!", "(grain)", "grain*", "grain OR", "OR grain", "grain -"],
)
def test_punctuation_and_stray_quotes_still_find_the_word(session: Session, query: str) -> None:
    assert urls(session, query) == [HARBOUR]


@pytest.mark.usefixtures("three_articles")
@pytest.mark.parametrize(
    "query",
    ['"', "title:", "a\"b'c", "^", "NOT", "AND", "NEAR(", "{x}", "*", "'; DROP TABLE revision --"],
)
def test_query_syntax_of_the_backends_is_never_an_error(session: Session, query: str) -> None:
    # Words like AND and NOT are words to find: with them, nothing matches, and nothing fails.
    assert urls(session, f"dockworkers {query}") in ([HARBOUR], [])


@pytest.mark.parametrize("query", ["", "   ", "!!! ...", "-harbour", "OR"])
def test_a_query_with_nothing_to_find_is_a_clear_error(session: Session, query: str) -> None:
    with pytest.raises(ValueError, match="search"):
        search_articles(session, query)


def test_edited_article_is_found_by_its_new_words_only(session: Session, crawl_id: int) -> None:
    save(session, crawl_id, make_item(HARBOUR, "Harbour talks", "Ministers met fishermen."))
    edited = make_item(
        HARBOUR,
        "Harbour talks collapse",
        "Ministers walked out.",
        fetched_at=T0 + timedelta(days=1),
    )
    assert revisions.save_article(session, crawl_id, edited.to_record()).outcome == "revised"
    assert urls(session, "collapse walked") == [HARBOUR]
    assert urls(session, "fishermen") == []  # in the older revision, now a delta


def test_older_revisions_give_no_second_hit(session: Session, crawl_id: int) -> None:
    for day, words in enumerate(("Storm warning.", "Storm warning, update.", "Storm over.")):
        item = make_item(HARBOUR, "Harbour storm", words, fetched_at=T0 + timedelta(days=day))
        save(session, crawl_id, item)
    assert session.scalar(select(func.count()).select_from(Revision)) == 3
    assert urls(session, "storm") == [HARBOUR]


def test_rewritten_revision_is_found_by_its_new_reading(session: Session, crawl_id: int) -> None:
    """Re-extraction rewrites a revision in place: the index follows the UPDATE."""
    article_id = save(session, crawl_id, make_item(HARBOUR, "Harbour", "Cookie banner text."))
    revision = revisions.latest_revision(session, article_id)
    assert revision is not None
    better = make_item(HARBOUR, "Harbour", "Fishermen protest the new quay.")
    revisions.replace_revision_content(session, revision, better.to_record())
    assert urls(session, "quay") == [HARBOUR]
    assert urls(session, "cookie") == []


@pytest.mark.usefixtures("three_articles")
def test_site_filter_and_limit(session: Session, crawl_id: int) -> None:
    other = make_item("http://127.0.0.1:9/2024/08/4-grain", "Grain prices", "Grain is dear.")
    other.site_host = "other.example"
    save(session, crawl_id, other)
    assert sorted(urls(session, "grain")) == [HARBOUR, other.canonical_url]
    assert urls(session, "grain", site="127.0.0.1") == [HARBOUR]
    assert urls(session, "grain", site="nowhere.example") == []
    assert len(urls(session, "grain", limit=1)) == 1
    with pytest.raises(ValueError, match="limit"):
        search_articles(session, "grain", limit=0)


def test_article_latest_view_has_one_row_per_article_with_its_latest_revision(
    session: Session, crawl_id: int
) -> None:
    save(session, crawl_id, make_item(HARBOUR, "Harbour talks", "One."))
    later = T0 + timedelta(days=1)
    save(session, crawl_id, make_item(HARBOUR, "Harbour talks collapse", "Two.", fetched_at=later))
    save(session, crawl_id, make_item(BUDGET, "Budget", "Three."))
    rows = session.execute(
        text('SELECT url, site, title, revision_number, "text" FROM article_latest ORDER BY url')
    ).all()
    assert [tuple(row) for row in rows] == [
        (HARBOUR, "127.0.0.1", "Harbour talks collapse", 2, "Two."),
        (BUDGET, "127.0.0.1", "Budget", 1, "Three."),
    ]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the FTS5 table is SQLite's
def test_sqlite_index_stays_consistent_through_edits_packing_and_deletes(
    session: Session, crawl_id: int
) -> None:
    for day in range(3):  # each revision packs the one before it: an UPDATE of its text
        when = T0 + timedelta(days=day)
        save(session, crawl_id, make_item(HARBOUR, f"Day {day}", f"Update {day}.", fetched_at=when))
    latest = revisions.latest_revision(session, listings.article_by_url(session, HARBOUR).id)  # type: ignore[union-attr]
    assert latest is not None
    revisions.replace_revision_content(
        session, latest, make_item(HARBOUR, "Day 2", "Final word.").to_record()
    )
    gone = save(session, crawl_id, make_item(BUDGET, "Budget", "Deputies argued."))
    for revision in listings.revisions_of(session, gone):
        session.delete(revision)
    session.flush()
    assert urls(session, "deputies") == []
    assert urls(session, "final") == [HARBOUR]
    # FTS5 compares its index with what the content view gives: any drift is an error here.
    session.execute(text("INSERT INTO revision_fts (revision_fts) VALUES ('integrity-check')"))


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # the GIN index is PG's
def test_postgresql_search_uses_the_full_text_index(session: Session) -> None:
    """The search repeats the GIN index's expression exactly, or PostgreSQL scans every row."""
    session.execute(text("SET LOCAL enable_seqscan = off"))
    stmt = _postgresql_search(parse_query("harbour"), 20, None)
    sql = stmt.compile(dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True})
    plan = "\n".join(session.scalars(text(f"EXPLAIN {sql}")))
    assert "ix_revision_fulltext" in plan


@pytest.mark.unit
def test_query_becomes_quoted_fts5_and_websearch_text() -> None:
    query = parse_query('harbour "grain ships" OR wheat -strike "open')
    assert query == SearchQuery(
        required=(("harbour",), ("grain ships", "wheat"), ("open",)), excluded=("strike",)
    )
    assert query.fts5() == '("harbour" AND ("grain ships" OR "wheat") AND "open") NOT ("strike")'
    assert query.websearch() == '"harbour" "grain ships" or "wheat" "open" -"strike"'


def test_archive_from_before_search_is_indexed_on_upgrade_and_downgrades(db_url: str) -> None:
    """Articles written, the schema taken back to before search (0005), then upgraded: the
    upgrade indexes what is there. (Written at head: the models are the current ones.)"""
    archive = open_archive(db_url)
    with archive.sessions() as before:
        site = identity.site_for_host(before, "127.0.0.1", None, T0)
        started = crawls.start_crawl(before, spider="news", start_url=BASE, site=site, now=T0).id
        save(before, started, make_item(HARBOUR, "Harbour", "Dockworkers returned."))
        before.commit()
    command.downgrade(alembic_config(archive.engine), "0005")
    with archive.engine.connect() as connection:
        tables = {name.lower() for name in inspect(connection).get_table_names()}
        assert not any(name.startswith("revision_fts") for name in tables)
        assert "article_latest" not in inspect(connection).get_view_names()
    archive.close()
    archive = open_archive(db_url)  # migrates to head: the revision above gets indexed
    with archive.sessions() as session:
        assert urls(session, "dockworkers") == [HARBOUR]
    archive.close()
