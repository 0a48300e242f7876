"""Which code made a revision: recorded with it, so re-extraction knows what it replaces."""

from __future__ import annotations

from importlib.metadata import version

from levantcrawl import __version__

EXTRACTOR = f"levantcrawl {__version__}; trafilatura {version('trafilatura')}"
