"""Spiders: base.py holds discovery and page handling; one module per spider name."""
