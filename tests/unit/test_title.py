"""Headlines: entities unescaped, the site's names stripped, the page's <h1> preferred."""

from __future__ import annotations

import pytest

from levantcrawl.extraction.metadata import parse_html, read_metadata
from levantcrawl.extraction.title import choose_title, clean_text, site_keys, strip_site

pytestmark = pytest.mark.unit


def _title(head: str, body: str = "", url: str = "https://www.golem.de/news/x.html") -> str | None:
    tree = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_metadata(tree, url).title


def test_entities_are_unescaped_even_twice_escaped() -> None:
    assert clean_text("Kanzler &quot;sch&ouml;n&quot; &#039;ok&#039;") == "Kanzler \"schön\" 'ok'"
    assert clean_text("Tom &amp;amp; Jerry") == "Tom & Jerry"
    assert _title('<meta property="og:title" content="Gr&amp;ouml;&amp;szlig;e">') == "Größe"


def test_the_host_and_og_site_name_are_stripped_from_a_page_read_alone() -> None:
    assert _title("<title>Neue Grafikkarten vorgestellt - Golem.de</title>") == (
        "Neue Grafikkarten vorgestellt"
    )
    head = '<meta property="og:site_name" content="The Ledger"><title>The Ledger: Talks</title>'
    assert _title(head, url="https://ledger.example/a") == "Talks"


def test_a_section_after_the_separator_is_kept_when_a_site_name_went_first() -> None:
    keys = site_keys(["The Ledger"], "ledger.example")
    assert strip_site("Talks resume | Sport | The Ledger", keys) == "Talks resume | Sport"


def test_the_h1_wins_where_the_title_only_adds_the_site() -> None:
    head = "<title>Talks resume in Doha | The Ledger</title>"
    assert _title(head, "<h1>Talks  resume in Doha</h1>") == "Talks resume in Doha"


def test_a_kicker_inside_the_h1_gives_way_to_the_declared_title() -> None:
    head = '<meta property="og:title" content="Mayor elected in St. Louis Park">'
    body = "<h1><div>Politics | </div><span>Mayor elected in St. Louis Park</span></h1>"
    assert _title(head, body) == "Mayor elected in St. Louis Park"


def test_a_logo_h1_is_not_the_headline() -> None:
    head = '<meta property="og:site_name" content="Golem"><title>Chips - Golem.de</title>'
    assert _title(head, "<h1>Golem.de</h1><h2>Chips</h2>") == "Chips"


def test_a_title_is_never_emptied_by_stripping() -> None:
    keys = site_keys(["Golem"], "golem.de")
    assert strip_site("Golem.de", keys) == "Golem.de"
    assert choose_title(headings=[], headline="", declared=["Golem.de"], keys=keys) is None
