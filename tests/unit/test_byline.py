"""Bylines: author and date in one line, in any order, English and Arabic."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.byline import is_byline_text, parse_line
from levantcrawl.extraction.metadata import parse_html, read_metadata
from levantcrawl.extraction.names import NameRules, split_authors
from levantcrawl.extraction.stamps import find_stamps
from levantcrawl.normalize.dates import DateCandidate, choose_date

pytestmark = pytest.mark.unit
SITE = NameRules.of(["Levant Daily", "levantdaily.example"])
BEIRUT = ZoneInfo("Asia/Beirut")


@pytest.mark.parametrize(
    ("line", "authors", "agencies", "published", "updated"),
    [
        (
            "By Reem Ghanem, Published 30 Oct 2026, 05:38",
            ("Reem Ghanem",),
            (),
            "2026-10-30T05:38",
            None,
        ),
        ("Reem Ghanem | 30/10/2026 05:38 PM", ("Reem Ghanem",), (), "2026-10-30T17:38", None),
        (
            "Published 30 October 2026 — By Reem Ghanem and Omar Haddad",
            ("Reem Ghanem", "Omar Haddad"),
            (),
            "2026-10-30",
            None,
        ),
        (
            "Posted 30.10.2026 17:38 - By Reem Ghanem & AFP",
            ("Reem Ghanem",),
            ("AFP",),
            "2026-10-30T17:38",
            None,
        ),
        (
            "By Reem Ghanem, Levant Daily | Updated 31 Oct 2026, 9:05 am | Published 30 Oct 2026,"
            " 05:38",
            ("Reem Ghanem",),
            (),
            "2026-10-30T05:38",
            "2026-10-31T09:05",
        ),
        (
            "Reem Ghanem and Reuters · 30/10/2026 · 12:10 a.m.",
            ("Reem Ghanem",),
            ("Reuters",),
            "2026-10-30T00:10",
            None,
        ),
        (
            "كتب: هالة خوري · تاريخ النشر: 16/06/2025 11:20",
            ("هالة خوري",),
            (),
            "2025-06-16T11:20",
            None,
        ),
        (
            "بقلم هالة خوري وسامر عيد - ١٦/٠٦/٢٠٢٥ ١١:٢٠ م",
            ("هالة خوري", "سامر عيد"),
            (),
            "2025-06-16T23:20",
            None,
        ),
        (
            "آخر تحديث: 17 حزيران 2025 - 09:05 ص | تاريخ النشر: 16 حزيران 2025 10:00 | "
            "كتب: سامر عيد و وكالات",
            ("سامر عيد",),
            ("agencies",),
            "2025-06-16T10:00",
            "2025-06-17T09:05",
        ),
        ("October 30, 2026 at 5:38 p.m. (GMT+3)", (), (), "2026-10-30T17:38+03:00", None),
    ],
)
def test_a_combined_byline_line_splits_into_names_and_dates(
    line: str,
    authors: tuple[str, ...],
    agencies: tuple[str, ...],
    published: str | None,
    updated: str | None,
) -> None:
    byline = parse_line(line, SITE)
    assert (byline.authors, byline.agencies) == (authors, agencies)
    assert (byline.published, byline.updated) == (published, updated)


@pytest.mark.parametrize(
    ("text", "authors"),
    [
        ("Benjamin Fischer und Marcus Theurer", ["Benjamin Fischer", "Marcus Theurer"]),
        ("Claire Martin et Paul Durand", ["Claire Martin", "Paul Durand"]),
        ("A. Rahal, B. Saab & C. Nader", ["A. Rahal", "B. Saab", "C. Nader"]),
        ("rana@levantdaily.example", []),
        ("https://www.facebook.com/levantdaily", []),
        ("Rana Haddad https://twitter.com/rana", ["Rana Haddad"]),
        ("STERN.de", []),
        ("Levant Daily", []),
        ("levantdaily.example", []),
        ("Published 30 Oct 2026", []),
        ("05:38", []),
        ("5 Comments", []),
        ("View all posts by Daniel Roe", ["Daniel Roe"]),
        ("Michael L. Anderson, PhD", ["Michael L. Anderson"]),
        ("by the end of the year prices rose", []),
    ],
)
def test_names_are_never_addresses_dates_labels_or_the_site(text: str, authors: list[str]) -> None:
    assert split_authors(text, SITE) == authors


def test_stamps_read_day_first_numbers_and_both_clocks() -> None:
    assert [s.iso for s in find_stamps("05/06/2025 12:05 AM")] == ["2025-06-05T00:05"]
    assert [s.iso for s in find_stamps("05/06/2025", month_first=True)] == ["2025-05-06"]
    assert [s.iso for s in find_stamps("22. Dezember 2019 um 11:24 Uhr")] == ["2019-12-22T11:24"]
    assert [s.iso for s in find_stamps("5 آب (أغسطس) 2024")] == ["2024-08-05"]
    assert find_stamps("16.06 is no date, nor is 2024 alone") == []


@pytest.mark.parametrize(
    ("text", "furniture"),
    [
        ("By Reem Ghanem, Published 30 Oct 2026, 05:38", True),
        ("كتب: هالة خوري | تاريخ النشر: 16/06/2025 11:20", True),
        ("Published on 5 August 2024", True),
        ("By the end of 2024, prices had risen by a fifth in Beirut.", False),
        ("The minister said on 5 August 2024 that talks would resume.", False),
        ("Reporting by Rodrigo Campos; Editing by Nick Zieminski and Dan Grebler", True),
        ("By Reem Ghanem, Senior Staff Writer, 30 Oct 2026", True),
        ("Am 22. Oktober 2019 erscheint sie auf Windows PCs, Mac, Xbox One und PS4.", False),
        ("Por ende, las ventajas de esta gestión se convierten en una desventaja.", False),
        ("Bern, 17.08.2007 - Rede von Moritz Leuenberger beim SP-Städtegipfel, Basel", False),
        ("Einsendeschluss: 03.11.2019 (Poststempel)", False),
        ("24. März 2004, 19:49 | Genesis", True),
    ],
)
def test_a_paragraph_that_is_only_a_byline_is_furniture(text: str, furniture: bool) -> None:
    assert is_byline_text(text) is furniture


def test_unmarked_page_byline_gives_authors_agency_and_the_time_of_day() -> None:
    body = "".join(f"<p>{'The council met again and talked for hours on end. ' * 6}</p>" * 3)
    html = (
        "<html><head><meta property='og:site_name' content='Levant Daily'></head><body>"
        "<header><span>Friday, 15 November 2024</span></header>"
        "<h1>Council agrees the power plan</h1>"
        "<div class='meta'><span>By <a href='/j/rg'>Reem Ghanem</a> and AFP</span>"
        "<span>Levant Daily</span><span>Published 30 Oct 2024, 05:38 PM</span></div>"
        f"{body}</body></html>"
    )
    url = "https://levantdaily.example/news/1234-council-power-plan"
    page = read_metadata(parse_html(html), url)
    assert (page.authors, page.agencies) == (("Reem Ghanem",), ("AFP",))
    assert [(c.raw, c.source) for c in page.published] == [("2024-10-30T17:38", "byline")]
    now = datetime(2024, 11, 15, tzinfo=UTC)
    chosen = choose_date(page.published, tz=BEIRUT, now=now, warnings=[])
    assert chosen is not None
    assert chosen.has_time
    assert chosen.value == datetime(2024, 10, 30, 17, 38, tzinfo=BEIRUT)
    extracted = extract_article(html, url)
    assert not any("Reem Ghanem" in p for p in extracted.paragraphs)


def test_a_bare_day_is_completed_by_a_later_candidate_of_the_same_day() -> None:
    now = datetime(2024, 11, 15, tzinfo=UTC)
    candidates = [DateCandidate("2024-10-30", "time"), DateCandidate("2024-10-30T17:38", "byline")]
    chosen = choose_date(candidates, tz=BEIRUT, now=now, warnings=[])
    assert chosen is not None
    assert (chosen.source, chosen.has_time) == ("byline", True)
    other_day = [DateCandidate("2024-10-30", "time"), DateCandidate("2024-10-29T17:38", "byline")]
    kept = choose_date(other_day, tz=BEIRUT, now=now, warnings=[])
    assert kept is not None
    assert (kept.source, kept.has_time) == ("time", False)


def test_comment_authors_are_never_the_article_s() -> None:
    body = "<p>" + "Words of the article itself, long enough to be its body. " * 8 + "</p>"
    html = (
        f"<html><body><article><h1>A title of words</h1>{body}"
        "<div id='comments'><div class='comment-author'><a>stephan</a></div>"
        "<span>3:12 pm</span><a>Reply</a></div></article></body></html>"
    )
    assert read_metadata(parse_html(html), "https://x.example/a").authors == ()


def test_a_date_beside_an_impossible_time_is_no_date() -> None:
    assert find_stamps("Published 2024-08-05 25:10") == []
    assert [s.iso for s in find_stamps("Published 2024-08-05 23:10")] == ["2024-08-05T23:10"]
