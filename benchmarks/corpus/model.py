"""The ground truth one generated page carries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date


@dataclass(frozen=True, slots=True)
class LabelledPage:
    """One page as a crawler would fetch it, and what a perfect extractor returns for it.

    `published` is the publication day in the site's zone (Asia/Beirut), compared by day.
    `template_lines` are strings visible on the page that must never reach the clean text.
    """

    template: str
    url: str
    html: str
    title: str
    paragraphs: tuple[str, ...]
    published: date
    authors: tuple[str, ...]
    section: str
    template_lines: tuple[str, ...]
