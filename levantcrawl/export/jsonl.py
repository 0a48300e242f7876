"""JSON Lines: one record per line, UTF-8, keys in schema order; loads with pandas
(`read_json(lines=True)`) and Hugging Face datasets (`load_dataset("json")`)."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


class JsonlWriter:
    suffix = ".jsonl"

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out

    @classmethod
    def to_file(cls, path: Path) -> JsonlWriter:
        return cls(path.open("wb"))

    def write(self, record: dict[str, Any]) -> None:
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        self._out.write(line.encode("utf-8") + b"\n")

    def close(self) -> None:
        self._out.close()
