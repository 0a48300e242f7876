"""What every template draws from: a drafted article, its publication time and HTML helpers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from html import escape
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from benchmarks.corpus.model import LabelledPage

if TYPE_CHECKING:
    import random

    from levantcrawl.samplesite.model import Span

Paragraph = tuple["Span", ...]

SITE_TZ = ZoneInfo("Asia/Beirut")
# The day every page was fetched: header dates show it, and no article is newer.
TODAY = date(2024, 11, 15)
_FIRST_DAY = date(2024, 6, 3)
# (page, next page): the second quotes a paragraph of the first, as wire copy does.
_SHARED = ((4, 5), (15, 16))
# The one page per template that ends with a correction notice.
CORRECTED = 9
_POPULAR = 5


@dataclass(frozen=True, slots=True)
class Draft:
    """One article before a template draws it."""

    slug: str
    title: str
    section: str
    paragraphs: tuple[Paragraph, ...]
    authors: tuple[str, ...]
    published: datetime  # aware, in SITE_TZ
    teaser: str = ""  # another article's headline, for the inline teaser
    teaser_slug: str = ""
    popular: tuple[str, ...] = ()  # other headlines, for a "Most Read" box

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(text_of(p) for p in self.paragraphs)

    def labelled(
        self, template: str, url: str, html: str, template_lines: tuple[str, ...], **truth: Any
    ) -> LabelledPage:
        """The page with its truth; `truth` overrides a field the template draws differently."""
        fields: dict[str, Any] = {
            "title": self.title,
            "paragraphs": self.texts,
            "published": self.published.date(),
            "authors": self.authors,
            "section": self.section,
        }
        return LabelledPage(
            template=template,
            url=url,
            html=html,
            template_lines=template_lines,
            **{**fields, **truth},
        )


def published_at(rng: random.Random, *, hours: tuple[int, int] = (6, 23)) -> datetime:
    day = _FIRST_DAY + timedelta(days=rng.randrange((TODAY - _FIRST_DAY).days))
    moment = time(rng.randint(*hours), rng.randrange(60))
    return datetime.combine(day, moment, tzinfo=SITE_TZ)


def finish(drafts: list[Draft], *, correction: Paragraph) -> list[Draft]:
    """Cross-link the drafts, share two paragraphs between neighbours and add one correction.

    The shared paragraphs and the correction are body text that a per-site model must keep
    even though they repeat or look like notices.
    """
    count = len(drafts)
    out = [
        replace(
            d,
            teaser=drafts[i - 1].title,
            teaser_slug=drafts[i - 1].slug,
            popular=tuple(drafts[(i + k) % count].title for k in range(1, _POPULAR + 1)),
        )
        for i, d in enumerate(drafts)
    ]
    for source, target in _SHARED:
        if target < count:
            quoted = out[source].paragraphs[1]
            paragraphs = list(out[target].paragraphs)
            paragraphs.insert(min(2, len(paragraphs)), quoted)
            out[target] = replace(out[target], paragraphs=tuple(paragraphs))
    if count > CORRECTED:
        d = out[CORRECTED]
        out[CORRECTED] = replace(d, paragraphs=(*d.paragraphs, correction))
    return out


def esc(text: str) -> str:
    return escape(text, quote=True)


def text_of(paragraph: Paragraph) -> str:
    return "".join(span.text for span in paragraph)


def inline_html(paragraph: Paragraph) -> str:
    """A paragraph's inner HTML: text escaped, linked runs as anchors."""
    return "".join(
        esc(s.text) if s.href is None else f'<a href="{esc(s.href)}">{esc(s.text)}</a>'
        for s in paragraph
    )


def paragraphs_html(paragraphs: tuple[Paragraph, ...], *, teaser: str, teaser_at: int) -> str:
    """Body paragraphs, one per line, with `teaser` (ready HTML) after paragraph `teaser_at`."""
    out: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        out.append(f"<p>{inline_html(paragraph)}</p>")
        if index == teaser_at:
            out.append(teaser)
    return "\n".join(out)
