from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import func, select

from levantcrawl.assemble import seal
from levantcrawl.dedupe.minhash import signature
from levantcrawl.extraction.article import ExtractedArticle
from levantcrawl.fingerprint import body_sha256
from levantcrawl.items import ArticleItem, Capture, GoneItem, LinkItem
from levantcrawl.normalize.sections import from_label
from levantcrawl.storage import identity, listings, near_duplicates, revisions, revisits
from levantcrawl.storage.models import Article, Body, Link, Revision, UrlAlias
from levantcrawl.storage.models import Capture as CaptureRow
from tests.storage.conftest import T0

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

pytestmark = pytest.mark.storage
URL = "http://127.0.0.1:9/2024/08/1234-talks-in-tehran"


def make_item(
    *,
    title: str = "Talks in Tehran",
    paragraphs: tuple[str, ...] = ("One.", "Two."),
    fetched_at: datetime = T0,
    html: bytes = b"<html>raw</html>",
    url: str = URL,
) -> ArticleItem:
    extracted = ExtractedArticle(
        url=url,
        is_article=True,
        title=title,
        paragraphs=paragraphs,
        authors=("Rana Haddad",),
        tags=("Iran",),
        language="en",
    )
    item = ArticleItem(
        capture=Capture(
            url=url,
            status=200,
            headers={"Content-Type": "text/html"},
            body=html,
            fetched_at=fetched_at,
        ),
        site_host="127.0.0.1",
        canonical_url=url,
        discovered_via="sitemap",
        aliases=(url + "/",),
        extracted=extracted,
        published_at=datetime(2024, 8, 5, 11, 20, tzinfo=UTC),
        published_source="json-ld",
        section=from_label("Russia/Iran"),
        links=(LinkItem("http://127.0.0.1:9/2024/07/99-older", "Older story", "related"),),
    )
    item.body_sha256 = body_sha256(paragraphs)
    seal(item)
    return item


def count(session: Session, model: type) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_first_save_creates_article_revision_capture_and_aliases(
    session: Session, crawl_id: int
) -> None:
    result = revisions.save_article(session, crawl_id, make_item().to_record())
    assert result.outcome == "new"
    revision = revisions.latest_revision(session, result.article_id)
    assert revision is not None
    assert revision.paragraphs == ["One.", "Two."]
    assert revision.section_path == ["Russia", "Iran"]
    assert revision.published_at == datetime(2024, 8, 5, 11, 20, tzinfo=UTC)
    assert revision.published_at.tzinfo is not None
    assert [(link.kind, link.anchor) for link in revision.links] == [("related", "Older story")]
    assert listings.article_by_url(session, URL + "/?utm_source=x") is not None


def test_unchanged_recapture_adds_nothing_but_last_seen(session: Session, crawl_id: int) -> None:
    first = revisions.save_article(session, crawl_id, make_item().to_record())
    later = T0 + timedelta(days=1)
    again = revisions.save_article(session, crawl_id, make_item(fetched_at=later).to_record())
    assert again.outcome == "unchanged"
    assert (count(session, Revision), count(session, CaptureRow), count(session, Body)) == (1, 1, 1)
    captures = listings.captures_of(session, first.article_id)
    assert captures[0].last_seen_at == later


def test_whitespace_change_is_not_a_revision(session: Session, crawl_id: int) -> None:
    revisions.save_article(session, crawl_id, make_item().to_record())
    again = revisions.save_article(
        session, crawl_id, make_item(paragraphs=("One. ", " Two.")).to_record()
    )
    assert again.outcome == "unchanged"


def test_edit_makes_a_new_revision_and_identical_bodies_are_stored_once(
    session: Session, crawl_id: int
) -> None:
    revisions.save_article(session, crawl_id, make_item().to_record())
    edited = make_item(
        paragraphs=("One.", "Two.", "Correction: three."),
        fetched_at=T0 + timedelta(hours=6),
        html=b"<html>edited</html>",
    )
    result = revisions.save_article(session, crawl_id, edited.to_record())
    assert result.outcome == "revised"
    numbers = [r.number for r in listings.revisions_of(session, result.article_id)]
    assert numbers == [1, 2]
    assert count(session, Body) == 2


def test_gone_article_is_kept_and_marked_then_comes_back_as_a_revision(
    session: Session, crawl_id: int
) -> None:
    saved = revisions.save_article(session, crawl_id, make_item().to_record())
    gone_at = T0 + timedelta(days=2)
    gone = GoneItem(
        capture=Capture(URL, 410, {}, b"", gone_at), site_host="127.0.0.1", canonical_url=URL
    )
    assert revisions.mark_removed(session, crawl_id, gone)
    article = listings.article_by_url(session, URL)
    assert article is not None
    assert article.removed_at == gone_at
    assert revisions.latest_revision(session, saved.article_id) is not None
    back = revisions.save_article(
        session, crawl_id, make_item(fetched_at=gone_at + timedelta(days=1)).to_record()
    )
    assert back.outcome == "returned"
    assert article.removed_at is None
    assert len(listings.revisions_of(session, saved.article_id)) == 2


def test_unknown_gone_url_is_not_invented(session: Session, crawl_id: int) -> None:
    gone = GoneItem(
        capture=Capture(URL, 404, {}, b"", T0), site_host="127.0.0.1", canonical_url=URL
    )
    assert not revisions.mark_removed(session, crawl_id, gone)


def test_links_resolve_to_articles_once_known(session: Session, crawl_id: int) -> None:
    revisions.save_article(session, crawl_id, make_item().to_record())
    older = "http://127.0.0.1:9/2024/07/99-older"
    target = replace(make_item(url=older, title="Older", paragraphs=("Old.",)), links=())
    revisions.save_article(session, crawl_id, target.to_record())
    assert identity.resolve_link_targets(session) == 1
    link = session.scalars(select(Link).where(Link.target_url == older)).one()
    assert link.target_article_id == listings.article_by_url(session, older).id  # type: ignore[union-attr]


def test_latest_revisions_filters_by_section_and_date(session: Session, crawl_id: int) -> None:
    revisions.save_article(session, crawl_id, make_item().to_record())
    other = replace(make_item(url=URL.replace("1234", "1235")), section=from_label("Lebanon"))
    seal(other)
    revisions.save_article(session, crawl_id, other.to_record())
    in_section = list(
        listings.latest_revisions(session, listings.ArticleFilter(section="russia/iran"))
    )
    assert [row[0].canonical_url for row in in_section] == [URL]
    # A section takes its subsections, as export's --section does.
    in_russia = list(listings.latest_revisions(session, listings.ArticleFilter(section="Russia")))
    assert [(row[0].canonical_url, row[2]) for row in in_russia] == [(URL, "127.0.0.1")]
    too_late = listings.ArticleFilter(since=datetime(2024, 9, 1, tzinfo=UTC))
    assert list(listings.latest_revisions(session, too_late)) == []


def test_naive_datetimes_never_reach_the_archive(session: Session, crawl_id: int) -> None:
    item = make_item()
    item.published_at = datetime(2024, 8, 5, 11, 20)  # noqa: DTZ001 - the bug under test
    with pytest.raises(Exception, match="naive datetime"):
        revisions.save_article(session, crawl_id, item.to_record())


def test_aliases_are_unique_per_url(session: Session, crawl_id: int) -> None:
    saved = revisions.save_article(session, crawl_id, make_item().to_record())
    identity.add_aliases(session, saved.article_id, [URL + "/amp", URL + "/amp"], T0)
    stored = set(session.scalars(select(UrlAlias.url)))
    assert stored == {URL, URL + "/", URL + "/amp"}, "as seen and canonical, each once"


def test_new_slug_with_the_same_numeric_id_is_the_same_article(
    session: Session, crawl_id: int
) -> None:
    first = revisions.save_article(session, crawl_id, make_item().to_record())
    renamed = "http://127.0.0.1:9/2024/08/1234-talks-in-tehran-postponed"
    again = revisions.save_article(
        session, crawl_id, make_item(url=renamed, title="Talks in Tehran postponed").to_record()
    )
    assert again.article_id == first.article_id
    assert again.outcome == "revised"
    article = listings.article_by_url(session, URL)
    assert article is not None
    assert article.canonical_url == renamed, "the site's current URL is the canonical one"
    assert count(session, Article) == 1


def test_near_copy_on_another_site_points_at_the_original(session: Session, crawl_id: int) -> None:
    body = tuple(
        f"Paragraph {i} says the talks in Tehran went on past midnight with no deal on the port."
        for i in range(8)
    )
    original = revisions.save_article(session, crawl_id, make_item(paragraphs=body).to_record())
    copy_url = "http://127.0.0.1:9/2024/08/5555-wire-copy"
    edited = (*body[:-1], "A last paragraph that another site wrote for itself, at some length.")
    copy = revisions.save_article(
        session, crawl_id, make_item(url=copy_url, paragraphs=edited).to_record()
    )
    unrelated = revisions.save_article(
        session,
        crawl_id,
        make_item(
            url="http://127.0.0.1:9/2024/08/7777-other",
            paragraphs=("Grain prices rose in Amman.",) * 3,
        ).to_record(),
    )
    for result, text in (
        (original, body),
        (copy, edited),
        (unrelated, ("Grain prices rose in Amman.",) * 3),
    ):
        near_duplicates.mark_near_duplicate(session, result.article_id, signature("T", text), 0.5)
    by_id = {a.id: a for a in session.scalars(select(Article))}
    assert by_id[original.article_id].duplicate_of_id is None
    assert by_id[copy.article_id].duplicate_of_id == original.article_id
    assert (by_id[copy.article_id].duplicate_similarity or 0) >= 0.5
    assert by_id[unrelated.article_id].duplicate_of_id is None
    clusters = near_duplicates.duplicate_clusters(session)
    assert [(o.id, [c.id for c in copies]) for o, copies in clusters] == [
        (original.article_id, [copy.article_id])
    ]


def test_ten_revisions_with_small_edits_cost_little_more_than_one(
    session: Session, crawl_id: int
) -> None:
    base = [
        f"Paragraph {i} of the story, with enough words in it to look like news." * 4
        for i in range(12)
    ]
    versions = []
    for n in range(10):
        body = [*base[:n], base[n].replace("story", f"report {n}", 1), *base[n + 1 :]]
        versions.append(tuple(body))
        when = T0 + timedelta(hours=n)
        revisions.save_article(
            session, crawl_id, make_item(paragraphs=tuple(body), fetched_at=when).to_record()
        )
    article = listings.article_by_url(session, URL)
    assert article is not None
    stored_revisions = listings.revisions_of(session, article.id)
    assert [r.number for r in stored_revisions] == list(range(1, 11))
    assert [tuple(r.paragraphs) for r in stored_revisions] == versions, "every revision reads back"
    stored = sum(len(r.stored_text.encode()) + len(r.text_delta or b"") for r in stored_revisions)
    one = len(stored_revisions[-1].text.encode())
    assert stored < 2 * one, f"{stored} bytes for ten revisions of a {one}-byte text"
    assert all(r.text_delta is not None for r in stored_revisions[:-1])


def test_the_listed_lastmod_is_recorded_with_each_fetch_and_kept_without_one(
    session: Session, crawl_id: int
) -> None:
    """The revisit rule reads it back: a lastmod that differs makes the article due."""
    item = make_item()
    item.listed_lastmod = "2024-08-05T11:20:00+03:00"
    revisions.save_article(session, crawl_id, item.to_record())
    known = revisits.known_articles(session, "127.0.0.1", T0)[URL]
    assert known.listed_lastmod == "2024-08-05T11:20:00+03:00"
    revisions.save_article(
        session, crawl_id, make_item(fetched_at=T0 + timedelta(days=1)).to_record()
    )
    assert revisits.known_articles(session, "127.0.0.1", T0)[URL].listed_lastmod == (
        "2024-08-05T11:20:00+03:00"
    ), "a fetch through a link keeps the lastmod recorded"
    revisions.mark_not_modified(session, URL, T0 + timedelta(days=2), "2024-08-01T09:00:00+03:00")
    assert revisits.known_articles(session, "127.0.0.1", T0)[URL].listed_lastmod == (
        "2024-08-01T09:00:00+03:00"
    ), "an earlier lastmod than the capture is recorded as it is"
