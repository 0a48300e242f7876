"""Article text on real pages (tests/fixtures/realpages/pages.toml), each read alone.

Every page holds a pattern that once cost text or let furniture in: comments inside
paragraphs, blocks read twice, loose text around links, teasers, bodies that live in JSON,
hidden elements, titles with entities and site names. On every page: what the article says
is there, what it does not say is not, no sentence after a comment is lost, and no more
than a tenth of the text is a repeat."""

from __future__ import annotations

import gzip
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml import html as lxml_html

from levantcrawl.extraction.article import extract_article
from levantcrawl.normalize.encoding import decode_html

pytestmark = pytest.mark.component
FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "realpages"
PAGES: dict[str, dict[str, Any]] = tomllib.loads((FOLDER / "pages.toml").read_text("utf-8")).get(
    "pages", {}
)
_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
_REPEAT_WINDOW = 8  # words: shorter windows repeat in any long text (names, set phrases)
_MAX_REPEATED = 0.10
_CHECK_WORDS = 4


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def repeated_share(text: str) -> float:
    """The share of the text's 8-word windows that repeat an earlier one."""
    words = _WORD.findall(text)
    windows = Counter(
        tuple(words[i : i + _REPEAT_WINDOW]) for i in range(len(words) - _REPEAT_WINDOW + 1)
    )
    total = sum(windows.values())
    return sum(count - 1 for count in windows.values()) / total if total else 0.0


def words_after_comments(html: str, kept: str) -> list[tuple[str, str]]:
    """(words before, words after) each comment inside text whose words before it are in the
    extracted text: the words after it must be there too."""
    tree = lxml_html.fromstring(html.encode("utf-8"))
    pairs = []
    flat_words = " ".join(_WORD.findall(kept))
    for comment in tree.iter(etree.Comment):
        parent = comment.getparent()
        if parent is None or not any(a.tag == "p" for a in (parent, *parent.iterancestors())):
            continue  # only a comment inside a paragraph: its words after are the same text
        after = _WORD.findall(comment.tail or "")[:_CHECK_WORDS]
        before_element = comment.getprevious()
        before_text = (before_element.tail if before_element is not None else parent.text) or ""
        before = _WORD.findall(before_text)[-_CHECK_WORDS:]
        whole = len(after) == _CHECK_WORDS and len(before) == _CHECK_WORDS
        if whole and " ".join(before) in flat_words:
            pairs.append((" ".join(before), " ".join(after)))
    return pairs


def _read(name: str) -> tuple[str, Any]:
    html = decode_html(gzip.decompress((FOLDER / name).read_bytes()), None)[0]
    return html, extract_article(html, PAGES[name]["url"], learn=False)


def test_the_set_is_large_and_each_page_documented() -> None:
    assert len(PAGES) >= 40
    hosts = {re.sub(r"^www\.", "", page["url"].split("/")[2]) for page in PAGES.values()}
    assert len(hosts) >= 40
    for name, page in PAGES.items():
        assert (FOLDER / name).is_file(), name
        assert page["url"].startswith(("http://", "https://")), name
        assert page["source"], name
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page["fetched_at"]), name
        assert page["why"], name
        assert page["must"], f"{name}: a page with nothing to check checks nothing"


@pytest.mark.parametrize("name", sorted(PAGES), ids=lambda name: name.removesuffix(".html.gz"))
def test_a_real_page_keeps_its_article_and_nothing_else(name: str) -> None:
    expected = PAGES[name]
    html, extracted = _read(name)
    text = _flat(extracted.text)
    for snippet in expected["must"]:
        assert _flat(snippet) in text, f"lost: {snippet!r} ({expected['why']})"
    for snippet in expected.get("must_not", []):
        assert _flat(snippet) not in text, f"kept: {snippet!r} ({expected['why']})"
    if "title" in expected:
        assert extracted.title == expected["title"]
    assert repeated_share(extracted.text) <= _MAX_REPEATED
    for before, after in words_after_comments(html, extracted.text):
        assert after in " ".join(_WORD.findall(extracted.text)), (
            f"the words after a comment are lost: {before!r} … {after!r}"
        )
