"""Data shapes of the sample site: the ground truth the tests read and the posts the pages show."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from collections.abc import Mapping
    from datetime import datetime

LinkKind = Literal["body", "related"]
EditKind = Literal["headline", "paragraph", "correction"]


@dataclass(frozen=True, slots=True)
class Section:
    """One category of the site; `label` is the canonical form a clean archive keeps."""

    label: str
    slug: str
    path: tuple[str, ...]
    # spellings the page metadata uses for this label (article:section, JSON-LD)
    meta_variants: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Author:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class TruthLink:
    """A link written in an article body: internal hrefs are paths, external ones absolute."""

    href: str
    text: str
    kind: LinkKind


@dataclass(frozen=True, slots=True)
class TruthArticle:
    """What a perfect crawl of one live article must store."""

    id: int
    path: str
    title: str
    paragraphs: tuple[str, ...]
    published: datetime
    published_has_time: bool
    modified: datetime | None
    has_machine_date: bool
    section: str
    section_path: tuple[str, ...]
    section_slug: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    lead_image: str
    description: str
    body_links: tuple[TruthLink, ...]
    related_path: str | None
    variant_paths: tuple[str, ...]
    agencies: tuple[str, ...] = ()  # news agencies the byline names (the unmarked site's)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of paragraph text, linked when `href` is set."""

    text: str
    href: str | None = None
    # internal links written with the site's absolute base, as editors paste them
    absolute: bool = False


@dataclass(frozen=True, slots=True)
class Teaser:
    """The inline "Read More :" paragraph, shown after body paragraph `after`."""

    after: int
    path: str
    text: str


@dataclass(frozen=True, slots=True)
class Post:
    """Everything the templates need to draw one article; `truth` is derived from it."""

    ordinal: int
    id: int
    slug: str
    path: str
    title: str
    section: Section
    section_meta: str
    authors: tuple[Author, ...]
    tags: tuple[Tag, ...]
    published: datetime
    modified: datetime
    has_machine_date: bool
    paragraphs: tuple[tuple[Span, ...], ...]
    teaser: Teaser | None
    description: str
    caption: str
    lead_image: str
    comments: int
    is_variant: bool
    most_read: tuple[tuple[str, str], ...] = ()

    @property
    def slash_path(self) -> str:
        return self.path + "/"

    @property
    def amp_path(self) -> str:
        return self.path + "/amp"

    @property
    def most_read_href(self) -> str:
        """The tracked URL the Most Read box uses; every other popular post also carries fbclid."""
        href = f"{self.path}?utm_source=most-read&utm_medium=sidebar"
        if self.ordinal % 2 == 0:
            href += f"&fbclid=IwAR{self.id * 7919:x}{self.slug[:6].replace('-', '')}"
        return href

    @property
    def home_href(self) -> str:
        return f"{self.path}?utm_source=homepage&utm_medium=latest"


@dataclass(frozen=True, slots=True)
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered resource before HTTP negotiation (conditional GET, gzip, HEAD)."""

    status: int
    content_type: str
    body: bytes
    last_modified: datetime | None = None
    etag: bool = False
    extra_headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Edition:
    """One state of the site: the live posts (newest first) and the removed ones."""

    seed: int
    number: int
    sections: tuple[Section, ...]
    posts: tuple[Post, ...]
    gone: tuple[Post, ...]

    @property
    def home(self) -> tuple[Post, ...]:
        return self.posts[:HOME_SIZE]


HOME_SIZE = 20
