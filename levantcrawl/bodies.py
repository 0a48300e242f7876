"""The compression of stored response bodies.

New bodies are Zstandard frames (level 3): nine times faster to write than zlib at level 6
for about 5% more bytes, and three times faster to read back (re-extraction and WARC export
read every body). Archives written before hold zlib streams; each body says which it is by
its first bytes, so both are read without a migration."""

from __future__ import annotations

import threading
import zlib

import zstandard

LEVEL = 3
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"  # RFC 8878, section 3.1.1
# zlib's CMF byte (RFC 1950): deflate with a 32 KiB window or smaller, as zlib.compress wrote.
_ZLIB_CMF = frozenset(b"\x08\x18\x28\x38\x48\x58\x68\x78")


class _Codecs(threading.local):
    """One compressor and decompressor per thread: their contexts are reused between calls,
    and may not be shared by threads."""

    def __init__(self) -> None:
        self.compressor = zstandard.ZstdCompressor(level=LEVEL)
        self.decompressor = zstandard.ZstdDecompressor()


_CODECS = _Codecs()


class CorruptBody(ValueError):
    """A stored body that neither codec can read."""


def compress(body: bytes) -> bytes:
    return _CODECS.compressor.compress(body)


def decompress(stored: bytes) -> bytes:
    try:
        if stored.startswith(_ZSTD_MAGIC):
            # The frame records its size (compress() writes it), which this call needs.
            return _CODECS.decompressor.decompress(stored)
        if stored[:1] and stored[0] in _ZLIB_CMF:
            return zlib.decompress(stored)
    except (zstandard.ZstdError, zlib.error) as exc:
        raise CorruptBody(f"a stored body ({len(stored)} bytes) is damaged: {exc}") from exc
    raise CorruptBody(f"a stored body ({len(stored)} bytes) is in no known compression")
