from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import lxml.html
import pytest

from levantcrawl.diff.html import render_html
from levantcrawl.diff.render import as_json, render_text, render_unified
from levantcrawl.diff.text import diff_revisions, paragraph_diff, word_diff

if TYPE_CHECKING:
    from levantcrawl.diff.text import RevisionDiff

pytestmark = pytest.mark.unit


def test_word_diff_marks_only_the_changed_words() -> None:
    chunks = word_diff("The minister arrived on Monday.", "The minister left on Tuesday.")
    changed = [(c.op, c.text) for c in chunks if c.op != "equal"]
    assert changed == [
        ("delete", "arrived"),
        ("insert", "left"),
        ("delete", "Monday."),
        ("insert", "Tuesday."),
    ]


def test_paragraph_diff_finds_an_inserted_paragraph_in_the_middle() -> None:
    changes = paragraph_diff(["A b.", "C d."], ["A b.", "New one.", "C d."])
    assert [c.op for c in changes] == ["equal", "insert", "equal"]
    assert changes[1].words_added == 2


def test_revision_diff_reports_title_body_and_fields() -> None:
    old = {"number": 1, "title": "Talks open", "text": "First.", "section": "World"}
    new = {
        "number": 2,
        "title": "Talks close",
        "text": "First.\n\nCorrection: a fix.",
        "section": "Opinion",
    }
    diff = diff_revisions(old, new)
    assert diff.changed
    assert diff.words_added == 3
    assert diff.fields == {"section": ("World", "Opinion")}
    text = render_text(diff, "http://x/a", colour=False)
    assert "title: Talks [-open-]{+close+}" in text
    assert "+ ¶2 Correction: a fix." in text
    assert "section: 'World' -> 'Opinion'" in text
    assert "\x1b[" not in text
    assert "\x1b[32m" in render_text(diff, "http://x/a", colour=True)
    assert as_json(diff, "http://x/a")["paragraphs"][0]["new"] == "Correction: a fix."


def test_identical_revisions_have_no_change() -> None:
    snapshot = {"number": 1, "title": "T", "text": "Body."}
    diff = diff_revisions(snapshot, {**snapshot, "number": 2})
    assert not diff.changed
    assert render_text(diff, "u", colour=False).endswith("no change")


# --- unified and HTML ---------------------------------------------------------------------------

BEIRUT_OLD = {
    "number": 1,
    "fetched_at": datetime(2024, 8, 5, 10, 0, tzinfo=UTC),
    "title": 'Port <reopens> & ships "wait"',
    "text": "Ships waited outside the port on Monday.\n\nThe minister spoke.",
}
BEIRUT_NEW = {
    "number": 2,
    "fetched_at": "2024-08-06T11:30:00Z",
    "title": "Port reopens <script>alert(1)</script>",
    "text": (
        "Ships entered the port on Tuesday.\n\nThe minister spoke.\n\n"
        "Correction: <b>an earlier</b> version & more."
    ),
}


def test_revision_diff_keeps_the_capture_times() -> None:
    diff = diff_revisions(BEIRUT_OLD, BEIRUT_NEW)
    assert diff.from_fetched_at == datetime(2024, 8, 5, 10, 0, tzinfo=UTC)
    assert diff.to_fetched_at == datetime(2024, 8, 6, 11, 30, tzinfo=UTC)
    data = as_json(diff, "http://x/a")
    assert (data["from_fetched_at"], data["to_fetched_at"]) == (
        "2024-08-05T10:00:00Z",
        "2024-08-06T11:30:00Z",
    )
    assert data["labels"] == ["headline changed", "correction appended", "paragraphs rewritten"]
    assert data["summary"] == (
        "headline changed; +1 paragraph, ~1 paragraph (+8 words, -3); correction appended"
    )


def test_unified_diff_has_revision_headers_and_one_line_per_paragraph() -> None:
    diff = diff_revisions(BEIRUT_OLD, BEIRUT_NEW)
    lines = render_unified(diff, colour=False).splitlines()
    assert lines[:2] == [
        "--- revision 1 (2024-08-05 10:00:00 UTC)",
        "+++ revision 2 (2024-08-06 11:30:00 UTC)",
    ]
    assert lines[2] == "@@ -1,3 +1,4 @@"
    assert lines[3:] == [
        '-Port <reopens> & ships "wait"',
        "-Ships waited outside the port on Monday.",
        "+Port reopens <script>alert(1)</script>",
        "+Ships entered the port on Tuesday.",
        " The minister spoke.",
        "+Correction: <b>an earlier</b> version & more.",
    ]
    coloured = render_unified(diff, colour=True)
    assert "\x1b[32m+Ships entered" in coloured
    assert "\x1b[31m-Ships waited" in coloured
    same = diff_revisions(BEIRUT_OLD, {**BEIRUT_OLD, "number": 2})
    assert render_unified(same, colour=False) == ""


def _page(diff: RevisionDiff, url: str = "http://x/a?b=1&c=2", **kwargs: Any) -> Any:
    page = render_html(diff, url, **kwargs)
    return page, lxml.html.document_fromstring(page)


def test_html_page_marks_deleted_and_inserted_words_side_by_side() -> None:
    page, doc = _page(diff_revisions(BEIRUT_OLD, BEIRUT_NEW))
    assert page.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in page
    assert doc.xpath("string(//p[@class='old-title']/del)") == 'Port <reopens> & ships "wait"'
    assert doc.xpath("string(//h1/ins)") == "Port reopens <script>alert(1)</script>"
    changed = doc.xpath("//div[contains(@class, 'row changed')]")
    assert len(changed) == 2
    old_cell, new_cell = changed[0].xpath("./div[contains(@class, 'cell')]")
    assert [d.text for d in old_cell.xpath(".//del")] == ["waited outside", "Monday."]
    assert [i.text for i in new_cell.xpath(".//ins")] == ["entered", "Tuesday."]
    assert old_cell.text_content() == "Ships waited outside the port on Monday."
    assert new_cell.text_content() == "Ships entered the port on Tuesday."
    added = changed[1].xpath("./div[contains(@class, 'cell new')]/ins")[0]
    assert added.text == "Correction: <b>an earlier</b> version & more."
    assert "empty" in changed[1].xpath("./div[contains(@class, 'cell old')]")[0].get("class")
    assert doc.xpath("//ul[@class='labels']/li/text()") == [
        "headline changed",
        "correction appended",
        "paragraphs rewritten",
    ]
    meta = doc.xpath("string(//header)")
    assert "revision 1, captured 2024-08-05 10:00:00 UTC" in meta
    assert "revision 2, captured 2024-08-06 11:30:00 UTC" in meta


def test_html_page_escapes_everything_and_loads_nothing() -> None:
    diff = diff_revisions(BEIRUT_OLD, BEIRUT_NEW)
    page, doc = _page(diff, url='http://x/"><script>alert(2)</script>')
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;an earlier&lt;/b&gt; version &amp; more." in page
    assert not doc.xpath("//script | //link | //img | //iframe | //object | //*[@src]")
    assert "url(" not in page
    assert "@import" not in page
    assert "default-src 'none'" in page
    assert doc.xpath("//a/@href") == ['http://x/"><script>alert(2)</script>']
    _, hostile = _page(diff, url="javascript:alert(3)")
    assert not hostile.xpath("//a")


def test_html_page_reads_arabic_right_to_left() -> None:
    old = {"number": 1, "title": "مرفأ بيروت", "text": "وصلت السفن إلى المرفأ يوم الاثنين."}
    new = {
        "number": 2,
        "title": "إعادة فتح مرفأ بيروت",
        "text": "وصلت السفن إلى المرفأ يوم الثلاثاء.\n\nتصحيح: ورد خطأ في نسخة سابقة.",
    }
    page, doc = _page(diff_revisions(old, new), language="ar")
    assert doc.get("lang") == "en", "the page's own words are English, left to right"
    assert doc.get("dir") is None
    assert doc.xpath("//h1/@lang") == ["ar"]
    for text in ("إعادة فتح مرفأ بيروت", "الثلاثاء.", "تصحيح: ورد خطأ في نسخة سابقة."):
        holders = doc.xpath("//body//*[contains(text(), $t)]", t=text)
        assert holders, text
        assert all(h.xpath("ancestor-or-self::*[@dir='auto'][@lang='ar']") for h in holders)
    assert doc.xpath("string(//h1/ins)") == "إعادة فتح مرفأ بيروت"
    assert "correction appended" in doc.xpath("//ul[@class='labels']/li/text()")
    assert page.encode("utf-8").decode("utf-8") == page


def test_html_page_dims_and_folds_long_unchanged_runs() -> None:
    paragraphs = [f"Paragraph number {i} of the story." for i in range(1, 11)]
    changed = [*paragraphs[:6], "Paragraph number 7 of the report.", *paragraphs[7:]]
    old = {"number": 1, "title": "T", "text": "\n\n".join(paragraphs)}
    new = {"number": 2, "title": "T", "text": "\n\n".join(changed)}
    _, doc = _page(diff_revisions(old, new))
    (fold,) = doc.xpath("//details[@class='fold']")
    assert fold.xpath("string(summary)") == "5 unchanged paragraphs"
    assert len(fold.xpath("./div[contains(@class, 'row same')]")) == 5
    visible_same = doc.xpath("//main/div[contains(@class, 'row same')]")
    assert [r.xpath("string(./div[@class='num'][1])") for r in visible_same] == [
        "6",
        "8",
        "9",
        "10",
    ]
    assert doc.xpath("string(//h1)") == "T"
    assert not doc.xpath("//h1/ins | //p[@class='old-title']")
