"""Which reading of a page read alone is its article, by evidence.

Three readings: trafilatura's (its blocks, as levantcrawl filtered them), the density
reading (reading.py: where readability looks) and a body the page states in JSON (JSON-LD
articleBody, or the state a script framework embeds). What decides, in order:

1. Length against a JSON body. When the HTML reading holds less than half the words of
   the page's own JSON body, the article did not render in the HTML: the JSON body wins.
2. A failed reading. When trafilatura's keeps almost nothing and the density reading finds
   prose, the density reading wins.
3. Agreement. When the density reading lies inside trafilatura's (nine tenths of its text
   shared) and is most of it, the two agree on where the article is; what trafilatura kept
   after that stretch is dropped unless it is prose (a long block ending as a sentence
   ends): headlines of other stories, newsletter boxes, credits, link lists. What comes
   before it stays: a standfirst or a subtitle the density reading does not score.
4. Repeated text and teasers. A block repeating an earlier one is dropped, and a heading
   that opens a list of other stories ("Top stories", "Partner news", "Lesen Sie auch")
   ends the article where the text before it is most of it.
5. Two parts of one story. When the two HTML readings share nothing and each is prose,
   they read two sections of an article split around an advertisement: both are kept, in
   the page's order (of the density reading, its prose blocks).
Otherwise trafilatura's reading stands.

After the choice, a standfirst the chosen reading lacks opens the article (standfirst.py)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from levantcrawl.extraction.jsonbody import embedded_body, paragraphs_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from levantcrawl.extraction.blocks import Block

_TOKEN = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?\"”’)…:;»」。؟]\s*$")
_SHINGLE = 4
_JSON_SHARE = 0.5  # the HTML reading below this share of the JSON body's words
_MIN_JSON_WORDS = 80
_FAILED_WORDS = 50  # trafilatura's reading below this is no article
_AGREEMENT = 0.9  # share of the density reading found in trafilatura's
_AT_MOST_SHARED = 0.95  # and trafilatura's reading has a twentieth or more besides it
_DENSITY_SHARE = 0.7  # the density reading at least this share of trafilatura's words
_MIN_PROSE_WORDS = 15
_DISJOINT = 0.05  # readings sharing at most this share of the shorter one's text
_MIN_REPEAT_WORDS = 5
_TEASER_AFTER = 0.5  # a teaser heading ends the article only after half its words
_TEASER_HEADINGS = frozenset(
    {
        "top stories",
        "partner news",
        "more stories",
        "related stories",
        "related articles",
        "related news",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "most read",
        "most popular",
        "more news",
        "latest news",
        "trending",
        "trending now",
        "also on",
        "read next",
        "more from",
        "popular stories",
        "weitere artikel",
        "mehr zum thema",
        "lesen sie auch",
        "das könnte sie auch interessieren",
        "à lire aussi",
        "lire aussi",
        "leggi anche",
        "te puede interesar",
        "noticias relacionadas",
        "relacionadas",
        "اقرأ أيضا",
        "اقرأ أيضاً",
        "مواضيع ذات صلة",
        "الأكثر قراءة",
        "أخبار ذات صلة",
    }
)


_Shingles = set[tuple[str, ...]]


def _words(blocks: list[Block]) -> int:
    return sum(len(text.split()) for text, _ in blocks)


def _shingles(text: str) -> _Shingles:
    """The text's 4-token windows (the text's tokens as one, when fewer)."""
    tokens = _TOKEN.findall(text)
    if len(tokens) < _SHINGLE:
        return {tuple(tokens)}
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:], strict=False))


def _prose(text: str) -> bool:
    return len(text.split()) >= _MIN_PROSE_WORDS and bool(_SENTENCE_END.search(text))


def _as_blocks(paragraphs: list[str]) -> list[Block]:
    return [(text, []) for text in paragraphs if text]


def _trimmed(ours: list[Block], density: list[str], mine: _Shingles) -> list[Block] | None:
    """Rule 3: trafilatura's blocks up to the end of the stretch the density reading agrees
    on, and prose after it; None when the readings do not agree."""
    ours_words, density_words = _words(ours), sum(len(p.split()) for p in density)
    if density_words < _FAILED_WORDS or density_words < _DENSITY_SHARE * ours_words:
        return None
    theirs = _shingles("\n".join(density))
    shared = len(mine & theirs)
    if not theirs or shared < _AGREEMENT * len(theirs) or shared > _AT_MOST_SHARED * len(mine):
        return None
    inside = []
    for index, (text, _) in enumerate(ours):
        block = _shingles(text)
        if block and 2 * len(block & theirs) >= len(block):
            inside.append(index)
    if not inside:
        return None
    last = inside[-1]
    return [block for index, block in enumerate(ours) if index <= last or _prose(block[0])]


def _joined(
    ours: list[Block], density: list[str], mine: _Shingles, first: Callable[[str, str], bool]
) -> list[Block] | None:
    """Rule 5: readings that share nothing, each of them prose, read two parts of one story
    (an article split in sections around an advertisement): both, in the page's order. Of
    the density reading, only its prose joins."""
    prose = [text for text in density if _prose(text)]
    if sum(len(p.split()) for p in prose) < _FAILED_WORDS or _words(ours) < _FAILED_WORDS:
        return None
    theirs = _shingles("\n".join(prose))
    if len(mine & theirs) > _DISJOINT * min(len(mine), len(theirs)):
        return None
    if first(prose[0], ours[0][0]):
        return [*_as_blocks(prose), *ours]
    return [*ours, *_as_blocks(prose)]


def _without_repeats_and_teasers(blocks: list[Block]) -> list[Block]:
    """Rule 4."""
    seen: set[str] = set()
    kept: list[Block] = []
    total = _words(blocks)
    so_far = 0
    for text, links in blocks:
        label = text.casefold().strip(" :：-–—|»>")
        if label in _TEASER_HEADINGS and so_far >= _TEASER_AFTER * total:
            break
        key = text.casefold()
        if len(text.split()) >= _MIN_REPEAT_WORDS and key in seen:
            continue
        seen.add(key)
        kept.append((text, links))
        so_far += len(text.split())
    return kept


def choose(
    ours: list[Block],
    density: list[str],
    json_ld_body: str | None,
    state_scripts: list[str],
    first: Callable[[str, str], bool] = lambda a, b: False,
) -> tuple[list[Block], str]:
    """The article's blocks and the name of the reading they come from. `first` tells
    whether one text comes before another on the page."""
    ours_words = _words(ours)
    json_ld = paragraphs_of(json_ld_body) if json_ld_body else []
    for name, body in (("json-ld", json_ld), ("embedded", None)):
        if body is None:  # parsing the page's state costs: only for a short HTML reading
            body = embedded_body(state_scripts) if ours_words < _FAILED_WORDS * 4 else []
        body_words = sum(len(p.split()) for p in body)
        if body_words >= _MIN_JSON_WORDS and ours_words < _JSON_SHARE * body_words:
            return _as_blocks(body), name
    density_words = sum(len(p.split()) for p in density)
    if ours_words < _FAILED_WORDS and density_words > 2 * ours_words:
        return _as_blocks(density), "density"
    mine = _shingles("\n".join(text for text, _ in ours))
    if (trimmed := _trimmed(ours, density, mine)) is not None and len(trimmed) < len(ours):
        return _without_repeats_and_teasers(trimmed), "trafilatura, trimmed to the density reading"
    if (joined := _joined(ours, density, mine, first)) is not None:
        return _without_repeats_and_teasers(joined), "trafilatura and the density reading"
    return _without_repeats_and_teasers(ours), "trafilatura"
