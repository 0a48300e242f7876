from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from levantcrawl.normalize.urls import (
    article_key,
    canonical_url,
    pick_canonical,
    strip_tracking,
    url_forms,
    variant_of,
)

pytestmark = pytest.mark.unit
BASE = "http://127.0.0.1:8000/2024/08/1234-shoigu-in-tehran"


@pytest.mark.parametrize(
    "variant",
    [
        BASE,
        BASE + "/",
        BASE + "?utm_source=twitter&utm_medium=social",
        BASE + "?fbclid=IwAR0abc",
        BASE + "#comments",
        "HTTP://127.0.0.1:8000/2024/08/1234-shoigu-in-tehran",
    ],
)
def test_variants_share_one_canonical_url(variant: str) -> None:
    assert canonical_url(variant) == BASE


def test_default_port_is_dropped_and_real_parameters_kept() -> None:
    assert canonical_url("https://Example.org:443/a/?b=2&a=1") == "https://example.org/a?a=1&b=2"


def test_strip_tracking_keeps_other_parameters_in_order() -> None:
    assert strip_tracking("http://x.org/?p=2&utm_x=1&q=a") == "http://x.org/?p=2&q=a"


def test_rel_canonical_to_home_page_or_other_site_is_ignored() -> None:
    amp = BASE + "/amp"
    assert pick_canonical(amp, BASE, "127.0.0.1") == BASE
    assert pick_canonical(BASE, "http://127.0.0.1:8000/", "127.0.0.1") == BASE
    assert pick_canonical(BASE, "https://elsewhere.example/x", "127.0.0.1") == BASE
    assert pick_canonical(amp, None, "127.0.0.1") == BASE


@given(
    path=st.lists(st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True), max_size=4),
    query=st.dictionaries(
        st.sampled_from(["p", "utm_source", "id", "fbclid", "page"]),
        st.from_regex(r"[a-z0-9]{0,6}", fullmatch=True),
    ),
    slash=st.booleans(),
)
def test_canonicalisation_is_idempotent(
    path: list[str], query: dict[str, str], slash: bool
) -> None:
    url = "http://news.example/" + "/".join(path) + ("/" if slash else "")
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    once = canonical_url(url)
    assert canonical_url(once) == once
    assert "utm_" not in once
    assert "fbclid" not in once


def test_variant_of_points_at_the_page_to_archive() -> None:
    assert variant_of(BASE + "/", BASE, "127.0.0.1") == BASE
    assert variant_of(BASE + "/amp", BASE, "127.0.0.1") == BASE
    assert variant_of(BASE + "/amp", None, "127.0.0.1") == BASE
    assert variant_of(BASE, BASE, "127.0.0.1") is None
    assert variant_of(BASE, None, "127.0.0.1") is None
    # A site that redirects its declared canonical address to this page: this is the page.
    assert variant_of(BASE + "/", BASE, "127.0.0.1", redirected_from=(BASE,)) is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("http://h.example/2024/08/1234-old-slug", "h.example/2024/08#1234"),
        ("http://h.example/2024/08/1234-new-headline", "h.example/2024/08#1234"),
        ("https://h.example/news/story-title-123456.html", "h.example/news#123456"),
        ("https://h.example/a/9876543", "h.example/a#9876543"),
        ("https://h.example/2024/", None),
        ("https://h.example/about-us", None),
        ("https://h.example/", None),
    ],
)
def test_article_key_survives_a_new_slug(url: str, key: str | None) -> None:
    assert article_key(url) == key


def test_url_forms_are_the_keys_under_the_crawls_tracking_list_and_each_url_as_seen() -> None:
    """One tracking-parameter list: a parameter the crawl names is gone from the key the
    archive looks URLs up by, as from every other key of the crawl (canonical_url)."""
    seen = "https://News.example/2024/08/1-a/?ref=home&b=2&a=1"
    forms = url_forms([seen], frozenset({"ref"}))
    assert (
        forms[0]
        == canonical_url(seen, frozenset({"ref"}))
        == ("https://news.example/2024/08/1-a?a=1&b=2")
    )
    assert forms[1:] == ("https://news.example/2024/08/1-a/?a=1&b=2&ref=home",)
    assert url_forms([seen])[0].endswith("?a=1&b=2&ref=home"), "not tracking by default"
