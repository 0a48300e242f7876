"""CSV: one record per row, a header of the schema's field names. List and link fields are
JSON arrays in their cell, so a name with a comma or semicolon survives the round trip."""

from __future__ import annotations

import csv
import io
import json
from typing import IO, TYPE_CHECKING, Any

from levantcrawl.export.schema import FIELD_NAMES

if TYPE_CHECKING:
    from pathlib import Path


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return "" if value is None else value


class CsvWriter:
    suffix = ".csv"

    def __init__(self, out: IO[bytes]) -> None:
        self._text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
        self._rows = csv.writer(self._text, lineterminator="\n")
        self._rows.writerow(FIELD_NAMES)

    @classmethod
    def to_file(cls, path: Path) -> CsvWriter:
        return cls(path.open("wb"))

    def write(self, record: dict[str, Any]) -> None:
        self._rows.writerow([_cell(record[name]) for name in FIELD_NAMES])

    def close(self) -> None:
        self._text.close()
