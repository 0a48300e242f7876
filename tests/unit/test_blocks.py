"""trafilatura's output read as blocks: each piece of text once, in NFC."""

from __future__ import annotations

import unicodedata

import pytest
from lxml import etree

from levantcrawl.extraction.article import extract_article
from levantcrawl.extraction.blocks import body_blocks

pytestmark = pytest.mark.unit


def test_a_cell_holding_paragraphs_is_read_once() -> None:
    body = etree.fromstring(
        "<body><table><row><cell>Loose words <p>First para.</p><p>Second "
        '<ref target="/x">link</ref>.</p></cell></row></table></body>'
    )
    assert body_blocks(body) == [
        ("Loose words", []),
        ("First para.", []),
        ("Second link.", [("/x", "link")]),
    ]


def test_a_nested_list_is_not_repeated_by_its_item() -> None:
    body = etree.fromstring(
        "<body><list><item>Outer<list><item>Inner</item></list></item></list></body>"
    )
    assert [text for text, _ in body_blocks(body)] == ["Outer", "Inner"]


def test_text_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Größe")
    body = etree.fromstring(f"<body><p>{decomposed}</p></body>")
    assert body_blocks(body) == [("Größe", [])]


def test_soft_hyphens_and_zero_width_spaces_are_no_part_of_a_word() -> None:
    body = etree.fromstring("<body><p>Wehr\u00adan\u00adlage und Bar\u200bolo</p></body>")
    assert body_blocks(body) == [("Wehranlage und Barolo", [])]


def test_no_text_is_lost_after_a_comment() -> None:
    words = " ".join(f"word{i}" for i in range(30))
    html = (
        f"<html><body><article><p>{words}: the man had suffered <!-- ad --> very serious "
        "injuries, the police said.</p></article></body></html>"
    )
    text = extract_article(html, "https://example.com/news/1").text
    assert "the man had suffered very serious injuries, the police said." in text
