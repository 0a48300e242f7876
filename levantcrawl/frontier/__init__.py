"""The shared crawl frontier for distributed crawls (scrapy-redis): a duplicate filter whose
memory stays bounded and whose entries expire, so articles can be fetched again when due."""
