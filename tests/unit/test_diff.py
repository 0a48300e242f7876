from __future__ import annotations

import pytest

from levantcrawl.diff.render import as_json, render_text
from levantcrawl.diff.text import diff_revisions, word_diff

pytestmark = pytest.mark.unit


def test_word_diff_marks_only_the_changed_words() -> None:
    chunks = word_diff("The minister arrived on Monday.", "The minister left on Tuesday.")
    changed = [(c.op, c.text) for c in chunks if c.op != "equal"]
    assert changed == [("delete", "arrived"), ("insert", "left"), ("delete", "Monday."), ("insert", "Tuesday.")]


def test_revision_diff_reports_title_body_and_fields() -> None:
    old = {"number": 1, "title": "Talks open", "text": "First.", "section": "World"}
    new = {"number": 2, "title": "Talks close", "text": "First.\n\nCorrection: a fix.", "section": "World"}
    diff = diff_revisions(old, new)
    assert diff.changed
    assert diff.words_added == 3
    assert diff.fields == {}
    text = render_text(diff, "http://x/a", colour=False)
    assert "[-open-]{+close+}" in text
    assert "{+\n\nCorrection: a fix.+}" in text
    assert "\x1b[" not in text
    assert as_json(diff, "http://x/a")["words_added"] == 3


def test_identical_revisions_have_no_change() -> None:
    snapshot = {"number": 1, "title": "T", "text": "Body."}
    assert not diff_revisions(snapshot, {**snapshot, "number": 2}).changed
