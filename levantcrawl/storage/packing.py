"""Older revisions are stored as a delta against the next newer one: ten revisions with
small edits cost little more than one. Pure functions: paragraphs in, bytes out."""

from __future__ import annotations

import difflib
import json
import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

# Ops: ["=", start, end] copies newer[start:end]; ["+", [paragraphs...]] writes them.
_FORMAT = 1


def pack(older: Sequence[str], newer: Sequence[str]) -> bytes:
    """What turns `newer` back into `older`, compressed."""
    matcher = difflib.SequenceMatcher(a=newer, b=older, autojunk=False)
    ops: list[Any] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            ops.append(["=", i1, i2])
        elif j2 > j1:
            ops.append(["+", list(older[j1:j2])])
    payload = json.dumps({"v": _FORMAT, "ops": ops}, ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(payload.encode("utf-8"), 9)


def unpack(delta: bytes, newer: Sequence[str]) -> list[str]:
    data = json.loads(zlib.decompress(delta))
    if data.get("v") != _FORMAT:
        raise ValueError(f"unknown revision delta format {data.get('v')!r}")
    out: list[str] = []
    for op in data["ops"]:
        if op[0] == "=":
            out.extend(newer[op[1] : op[2]])
        else:
            out.extend(op[1])
    return out
