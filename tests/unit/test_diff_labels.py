from __future__ import annotations

from typing import Any

import pytest

from levantcrawl.diff.labels import LABELS, change_labels, is_correction, summarize
from levantcrawl.diff.text import diff_revisions

pytestmark = pytest.mark.unit

TWENTY = " ".join(f"w{i}" for i in range(20))  # a 20-word paragraph
BODY = ["First paragraph of the story.", TWENTY, "Last paragraph here."]


def revisions(
    *, title: str = "Talks open", paragraphs: list[str] | None = None, **fields: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    old = {"number": 1, "title": "Talks open", "text": "\n\n".join(BODY)}
    new = {"number": 2, "title": title, "text": "\n\n".join(paragraphs or BODY)}
    for key, (before, after) in fields.items():
        old[key], new[key] = before, after
    return old, new


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("nothing", ()),
        ("headline", ("headline changed",)),
        ("added in the middle", ("paragraphs added",)),
        ("removed", ("paragraphs removed",)),
        ("correction at the end", ("correction appended",)),
        ("clarification in the middle", ("correction appended",)),
        ("update notice", ("correction appended",)),
        ("editor's note", ("correction appended",)),
        ("arabic correction", ("correction appended",)),
        ("arabic clarification", ("correction appended",)),
        ("paragraph and correction", ("paragraphs added", "correction appended")),
        ("one word of twenty", ("minor wording",)),
        ("two words of twenty", ("minor wording",)),
        ("five words of twenty", ("paragraphs rewritten",)),
        ("one word and a new paragraph", ("paragraphs added",)),
        ("published", ("dates changed",)),
        ("modified", ("dates changed",)),
        ("authors", ("authors changed",)),
        ("section", ("section changed",)),
        ("tags", ("tags changed",)),
        (
            "everything",
            (
                "headline changed",
                "paragraphs added",
                "paragraphs removed",
                "correction appended",
                "dates changed",
                "authors changed",
                "section changed",
                "tags changed",
            ),
        ),
    ],
)
def test_labels_name_the_kind_of_change(case: str, expected: tuple[str, ...]) -> None:
    one_word = TWENTY.replace("w7", "seven")
    two_words = TWENTY.replace("w7", "seven").replace("w8", "eight")
    five_words = " ".join(f"x{i}" if i < 5 else f"w{i}" for i in range(20))
    cases: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
        "nothing": revisions(),
        "headline": revisions(title="Talks collapse"),
        "added in the middle": revisions(paragraphs=[BODY[0], "A new fact.", *BODY[1:]]),
        "removed": revisions(paragraphs=BODY[:2]),
        "correction at the end": revisions(
            paragraphs=[*BODY, "Correction: An earlier version misspelt a name."]
        ),
        "clarification in the middle": revisions(
            paragraphs=[BODY[0], "Clarification: the minister spoke on Monday.", *BODY[1:]]
        ),
        "update notice": revisions(paragraphs=[*BODY, "Update: the talks resumed."]),
        "editor's note": revisions(paragraphs=[*BODY, "Editor\u2019s note: names changed."]),
        "arabic correction": revisions(paragraphs=[*BODY, "تصحيح: ورد في نسخة سابقة خطأ."]),
        "arabic clarification": revisions(paragraphs=[*BODY, "توضيح: تم تعديل التاريخ."]),
        "paragraph and correction": revisions(
            paragraphs=[BODY[0], "A new fact.", *BODY[1:], "Correction: a fix."]
        ),
        "one word of twenty": revisions(paragraphs=[BODY[0], one_word, BODY[2]]),
        "two words of twenty": revisions(paragraphs=[BODY[0], two_words, BODY[2]]),
        "five words of twenty": revisions(paragraphs=[BODY[0], five_words, BODY[2]]),
        "one word and a new paragraph": revisions(
            paragraphs=[BODY[0], one_word, "A new fact.", BODY[2]]
        ),
        "published": revisions(published=("2024-08-05T10:00:00Z", "2024-08-05T11:00:00Z")),
        "modified": revisions(modified=(None, "2024-08-06T09:00:00Z")),
        "authors": revisions(authors=(["Rana Haddad"], ["Rana Haddad", "Omar Khalil"])),
        "section": revisions(section=("World", "Lebanon")),
        "tags": revisions(tags=(["beirut"], ["beirut", "port"])),
        "everything": revisions(
            title="Talks collapse",
            paragraphs=["A new opening.", *BODY[:2], "Correction: a fix."],
            published=("2024-08-05T10:00:00Z", "2024-08-04T10:00:00Z"),
            authors=([], ["Omar Khalil"]),
            section=("World", "Lebanon"),
            tags=([], ["port"]),
        ),
    }
    labels = change_labels(diff_revisions(*cases[case]))
    assert labels == expected
    assert [LABELS.index(label) for label in labels] == sorted(
        LABELS.index(label) for label in labels
    ), "labels come in one fixed order"


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Correction: An earlier version of this article misstated the date.", True),
        ("CORRECTION - the minister's name was misspelt.", True),
        ("Corrections appended on 5 August.", True),
        ("*Clarification: the figures refer to 2023.", True),
        ("[Update: the talks resumed on Tuesday.]", True),
        ("Updated: 5 August 2024", True),
        ("Editor's note: some names have been changed.", True),
        ("Editors\u2019 note: this story has been updated.", True),
        ("تصحيح: ورد في نسخة سابقة من هذا التقرير خطأ في اسم المسؤول.", True),
        ("توضيح: الأرقام تعود إلى عام 2023.", True),
        ("Correctional officers in Roumieh went on strike on Monday.", False),
        ("The minister promised an update on the talks next week.", False),
        ("Updates to the budget were expected by the end of the month.", False),
        ("The correction came after weeks of pressure.", False),
    ],
)
def test_correction_notices_are_recognised(paragraph: str, expected: bool) -> None:
    assert is_correction(paragraph) is expected


@pytest.mark.parametrize(
    ("old_title", "old_body", "new_title", "new_body", "summary"),
    [
        ("T", "A.", "T", "A.", "no change"),
        ("T", "A.", "U", "A.", "headline changed"),
        (
            "T",
            "A.",
            "U",
            "A.\n\n" + " ".join(["word"] * 60),
            "headline changed; +1 paragraph (+60 words, -0)",
        ),
        ("T", "A.\n\nB c d.", "T", "A.", "-1 paragraph (+0 words, -3)"),
        (
            "T",
            "A.",
            "T",
            "A.\n\nCorrection: a fix.",
            "+1 paragraph (+3 words, -0); correction appended",
        ),
        ("T", TWENTY, "T", TWENTY.replace("w3", "x3"), "~1 paragraph (+1 word, -1); minor wording"),
    ],
)
def test_summary_is_one_line_from_the_labels(
    old_title: str, old_body: str, new_title: str, new_body: str, summary: str
) -> None:
    diff = diff_revisions(
        {"number": 1, "title": old_title, "text": old_body},
        {"number": 2, "title": new_title, "text": new_body},
    )
    assert summarize(diff) == summary
    assert "\n" not in summarize(diff)


def test_summary_mentions_field_changes_after_the_body() -> None:
    diff = diff_revisions(
        {"number": 1, "title": "T", "text": "A.", "modified": None, "section": "World"},
        {"number": 2, "title": "T", "text": "A.\n\nB.", "modified": "x", "section": "Syria"},
    )
    assert summarize(diff) == "+1 paragraph (+1 word, -0); dates changed; section changed"
