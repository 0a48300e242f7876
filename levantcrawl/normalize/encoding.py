"""Bytes to text when the server's charset label may be wrong: never U+FFFD, never mojibake.

Valid UTF-8 with non-ASCII bytes is almost never anything else, so it wins over any label
(Arabic UTF-8 served as windows-1256 would otherwise decode into "Ø§Ù„..."). Otherwise the
declared charset is used if it decodes cleanly, and the bytes' own statistics decide last."""

from __future__ import annotations

import codecs
from typing import TYPE_CHECKING

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

if TYPE_CHECKING:
    from collections.abc import Mapping


def _decodes(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def content_type_of(headers: Mapping[str, str]) -> str | None:
    """The Content-Type of a capture's headers (names in any case; several values joined
    by ", ", as the capture keeps them): what decode_html is given, in the crawl process,
    in its extraction workers and in reextract alike."""
    return next((v for k, v in headers.items() if k.lower() == "content-type"), None)


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(text, encoding used) for an HTML body and its Content-Type header."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", "replace"), "utf-8"
    if not body.isascii() and (text := _decodes(body, "utf-8")) is not None:
        return text, "utf-8"
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared and (text := _decodes(body, declared)) is not None and "\ufffd" not in text:
        return text, declared
    best = from_bytes(body).best()
    if best is not None and best.encoding:
        return str(best), best.encoding
    return body.decode(declared or "utf-8", "replace"), declared or "utf-8"


# Control characters no text has; tab, newline, form feed and carriage return are text.
_CONTROLS = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13))


def looks_binary(body: bytes) -> bool:
    """A PDF, an image or random bytes whatever the Content-Type says: NUL bytes or many
    control characters in the first kilobytes, which no HTML page has."""
    head = body[:4096]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))  # counted in C
    return controls > len(head) * 0.05
