"""Revision diffs: text.py computes them (pure), render.py shows them."""
