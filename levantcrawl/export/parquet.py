"""Parquet: a fixed Arrow schema built from export/schema.py, written in row groups so
memory stays flat. Times are UTC timestamps; lists are lists; outlinks a list of structs."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from levantcrawl.export.schema import FIELDS, OUTLINK, SCHEMA_VERSION

if TYPE_CHECKING:
    from pathlib import Path

    from levantcrawl.export.schema import Kind

ROW_GROUP = 2000  # records per row group: a few MB of text, read back one group at a time
_TIME = pa.timestamp("us", tz="UTC")


def _arrow_type(kind: Kind) -> pa.DataType:
    match kind:
        case "int":
            return pa.int64()
        case "float":
            return pa.float64()
        case "str":
            return pa.string()
        case "time":
            return _TIME
        case "strings":
            return pa.list_(pa.string())
        case "links":
            return pa.list_(pa.struct([(name, _arrow_type(sub)) for name, sub in OUTLINK]))


ARROW_SCHEMA = pa.schema(
    [pa.field(field.name, _arrow_type(field.kind), nullable=field.nullable) for field in FIELDS],
    metadata={"levantcrawl_export_schema": SCHEMA_VERSION},
)
_TIMES = tuple(field.name for field in FIELDS if field.kind == "time")


def _arrow_values(record: dict[str, Any]) -> dict[str, Any]:
    """ISO strings back to datetimes, which Arrow stores as timestamps."""
    row = dict(record)
    for name in _TIMES:
        if row[name] is not None:
            row[name] = datetime.fromisoformat(row[name])
    return row


class ParquetWriter:
    suffix = ".parquet"

    def __init__(self, path: Path) -> None:
        self._writer = pq.ParquetWriter(path, ARROW_SCHEMA, compression="zstd")
        self._pending: list[dict[str, Any]] = []

    @classmethod
    def to_file(cls, path: Path) -> ParquetWriter:
        return cls(path)

    def write(self, record: dict[str, Any]) -> None:
        self._pending.append(_arrow_values(record))
        if len(self._pending) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            table = pa.Table.from_pylist(self._pending, schema=ARROW_SCHEMA)
            self._writer.write_table(table)
            self._pending = []

    def close(self) -> None:
        self._flush()
        self._writer.close()
