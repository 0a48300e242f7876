"""A page's headline: the one on the page, in plain text, without the site's name.

The <title> and og:title carry the site ("Talks resume | The Ledger", "Golem.de: ...") and,
on many sites, entities escaped twice ("&quot;", "&ouml;" as text). Names of the site are
what it calls itself (og:site_name, the JSON-LD publisher), its host ("golem.de", "golem")
and, with a site model, the part its titles repeat on every page. The visible <h1> wins
where it and the title differ only by such parts; an <h1> that says something else (the
site's logo, a section's name) does not."""

from __future__ import annotations

import html
import re
import unicodedata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable

_SPACE = re.compile(r"\s+")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});", re.IGNORECASE)
# Separators between a headline and the site's name: " | ", " - ", " – ", " — ", " · ",
# " :: ", " » ", and "Site: Headline".
_SEPARATOR = re.compile(r"\s+(?:[|\-–—·»]|::)\s+|(?<=\w):\s+")
_SUFFIX = re.compile(r"\s+(?:[|\-–—·»]|::)\s+([^|\-–—·»]{2,60})$")
_MAX_SUFFIX_WORDS = 5
_KEY = re.compile(r"[\W_]+")
_MIN_HEADLINE_WORDS = 2


def clean_text(text: str | None) -> str:
    """Entities unescaped (twice-escaped ones too), whitespace collapsed, NFC."""
    text = text or ""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return unicodedata.normalize("NFC", _SPACE.sub(" ", text).strip())


def _key(text: str) -> str:
    return _KEY.sub("", text.casefold())


def site_keys(names: Iterable[str | None], host: str) -> frozenset[str]:
    """Comparison keys of every name of the site and of its host: whole ("golemde") and its
    registered name alone ("golem" of golem.de, "example" of news.example.co.uk)."""
    host = host.lower().removeprefix("www.")
    keys = {_key(clean_text(name)) for name in names if name}
    if host:
        labels = host.split(".")
        keys.add(_key(host))
        if len(labels) >= 2:
            second_level = len(labels) >= 3 and len(labels[-2]) <= 3  # .co.uk, .com.au
            keys.add(_key(labels[-3] if second_level else labels[-2]))
    return frozenset(key for key in keys if len(key) > 1)


def _is_site(part: str, keys: frozenset[str]) -> bool:
    """The part is the site's name, or one of them with a few letters more ("Golem.de" for
    golem, "SPIEGEL ONLINE" for spiegel)."""
    key = _key(part)
    if not key or len(part.split()) > 6:
        return False
    return key in keys or any(
        len(k) >= 4 and len(key) - len(k) <= 6 and (key.startswith(k) or key.endswith(k))
        for k in keys
    )


def strip_site(title: str, keys: frozenset[str]) -> str:
    """The title without leading or trailing parts that name the site."""
    parts = [p for p in _split(title) if p[1].strip()]
    if len(parts) < 2:
        return title
    while len(parts) > 1 and _is_site(parts[-1][1], keys):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0][1], keys):
        parts.pop(0)
    start, end = parts[0][0], parts[-1][0] + len(parts[-1][1])
    return title[start:end].strip()


def _split(title: str) -> list[tuple[int, str]]:
    """(offset, text) of each part between separators."""
    out: list[tuple[int, str]] = []
    position = 0
    for match in _SEPARATOR.finditer(title):
        out.append((position, title[position : match.start()]))
        position = match.end()
    out.append((position, title[position:]))
    return out


def heading_text(element: Any) -> str:
    """An <h1>'s text, its pieces apart: a kicker in a <span> before the headline is a word
    of its own ("Einheit der Woche" + "Lagen-Pyramide", not "WocheLagen-Pyramide")."""
    return clean_text(" ".join(element.itertext()))


def same_headline(a: str, b: str) -> bool:
    return bool(a) and _key(a) == _key(b)


def choose_title(
    *,
    headings: list[str],
    headline: str,
    declared: list[str],
    keys: frozenset[str],
) -> str | None:
    """`headings` are the page's <h1>s in order, `headline` the JSON-LD headline, `declared`
    it, og:title and <title>, in that order of trust; all cleaned with clean_text. An <h1>
    that is a declared title once the site's name is gone wins; one that holds a declared
    title and a kicker ("Politics | Mayor elected") gives way to that title. Else the
    JSON-LD headline, else the first <h1> of two words or more, else the first declared
    title, without the site's name and, where no name of the site is in it, without a short
    last part after a separator ("Villa Galaxy - Ferienvilla in Florida")."""
    stripped = [strip_site(title, keys) for title in declared if title]
    for heading in headings:
        if any(same_headline(heading, title) for title in (*stripped, *declared)):
            return heading
        if title := _held_by(heading, stripped):
            return title
    if headline and not _is_site(headline, keys):  # the publisher's own, beside no <h1>
        return strip_site(headline, keys)
    for heading in headings:
        if len(heading.split()) >= _MIN_HEADLINE_WORDS and not _is_site(heading, keys):
            return heading
    for title in stripped:
        if title and not _is_site(title, keys):
            return _without_suffix(title)
    return None


def _held_by(heading: str, titles: list[str]) -> str | None:
    """The declared title an <h1> holds with a kicker or label beside it."""
    outer = _key(heading)
    for title in titles:
        inner = _key(title)
        long_enough = len(title.split()) >= _MIN_HEADLINE_WORDS and len(inner) * 2 >= len(outer)
        if long_enough and inner in outer:
            return title
    return None


def _without_suffix(title: str) -> str:
    """ "Headline | Somebody's blog" -> "Headline": a last part of a few words, after a
    separator, is the site's name on most sites that print one."""
    match = _SUFFIX.search(title)
    if match is None or len(match.group(1).split()) > _MAX_SUFFIX_WORDS:
        return title
    head = title[: match.start()].strip()
    return head if len(head.split()) >= _MIN_HEADLINE_WORDS else title
