"""Pure normalisation functions: dates, sections, URLs. No Scrapy imports here."""
