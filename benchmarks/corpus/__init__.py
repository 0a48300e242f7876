"""A labelled corpus of generated news pages: seven site templates, each with its ground truth.

Every template is its own module with its own markup and boilerplate; all prose comes from a
seeded random.Random, so a seed always yields the same pages byte for byte.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from benchmarks.corpus import amp, arabic, comments, drupal, liveblog, paywall, wordpress
from benchmarks.corpus.model import LabelledPage

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["PAGES_PER_TEMPLATE", "TEMPLATES", "LabelledPage", "build_corpus", "build_template"]

# Enough pages for a per-site model to tell what recurs from what is news.
PAGES_PER_TEMPLATE = 30

_BUILDERS: dict[str, Callable[[random.Random, int], list[LabelledPage]]] = {
    module.NAME: module.build
    for module in (wordpress, drupal, amp, arabic, liveblog, comments, paywall)
}
TEMPLATES = tuple(_BUILDERS)


def build_template(name: str, seed: int = 11) -> list[LabelledPage]:
    """One template's pages in crawl order; each template has its own random stream."""
    return _BUILDERS[name](random.Random(f"{name}:{seed}"), PAGES_PER_TEMPLATE)


def build_corpus(seed: int = 11) -> dict[str, list[LabelledPage]]:
    """Template name -> pages, in crawl order."""
    return {name: build_template(name, seed) for name in TEMPLATES}
