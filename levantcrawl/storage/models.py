"""The archive's tables: sites, crawls, articles and their URL aliases, revisions, raw
captures (bodies stored once per hash), links between pages, and recorded failures."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from levantcrawl.storage.packing import pack, unpack
from levantcrawl.storage.types import NAMING_CONVENTION, UTCDateTime

SCHEMA_VERSION = 1


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class Site(Base):
    __tablename__ = "site"
    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255), unique=True)
    name: Mapped[str | None] = mapped_column(String(255))
    tz: Mapped[str | None] = mapped_column(String(64))  # zone for its offset-less dates
    # Its section labels -> our section names, as its latest crawl applied them: what
    # `reextract` applies again, or a re-read article would change section (and revision).
    section_aliases: Mapped[dict[str, Any] | None]
    created_at: Mapped[datetime]


class Crawl(Base):
    __tablename__ = "crawl"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"), index=True)
    spider: Mapped[str] = mapped_column(String(64))
    start_url: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    # Written with every batch: a "running" crawl whose heartbeat is old was killed.
    heartbeat_at: Mapped[datetime | None]
    # "hostname:pid" of the process running it: on the same machine, a dead pid means the
    # crawl was killed, whatever its heartbeat says.
    owner: Mapped[str | None] = mapped_column(String(255))
    # running | finished | failed | interrupted (outcome.py), and why: the spider's close
    # reason ("finished", "unreachable", "shutdown"...), None while it runs.
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(String(64))
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Article(Base):
    __tablename__ = "article"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    # "host/2024/08#1234" for URLs that carry a numeric id: a new slug is the same article.
    url_key: Mapped[str | None] = mapped_column(String(512), index=True)
    # The earlier article this one is a near or exact copy of, and how similar (0..1).
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    duplicate_similarity: Mapped[float | None]
    first_seen_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    # The revisit schedule (schedule.py): when it is due, and how often in a row it was found
    # unchanged (each one stretches the wait).
    next_check_at: Mapped[datetime | None] = mapped_column(index=True)
    unchanged_checks: Mapped[int] = mapped_column(default=0)
    # The sitemap's or feed's <lastmod> for it when it was last fetched: one that differs
    # makes it due, whatever the clocks say (spiders/base.py).
    listed_lastmod: Mapped[str | None] = mapped_column(String(64))
    revisions: Mapped[list[Revision]] = relationship(
        back_populates="article", order_by="Revision.number"
    )


class UrlAlias(Base):
    """Every URL an article was seen under, its canonical URL included."""

    __tablename__ = "url_alias"
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    first_seen_at: Mapped[datetime]


class Body(Base):
    """A raw response body, compressed (see levantcrawl.bodies), stored once however often it
    is captured."""

    __tablename__ = "body"
    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    compressed: Mapped[bytes] = mapped_column(LargeBinary)


class Capture(Base):
    __tablename__ = "capture"
    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawl.id"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    status: Mapped[int]
    headers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    body_id: Mapped[int | None] = mapped_column(ForeignKey("body.id"))
    fetched_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    body: Mapped[Body | None] = relationship()


class Revision(Base):
    """One version of an article's clean content; a new one only when that content changes."""

    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)
    number: Mapped[int]
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawl.id"), index=True)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("capture.id"))
    content_sha256: Mapped[str] = mapped_column(String(64))
    body_sha256: Mapped[str] = mapped_column(String(64))
    fetched_at: Mapped[datetime]
    title: Mapped[str] = mapped_column(Text)
    # The body, paragraphs separated by a blank line. Only the latest revision keeps it
    # whole; an older one keeps a delta against the next newer one (storage/packing.py),
    # and `text` puts it back together, so readers never see the difference.
    stored_text: Mapped[str] = mapped_column("text", Text)
    text_delta: Mapped[bytes | None] = mapped_column(LargeBinary)
    word_count: Mapped[int]
    authors: Mapped[list[str]] = mapped_column(default=list)
    source_agency: Mapped[str | None] = mapped_column(String(64))  # "Reuters" in a byline
    published_at: Mapped[datetime | None]
    published_source: Mapped[str | None] = mapped_column(String(32))
    published_has_time: Mapped[bool] = mapped_column(default=True)
    published_offset: Mapped[int | None]  # the source's own UTC offset, minutes, if it gave one
    modified_at: Mapped[datetime | None]
    modified_source: Mapped[str | None] = mapped_column(String(32))
    section: Mapped[str | None] = mapped_column(String(255))
    section_path: Mapped[list[str]] = mapped_column(default=list)
    tags: Mapped[list[str]] = mapped_column(default=list)
    language: Mapped[str | None] = mapped_column(String(16))
    lead_image: Mapped[str | None] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    # How this revision was extracted, so a person (and `reextract`) can tell why.
    extractor: Mapped[str | None] = mapped_column(String(64))
    template_pages: Mapped[int] = mapped_column(default=0)  # site-model pages; 0 = cold
    kept_ratio: Mapped[float | None]  # share of the page's visible text kept as the article
    warnings: Mapped[list[str]] = mapped_column(default=list)
    article: Mapped[Article] = relationship(back_populates="revisions")
    # A rewritten revision replaces its links: the old ones go, they belong to nothing else.
    links: Mapped[list[Link]] = relationship(
        back_populates="revision", order_by="Link.id", cascade="all, delete-orphan"
    )

    @property
    def text(self) -> str:
        if self.text_delta is None:
            return self.stored_text
        newer = next((r for r in self.article.revisions if r.number == self.number + 1), None)
        if newer is None:
            raise LookupError(f"revision {self.id} is stored against a revision that is gone")
        return "\n\n".join(unpack(self.text_delta, newer.text.split("\n\n")))

    @text.setter
    def text(self, value: str) -> None:
        self.stored_text = value
        self.text_delta = None

    def pack_against(self, newer_text: str) -> None:
        """Keep only a delta against the next newer revision's text."""
        self.text_delta = pack(self.text.split("\n\n"), newer_text.split("\n\n"))
        self.stored_text = ""

    @property
    def paragraphs(self) -> list[str]:
        text = self.text
        return text.split("\n\n") if text else []


class Link(Base):
    __tablename__ = "link"
    __table_args__ = (Index("ix_link_target_url", "target_url"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("revision.id"), index=True)
    target_url: Mapped[str] = mapped_column(Text)
    target_article_id: Mapped[int | None] = mapped_column(ForeignKey("article.id"), index=True)
    anchor: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))  # body | related | nav
    revision: Mapped[Revision] = relationship(back_populates="links")


class SiteTemplate(Base):
    """The learned template model of a site (extraction/template.py), reused by later crawls."""

    __tablename__ = "site_template"
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), unique=True)
    pages: Mapped[int]
    model: Mapped[dict[str, Any]]
    updated_at: Mapped[datetime]


class ArticleSignature(Base):
    """The MinHash signature of an article's latest text (dedupe/minhash.py)."""

    __tablename__ = "article_signature"
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class MinhashBand(Base):
    """One band key of a signature: articles sharing a key are compared. The index lives in
    the database, so finding near copies costs the same memory however large the archive."""

    __tablename__ = "minhash_band"
    id: Mapped[int] = mapped_column(primary_key=True)
    band_key: Mapped[str] = mapped_column(String(32), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("article.id"), index=True)


class Failure(Base):
    """A page that could not become an article, with why: for review, never silently lost."""

    __tablename__ = "failure"
    id: Mapped[int] = mapped_column(primary_key=True)
    crawl_id: Mapped[int] = mapped_column(ForeignKey("crawl.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]
