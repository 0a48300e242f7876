"""Scrapy commands of this project (COMMANDS_MODULE): `scrapy crawl` as levantcrawl runs it."""
