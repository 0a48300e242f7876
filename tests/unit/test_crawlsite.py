"""The crawl-scoped site: made once, looked up by host, kept up to date by the crawl."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from levantcrawl.crawlsite import CrawlSite, CrawlSites, attach_sites, sites_of
from levantcrawl.normalize.urls import url_shape

pytestmark = pytest.mark.unit


def test_components_find_the_site_of_a_url_through_the_crawler() -> None:
    crawler = get_crawler()
    assert list(sites_of(crawler)) == [], "a crawler of no levantcrawl crawl has no site"
    site = CrawlSite(host="news.example", start_url="https://news.example/", tz="Asia/Beirut")
    attach_sites(crawler, CrawlSites([site]))
    sites = sites_of(crawler)
    assert sites.for_url("https://news.example/2024/08/1-a?x=1") is site
    assert sites.for_url("https://other.example/") is None
    assert sites.for_url("http://[::1") is None, "an unreadable URL belongs to no site"
    assert sites.start_hosts == frozenset({"news.example"})


def test_a_url_shape_is_over_budget_once_its_listings_reach_it() -> None:
    site = CrawlSite(host="h", start_url="http://h/", pattern_budget=2)
    shape = url_shape("http://h/calendar/2024/08/01/")
    site.count_listing(shape)
    assert not site.over_budget(shape)
    site.count_listing(shape)
    assert site.over_budget(shape)
    off = CrawlSite(host="h", start_url="http://h/", pattern_budget=0)
    off.count_listing(shape)
    assert not off.over_budget(shape), "a budget of 0 is no budget"
