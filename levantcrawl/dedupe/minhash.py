"""MinHash signatures of an article's words, and the band keys that find its near copies.

Shingles are runs of three words of the normalised title and body: short enough that a
copy with a rewritten paragraph or a handful of changed words keeps most of them, long
enough that two separate stories on the same topic share few. The signature estimates the
Jaccard similarity of two articles' shingle sets; 42 bands of 3 rows make any pair above
about 0.3 a candidate, and candidates are then compared on the whole signature."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

SHINGLE_WORDS = 3
NUM_PERM = 128
BANDS = 42
ROWS = 3
SEED = 1
_VALUE_BYTES = 4  # a signature is NUM_PERM little-endian 32-bit values
_WORD = re.compile(r"\w+", re.UNICODE)
# "Opinion | X - Levant News": the story is the longest part between separators.
_TITLE_PARTS = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_DIACRITICS = re.compile(r"[\u064B-\u0652\u0640]")  # Arabic harakat and tatweel


def story_title(title: str) -> str:
    """A title without its site-name and rubric parts."""
    parts = [p.strip() for p in _TITLE_PARTS.split(title) if p.strip()]
    return max(parts, key=len) if parts else ""


def words(text: str) -> list[str]:
    folded = _DIACRITICS.sub("", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall(folded)


def shingles(title: str, paragraphs: Sequence[str]) -> set[bytes]:
    """Word 3-grams of the story title and body; a tiny text gives its words alone."""
    tokens = words(story_title(title)) + [w for p in paragraphs for w in words(p)]
    if len(tokens) < SHINGLE_WORDS:
        return {t.encode() for t in tokens}
    return {
        " ".join(tokens[i : i + SHINGLE_WORDS]).encode()
        for i in range(len(tokens) - SHINGLE_WORDS + 1)
    }


def signature(title: str, paragraphs: Sequence[str]) -> bytes:
    """The MinHash signature as bytes (512), ready to store."""
    # Imported here: datasketch brings numpy and scipy, a second of start-up that every
    # command reading the archive (through this module's band keys) would otherwise pay.
    import numpy as np
    from datasketch import MinHash

    permutations, scheme = _permutations()
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=permutations, scheme=scheme)
    minhash.update_batch(list(shingles(title, paragraphs)))
    # MinHash values are below 2**32 (datasketch hashes to 32 bits): four bytes each.
    return np.asarray(minhash.hashvalues, dtype=np.uint64).astype("<u4").tobytes()


def prepare_signatures() -> None:
    """Import datasketch and draw the permutations now, before the first signature."""
    _permutations()


@cache
def _permutations() -> tuple[Any, Any]:
    """The seed's permutations and hashing scheme, drawn once per process: drawing them
    was a fifth of the cost of signing an article."""
    from datasketch import MinHash

    drawn = MinHash(num_perm=NUM_PERM, seed=SEED)
    return drawn.permutations, drawn.scheme


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the two articles' shingle sets."""
    return similarities(a, [b])[0]


def similarities(sig: bytes, others: Sequence[bytes]) -> list[float]:
    """similarity(sig, other) for each of `others`, compared in one numpy operation (six
    times faster than a Python loop even for one; the store compares each stored article
    with up to 64 candidates). numpy is imported here, as in signature(), for start-up."""
    import numpy as np

    if not others:
        return []
    mine = np.frombuffer(sig, dtype="<u4")
    theirs = np.frombuffer(b"".join(others), dtype="<u4").reshape(len(others), len(mine))
    return [float(n) / len(mine) for n in np.count_nonzero(theirs == mine, axis=1)]


def band_keys(sig: bytes) -> list[str]:
    """One key per band: two articles sharing any key are compared."""
    width = ROWS * _VALUE_BYTES
    keys = []
    for band in range(BANDS):
        chunk = sig[band * width : (band + 1) * width]
        digest = hashlib.blake2b(chunk, digest_size=10, person=band.to_bytes(2, "big")).hexdigest()
        keys.append(f"{band:02d}{digest}")
    return keys
