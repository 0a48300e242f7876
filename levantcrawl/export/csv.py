"""CSV: one article per row; list fields joined with "; " so spreadsheets read them."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING, Any, TextIO

from levantcrawl.export.records import FIELDS

if TYPE_CHECKING:
    from collections.abc import Iterable


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else value


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    count = 0
    for record in records:
        writer.writerow({key: _cell(record.get(key)) for key in FIELDS})
        count += 1
    return count
