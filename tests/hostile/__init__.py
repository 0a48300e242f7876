"""A hostile news site on 127.0.0.1 for crawl tests: real articles amid bombs, traps, lies
about encodings and dates, and links that lead off the site. See server.py."""

from __future__ import annotations
