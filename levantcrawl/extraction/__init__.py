"""Article extraction: trafilatura for the body, page metadata for the rest. No Scrapy here."""
