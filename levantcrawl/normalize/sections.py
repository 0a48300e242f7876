"""Section labels to one canonical name and path ("RUSSIA / Iran" -> "Russia/Iran")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

_SEPARATORS = re.compile(r"\s*[/|>»›]\s*")
_GENERIC_CRUMBS = frozenset({"home", "news", "الرئيسية", "الرئيسة"})


@dataclass(frozen=True, slots=True)
class Section:
    name: str  # display form, path joined by "/"
    path: tuple[str, ...]
    slug: str


def slugify(text: str) -> str:
    """Lower-case ASCII slug; non-Latin letters are kept so Arabic sections stay distinct."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^\w]+", "-", folded).strip("-")


def _part(label: str) -> str:
    label = " ".join(label.split())
    # An all-capitals rubric ("RUSSIA") is a style choice, not a different section.
    return label.title() if label.isupper() else label


def from_label(label: str, aliases: Mapping[str, str] | None = None) -> Section | None:
    """Normalise one label; a site's alias map may rename it first (slug -> canonical label)."""
    if not label or not label.strip():
        return None
    renames = {slugify(k): v for k, v in (aliases or {}).items()}
    label = renames.get(slugify(label), label)
    parts = [p for p in _SEPARATORS.split(label.strip()) if p.strip()]
    path = tuple(_part(renames.get(slugify(p), p)) for p in parts)
    if not path:
        return None
    return Section(name="/".join(path), path=path, slug=slugify("-".join(path)))


def from_breadcrumbs(
    crumbs: Sequence[str], title: str | None = None, aliases: Mapping[str, str] | None = None
) -> Section | None:
    """The section from breadcrumbs: drop "Home" and the article's own title at the end."""
    kept = [c for c in crumbs if c.strip() and c.strip().lower() not in _GENERIC_CRUMBS]
    if kept and title and kept[-1].strip() == title.strip():
        kept.pop()
    if not kept:
        return None
    return from_label("/".join(kept), aliases)


def from_url_path(path: str, aliases: Mapping[str, str] | None = None) -> Section | None:
    """A last resort: `/category/russia-iran/...` or `/lebanon/2024/...`."""
    segments = [s for s in path.split("/") if s]
    if segments and segments[0] in ("category", "section", "topics"):
        segments = segments[1:]
    if not segments or segments[0].isdigit():
        return None
    return from_label(segments[0].replace("-", " ").title(), aliases)


def choose_section(
    breadcrumbs: Sequence[str],
    labels: Sequence[str],
    *,
    title: str | None,
    url_path: str,
    aliases: Mapping[str, str] | None = None,
) -> Section | None:
    """Breadcrumbs first, then article:section / JSON-LD articleSection, then the URL; a
    site's alias map renames labels ("Syrie" -> "Syria") before they are normalised."""
    section = from_breadcrumbs(breadcrumbs, title, aliases)
    for label in labels:
        if section is not None:
            break
        section = from_label(label, aliases)
    return section or from_url_path(url_path, aliases)
