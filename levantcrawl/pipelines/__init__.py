"""Thin Scrapy adapters over extraction/, normalize/ and storage/: one concern per module."""
