"""Benchmarks that measure levantcrawl against plain trafilatura; run `benchmarks/quality.py`."""
