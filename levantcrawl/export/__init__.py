"""Corpus exports, one format per module; records.py defines the shared record schema."""
