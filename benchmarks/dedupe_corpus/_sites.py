"""The news sites of the set: how each prints a title and shapes an article URL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchmarks.corpus import _arabic_vocab as w
from levantcrawl.samplesite.content import slugify

if TYPE_CHECKING:
    from datetime import datetime


@dataclass(frozen=True, slots=True)
class Site:
    """One site in one language; the wire runs an English and an Arabic service on one host.

    `title` and `opinion_title` take the headline as `{h}`; `path` may use `{y} {m} {d}`
    (publication date), `{section}`, `{slug}` (English only) and `{num}` (unique per article).
    """

    host: str
    language: str
    title: str
    opinion_title: str
    path: str

    def print_title(self, headline: str, section: str) -> str:
        frame = self.opinion_title if section == "Opinion" else self.title
        return frame.format(h=headline)

    def url(self, headline: str, section: str, published: datetime, num: int) -> str:
        section_slug = w.SECTIONS[section].slug if self.language == "ar" else slugify(section)
        path = self.path.format(
            y=published.year,
            m=f"{published.month:02d}",
            d=f"{published.day:02d}",
            section=section_slug,
            slug=slugify(headline),
            num=num,
        )
        return f"https://{self.host}{path}"


WIRE = "wire.example"
SITES = (
    Site(WIRE, "en", "{h}", "{h}", "/world/{section}/{slug}-id{num}"),
    Site(
        "levant.example",
        "en",
        "{h} - Levant News",
        "Opinion | {h} - Levant News",
        "/{y}/{m}/{d}/{slug}/",
    ),
    Site(
        "gulfdaily.example",
        "en",
        "{h} | Gulf Daily",
        "{h} | Opinion | Gulf Daily",
        "/news/{section}/{num}.html",
    ),
    Site(
        "beirutpost.example",
        "en",
        "{h} — The Beirut Post",
        "OPINION: {h} — The Beirut Post",
        "/article/{num}/{slug}",
    ),
    Site(WIRE, "ar", "{h}", "{h}", "/ar/{section}/{num}"),
    Site("arabic.example", "ar", "{h} | صدى المشرق", "{h} | صدى المشرق", "/news/{num}/"),
    Site("almarsad.example", "ar", "المرصد - {h}", "المرصد - {h}", "/{section}/{num}"),
)


def sites_for(language: str) -> tuple[Site, ...]:
    return tuple(site for site in SITES if site.language == language)
