"""Bodies no honest page has: a gzip bomb, an oversized page, binary files, random bytes.

Big bodies are generated lazily, chunk by chunk, while the client reads; nothing here ever
holds more than a few kilobytes of them in memory."""

from __future__ import annotations

import random
import struct
import zlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

MIB = 1024 * 1024
# What the bomb inflates to: 2 GiB of spaces behind a small HTML head.
BOMB_INFLATED_MIB = 2048
# Declared (and, if the client keeps reading, sent) size of the oversized page: 50 MiB.
HUGE_BYTES = 50 * MIB
_GZIP_TRAILER_BLOCK = b"\x03\x00"  # an empty final deflate block (fixed Huffman)
_BOMB_REPEATS_PER_WRITE = 64


def _deflate_parts(prefix: bytes) -> tuple[bytes, bytes]:
    """The gzip stream's head (header + `prefix` + one MiB of spaces) and the bytes of one
    more MiB of spaces. After a full flush the compressor forgets its history, so the same
    input always compresses to the same bytes: the stream is the head, the repeated part
    many times, and a trailer."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # wbits 31: gzip framing
    spaces = b" " * MIB
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    head += compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(spaces) + compressor.flush(zlib.Z_FULL_FLUSH)
    assert repeated == again, "a full flush must make every repeated MiB compress alike"
    return head, repeated


@cache
def _bomb_parts(prefix: bytes, inflated_mib: int) -> tuple[bytes, bytes, int]:
    head, repeated = _deflate_parts(prefix)
    length = len(head) + (inflated_mib - 1) * len(repeated) + len(_GZIP_TRAILER_BLOCK) + 8
    return head, repeated, length


@cache
def _bomb_trailer(prefix: bytes, inflated_mib: int) -> bytes:
    """CRC-32 and size of the inflated data: computed only if a client reads this far."""
    spaces = b" " * MIB
    crc = zlib.crc32(prefix)
    for _ in range(inflated_mib):
        crc = zlib.crc32(spaces, crc)
    size = (len(prefix) + inflated_mib * MIB) & 0xFFFFFFFF
    return _GZIP_TRAILER_BLOCK + struct.pack("<II", crc, size)


def gzip_bomb_length(prefix: bytes, inflated_mib: int = BOMB_INFLATED_MIB) -> int:
    """Compressed size of `gzip_bomb(prefix, inflated_mib)`: the honest Content-Length."""
    return _bomb_parts(prefix, inflated_mib)[2]


def gzip_bomb(prefix: bytes, inflated_mib: int = BOMB_INFLATED_MIB) -> Iterator[bytes]:
    """A valid gzip stream of `prefix` then `inflated_mib` MiB of spaces, yielded in
    compressed chunks of about 64 KiB (about 1 KiB per inflated MiB)."""
    head, repeated, _ = _bomb_parts(prefix, inflated_mib)
    yield head
    left = inflated_mib - 1
    while left > 0:
        count = min(left, _BOMB_REPEATS_PER_WRITE)
        yield repeated * count
        left -= count
    yield _bomb_trailer(prefix, inflated_mib)


def sized_filler(prefix: bytes, line: bytes, total: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    """Exactly `total` bytes: `prefix`, then `line` over and over, in chunks."""
    block = line * max(1, chunk // len(line))
    sent = 0
    first = prefix[:total]
    yield first
    sent += len(first)
    while sent < total:
        piece = block[: total - sent]
        yield piece
        sent += len(piece)


def random_bytes(size: int, seed: int) -> bytes:
    """Noise that is no text in any encoding (seeded: the same bytes on every run)."""
    return random.Random(seed).randbytes(size)


def pdf_document(text: str) -> bytes:
    """A small but well-formed one-page PDF that prints `text` (ASCII)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_image(width: int = 16, height: int = 16) -> bytes:
    """A valid grey PNG; its signature and IHDR chunk name are what the archive must not hold."""
    rows = b"".join(b"\x00" + bytes([(x * 16) & 0xFF for x in range(width)]) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows))
        + _png_chunk(b"IEND", b"")
    )


def deeply_nested(depth: int, inner: str) -> str:
    """`inner` wrapped in `depth` nested <div> elements."""
    return "<div>" * depth + inner + "</div>" * depth
