"""The bundled sample site: deterministic pages, a truthful ground truth, edition 2, real HTTP."""

from __future__ import annotations

import argparse
import gzip
import html
import http.client
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING

import pytest

from levantcrawl.samplesite import SampleSiteServer, build_site, header_date
from levantcrawl.samplesite.render import NEWSLETTER_PLUG

if TYPE_CHECKING:
    from levantcrawl.samplesite import Response, SampleSite

pytestmark = pytest.mark.unit

TODAY = date(2024, 11, 15)
BASE = "http://127.0.0.1:8765"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def is_chrome(text: str) -> bool:
    """Body paragraphs that are the theme's, not the article's."""
    return text.startswith("Read More :") or text == NEWSLETTER_PLUG


@pytest.fixture(scope="module")
def site() -> SampleSite:
    return build_site()


@pytest.fixture(scope="module")
def site2() -> SampleSite:
    return build_site(edition=2)


def get(site: SampleSite, path: str, **headers: str) -> Response:
    return site.respond("GET", path, {"Host": "127.0.0.1:8765", **headers}, TODAY)


def text(site: SampleSite, path: str) -> str:
    response = get(site, path)
    assert response.status == 200, path
    return response.body.decode("utf-8")


def body_paragraphs(page: str, container: str = "entry-content") -> list[str]:
    """Visible text of each <p> in the article body, teaser included."""
    block = page.split(f'<div class="{container}">', 1)[1].split("</div>", 1)[0]
    return [html.unescape(re.sub(r"<[^>]+>", "", p)) for p in re.findall(r"<p>(.*?)</p>", block)]


def parse_xml(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - the XML is the sample site's own output


def json_ld(page: str) -> dict[str, object]:
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert raw is not None
    data: dict[str, object] = json.loads(raw.group(1))
    return data


def test_same_seed_and_edition_give_identical_pages(site: SampleSite) -> None:
    again = build_site(seed=7, edition=1)
    assert again.articles == site.articles
    for path in [*list(site.articles)[:40], "/", "/feed/", "/sitemap_index.xml"]:
        assert get(again, path).body == get(site, path).body
    other = build_site(seed=8)
    assert {a.title for a in other.articles.values()} != {a.title for a in site.articles.values()}


def test_header_date_is_the_servers_today_not_the_publication_date(site: SampleSite) -> None:
    assert header_date(TODAY) == "Friday, 15 November 2024"
    path = next(iter(site.articles))
    later = site.respond("GET", path, {"Host": "127.0.0.1:8765"}, date(2025, 1, 6)).body.decode()
    assert "Monday, 6 January 2025" in later
    assert later.replace("Monday, 6 January 2025", header_date(TODAY)) == text(site, path)


def test_site_is_large_and_spread_over_sections_and_months(site: SampleSite) -> None:
    articles = list(site.articles.values())
    assert len(articles) >= 180
    assert len({a.section for a in articles}) >= 6
    assert len({(a.published.year, a.published.month) for a in articles}) >= 13
    assert all(date(2023, 10, 1) <= a.published.date() for a in articles)
    assert all(a.published.date() <= date(2024, 11, 10) for a in articles)
    assert all(str(a.published.tzinfo) == "Asia/Beirut" for a in articles)
    for a in articles:
        assert 5 <= len(a.paragraphs) <= 10, a.path
        assert all(30 <= len(p.split()) <= 80 for p in a.paragraphs), a.path
        assert 1 <= len(a.authors) <= 2
        assert 2 <= len(a.tags) <= 4
        assert re.fullmatch(rf"/\d{{4}}/\d{{2}}/{a.id}-[a-z0-9-]+", a.path)
    assert any(len(a.authors) == 2 for a in articles)
    slashed = {a.section: a.section_path for a in articles if "/" in a.section}
    assert slashed == {"Russia/Iran": ("Russia", "Iran"), "Gulf/Yemen": ("Gulf", "Yemen")}


def test_no_sentence_is_shared_between_articles(site: SampleSite) -> None:
    owners: dict[str, str] = {}
    for a in site.articles.values():
        for sentence in {s for p in a.paragraphs for s in re.split(r"(?<=\.) ", p)}:
            assert owners.setdefault(sentence, a.path) == a.path, sentence


def test_one_in_five_articles_has_only_a_byline_date(site: SampleSite) -> None:
    articles = list(site.articles.values())
    undated = [a for a in articles if not a.has_machine_date]
    assert 0.17 <= len(undated) / len(articles) <= 0.23
    news = text(site, "/news-sitemap.xml")
    feed = parse_xml(get(site, "/feed/").body)
    pub_dates = {item.findtext("link"): item.findtext("pubDate") for item in feed.iter("item")}
    for a in undated:
        page = text(site, a.path)
        assert not a.published_has_time
        assert a.modified is None
        assert (a.published.hour, a.published.minute) == (0, 0)
        for marker in ("article:published_time", "article:modified_time", "<time", "datetime="):
            assert marker not in page, (a.path, marker)
        data = json_ld(page)
        assert data["@type"] == "NewsArticle"
        assert "datePublished" not in data
        assert "dateModified" not in data
        day = a.published
        assert f"Posted on {day.day} {day:%B} {day.year}" in page
        assert "Last-Modified" not in get(site, a.path).headers
        assert a.path not in news
        month = text(site, f"/sitemap-posts-{day:%Y-%m}.xml")
        entry = month.split(f"{BASE}{a.path}</loc>", 1)[1].split("</url>", 1)[0]
        assert "<lastmod>" not in entry
        assert pub_dates.get(BASE + a.path) is None
    dated = next(a for a in articles if a.has_machine_date)
    page = text(site, dated.path)
    assert f'content="{dated.published.isoformat(timespec="seconds")}"' in page
    assert f'<time class="entry-date published" datetime="{dated.published.isoformat()}">' in page


def test_every_article_page_has_chrome_truth_text_and_links(site: SampleSite) -> None:
    for a in site.articles.values():
        page = text(site, a.path)
        assert '<html lang="en-US">' in page
        assert f"<title>{html.escape(a.title)} - Levant News</title>" in page
        for chrome in ("Dark Mode", 'alt="Logo"', header_date(TODAY), "Most Read", "Comments"):
            assert chrome in page, (a.path, chrome)
        assert '<div class="footer-brand">Levant News</div>' in page
        assert f'<link rel="canonical" href="{BASE}{a.path}">' in page
        assert page.count(f">{html.escape(a.title)}<") >= 2  # breadcrumb title and <h1>
        assert ("<strong>Read More :</strong>" in page) == (a.related_path is not None)
        texts = body_paragraphs(page)
        assert [t for t in texts if not is_chrome(t)] == list(a.paragraphs)
        assert texts[-1] == NEWSLETTER_PLUG, "the theme's plug closes every body"
        block = page.split('<div class="entry-content">', 1)[1].split("</div>", 1)[0]
        hrefs = [
            html.unescape(h).removeprefix(BASE).split("?utm_", 1)[0]
            for h in re.findall(r'<a href="([^"]+)"', block)
        ]
        assert hrefs == [link.href for link in a.body_links]
        external = [link.href for link in a.body_links if not link.href.startswith("/")]
        assert all(re.match(r"https://[a-z-]+\.example/", href) for href in external)


def test_teasers_body_links_and_variants_are_common_enough(site: SampleSite) -> None:
    articles = list(site.articles.values())
    assert 0.7 <= sum(a.related_path is not None for a in articles) / len(articles) <= 0.9
    kinds = Counter(link.kind for a in articles for link in a.body_links)
    assert kinds["related"] > 100
    assert kinds["body"] > 50
    assert any(link.href.startswith("https://") for a in articles for link in a.body_links)
    variants = [a for a in articles if a.variant_paths]
    assert 0.1 <= len(variants) / len(articles) <= 0.2


def test_section_metadata_needs_normalising(site: SampleSite) -> None:
    seen: set[str] = set()
    for a in site.articles.values():
        page = text(site, a.path)
        meta = re.search(r'property="article:section" content="([^"]+)"', page)
        assert meta is not None
        assert f'rel="category tag">{html.escape(a.section)}</a>' in page
        assert json_ld(page)["articleSection"] == meta.group(1)
        assert meta.group(1).replace(" ", "").casefold() == a.section.casefold()
        seen.add(meta.group(1))
    assert {"Russia / Iran", "RUSSIA/IRAN", "Russia/Iran"} <= seen


def test_url_variants_serve_the_same_article(site: SampleSite) -> None:
    article = next(a for a in site.articles.values() if len(a.variant_paths) >= 3)
    main = get(site, article.path)
    for variant in article.variant_paths:
        response = get(site, variant)
        assert response.status == 200, variant
        if not variant.endswith("/amp"):
            assert response.body == main.body
    amp = text(site, article.path + "/amp")
    assert f'<link rel="canonical" href="{BASE}{article.path}">' in amp
    assert f'<link rel="amphtml" href="{BASE}{article.path}/amp">' in main.body.decode()
    assert [t for t in body_paragraphs(amp, "amp-content") if not is_chrome(t)] == (
        list(article.paragraphs)
    )
    plain = next(a for a in site.articles.values() if not a.variant_paths)
    assert get(site, plain.path + "/amp").status == 404


def test_discovery_files_are_well_formed(site: SampleSite) -> None:
    robots = text(site, "/robots.txt")
    assert f"Sitemap: {BASE}/sitemap_index.xml" in robots
    assert "Disallow: /wp-admin/" in robots
    assert "Disallow: /search" in robots
    index = parse_xml(get(site, "/sitemap_index.xml").body)
    months = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    assert len(months) >= 13
    listed = set()
    for month in months:
        urlset = parse_xml(get(site, month.removeprefix(BASE)).body)
        listed |= {loc.text for loc in urlset.iter(f"{SITEMAP}loc")}
    assert listed == {BASE + p for p in site.articles}
    feed = parse_xml(get(site, "/feed/").body)
    assert len(feed.findall("./channel/item")) == 30
    assert get(site, "/feed/").headers["Content-Type"].startswith("application/rss+xml")
    news = parse_xml(get(site, "/news-sitemap.xml").body)
    assert len(news.findall(f"{SITEMAP}url")) == 20


def test_listings_paginate_newest_first(site: SampleSite) -> None:
    first = text(site, "/category/russia-iran/")
    assert 'href="/category/russia-iran/page/2/">Next</a>' in first
    second = text(site, "/category/russia-iran/page/2/")
    assert 'href="/category/russia-iran/">Previous</a>' in second
    assert get(site, "/category/russia-iran/page/1/").status == 301
    assert get(site, "/category/russia-iran/page/99/").status == 404
    home = text(site, "/")
    assert home.count('class="post-item') == 20
    assert "utm_source=homepage" in home
    assert get(site, "/no/such/page").status == 404


def test_edition_two_edits_adds_and_removes(site: SampleSite, site2: SampleSite) -> None:
    assert site.edited == {}
    assert site.new_paths == frozenset()
    assert site.gone_paths == frozenset()
    assert 6 <= len(site2.edited) <= 10
    assert set(site2.edited.values()) == {"headline", "paragraph", "correction"}
    assert len(site2.new_paths) == 5
    assert site2.new_paths <= set(site2.articles)
    (gone,) = site2.gone_paths
    assert gone in site.articles
    assert gone not in site2.articles
    assert get(site2, gone).status == 410
    assert gone not in text(site2, "/feed/")
    assert gone not in text(site2, "/")
    assert any(link.href == gone for a in site2.articles.values() for link in a.body_links), (
        "some article should still link to the removed one"
    )
    for path, kind in site2.edited.items():
        old, new = site.articles[path], site2.articles[path]
        assert old.modified is not None
        assert new.modified is not None
        assert new.modified > old.modified
        if kind == "headline":
            assert new.title != old.title
            assert new.paragraphs == old.paragraphs
        elif kind == "correction":
            assert new.paragraphs[:-1] == old.paragraphs
            assert new.paragraphs[-1].startswith("Correction: ")
        else:
            assert len(new.paragraphs) == len(old.paragraphs) + 1
    newest = max(site2.articles.values(), key=lambda a: a.published)
    assert newest.path in site2.new_paths
    untouched = set(site.articles) - set(site2.edited) - {gone}
    for path in sorted(untouched)[:60]:
        assert get(site2, path).body == get(site, path).body
        assert site2.articles[path].paragraphs == site.articles[path].paragraphs


def test_conditional_get_gzip_and_head_in_respond(site: SampleSite) -> None:
    path = next(a.path for a in site.articles.values() if a.has_machine_date)
    first = get(site, path)
    etag = first.headers["ETag"]
    assert etag.startswith('"')
    assert "Last-Modified" in first.headers
    assert get(site, path, **{"If-None-Match": etag}).status == 304
    since = first.headers["Last-Modified"]
    assert get(site, path, **{"If-Modified-Since": since}).status == 304
    zipped = get(site, path, **{"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.body) == first.body
    head = site.respond("HEAD", path, {}, TODAY)
    assert head.body == b""
    assert int(head.headers["Content-Length"]) > 0


def test_server_over_real_http() -> None:
    with SampleSiteServer(port=0, today=lambda: TODAY) as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)

        def fetch(path: str, **headers: str) -> http.client.HTTPResponse:
            conn.request("GET", path, headers={"User-Agent": "levantcrawl-test", **headers})
            response = conn.getresponse()
            response.read()
            return response

        conn.request("GET", "/robots.txt")
        robots = conn.getresponse()
        assert robots.status == 200
        assert b"Disallow: /search" in robots.read()
        assert robots.headers["Content-Type"].startswith("text/plain")
        conn.request("GET", "/sitemap_index.xml")
        index = parse_xml(conn.getresponse().read())
        locs = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
        assert locs
        assert all(loc.startswith(server.base_url) for loc in locs)

        article = next(iter(server.site.articles.values()))
        conn.request("GET", article.path, headers={"Accept-Encoding": "gzip"})
        response = conn.getresponse()
        page = gzip.decompress(response.read()).decode()
        assert response.headers["Content-Encoding"] == "gzip"
        assert header_date(TODAY) in page
        assert article.paragraphs[0][:40] in html.unescape(page)
        etag = response.headers["ETag"]
        assert fetch(article.path, **{"If-None-Match": etag}).status == 304
        assert fetch("/definitely/missing").status == 404

        gone = next(iter(server.set_edition(2).gone_paths))
        assert fetch(gone).status == 410
        conn.close()
        assert server.request_count == 6
        assert {r.user_agent for r in server.requests} >= {"levantcrawl-test"}
        assert server.requests[-1].path == gone
        assert server.requests[-1].status == 410


def test_cli_registers_sample_site_with_validated_arguments() -> None:
    from levantcrawl.cli import sample_site

    parser = argparse.ArgumentParser(prog="levantcrawl")
    sample_site.register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["sample-site", "--port", "0", "--edition", "2"])
    assert (args.host, args.port, args.seed, args.edition) == ("127.0.0.1", 0, 7, 2)
    assert args.func is sample_site.run
    with pytest.raises(SystemExit):
        parser.parse_args(["sample-site", "--edition", "3"])
