"""Arbitrary input never raises out of extraction, date parsing, URL or byte decoding."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from levantcrawl.discovery import DiscoveryError, parse_listing
from levantcrawl.extraction.article import extract_article
from levantcrawl.normalize.dates import read_instant
from levantcrawl.normalize.encoding import decode_html
from levantcrawl.normalize.urls import article_key, canonical_url

pytestmark = pytest.mark.unit
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)
BEIRUT = ZoneInfo("Asia/Beirut")
TAGS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div>",
        "<h1>",
        "</h1>",
        "<a href='/x'>",
        "</a>",
        "<script>",
        "<!--",
        "<![CDATA[",
        "<meta charset=x>",
        "&amp;",
        "&#0;",
    ]
)
soup = st.lists(st.one_of(TAGS, st.text(max_size=30)), max_size=60).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=st.one_of(soup, st.text(max_size=300)))
def test_extraction_survives_any_markup(html: str) -> None:
    extracted = extract_article(html, "https://news.example/2024/08/1234-x")
    assert isinstance(extracted.paragraphs, tuple)


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(max_size=60), st.from_regex(r"[0-9٠-٩ :/.,TZ+-]{1,30}")))
def test_date_parsing_never_raises(raw: str) -> None:
    instant = read_instant(raw, site_tz=BEIRUT, now=NOW)
    assert instant is None or instant.value.tzinfo is not None


@settings(max_examples=300, deadline=None)
@given(url=st.one_of(st.text(max_size=80), st.from_regex(r"https?://[^\s]{0,60}")))
def test_url_functions_never_raise(url: str) -> None:
    assert isinstance(canonical_url(url), str)
    assert article_key(url) is None or isinstance(article_key(url), str)


@settings(max_examples=200, deadline=None)
@given(
    body=st.binary(max_size=400),
    label=st.sampled_from(
        [
            None,
            "text/html; charset=utf-8",
            "text/html; charset=windows-1256",
            "text/html; charset=nonsense",
        ]
    ),
)
def test_decoding_any_bytes(body: bytes, label: str | None) -> None:
    text, _ = decode_html(body, label)
    assert isinstance(text, str)


@settings(max_examples=150, deadline=None)
@given(body=st.binary(max_size=300))
def test_listing_parser_fails_only_with_its_own_error(body: bytes) -> None:
    with contextlib.suppress(DiscoveryError):
        parse_listing(body)
