"""levantcrawl: crawl news sites, extract clean articles, archive every revision."""

from __future__ import annotations

__version__ = "0.1.0"
