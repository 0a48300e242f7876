from __future__ import annotations

import pytest

from levantcrawl.diff.render import as_json, render_text
from levantcrawl.diff.text import diff_revisions, paragraph_diff, word_diff

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
