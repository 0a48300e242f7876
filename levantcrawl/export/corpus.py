"""Write a corpus export into a folder: the data files and manifest.json.

The manifest says what was asked (filters, revisions), what came out (counts per file) and
how to check it (sha256 and size of each file), with the schema version and field list."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

from levantcrawl import __version__
from levantcrawl.export.csv import CsvWriter
from levantcrawl.export.jsonl import JsonlWriter
from levantcrawl.export.query import ExportFilter, Revisions, iter_records
from levantcrawl.export.schema import SCHEMA_VERSION, describe
from levantcrawl.export.textdir import CHECKSUMS, TextFolderWriter
from levantcrawl.normalize.dates import iso_utc

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from pathlib import Path

    from sqlalchemy.orm import Session

CorpusFormat = Literal["jsonl", "csv", "parquet", "text"]
MANIFEST = "manifest.json"
STEM = "articles"


class RecordWriter(Protocol):
    def write(self, record: dict[str, Any]) -> None: ...
    def close(self) -> None: ...


def _parquet_file(path: Path) -> RecordWriter:
    # Imported here: pyarrow is a third of a second of start-up for every other export.
    from levantcrawl.export.parquet import ParquetWriter

    return ParquetWriter.to_file(path)


FILE_WRITERS: dict[str, Callable[[Path], RecordWriter]] = {
    "jsonl": JsonlWriter.to_file,
    "csv": CsvWriter.to_file,
    "parquet": _parquet_file,
}
SUFFIXES = {"jsonl": JsonlWriter.suffix, "csv": CsvWriter.suffix, "parquet": ".parquet"}


@dataclass(frozen=True, slots=True)
class CorpusRequest:
    format: CorpusFormat
    filters: ExportFilter
    revisions: Revisions = "latest"
    shard_size: int = 0  # records per data file; 0: one file


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_entry(folder: Path, name: str, records: int) -> dict[str, Any]:
    path = folder / name
    return {
        "path": name,
        "records": records,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def export_corpus(
    session: Session,
    request: CorpusRequest,
    folder: Path,
    *,
    source: str,
    progress: Callable[[int], None] = lambda _n: None,
) -> dict[str, Any]:
    """Stream matching records into `folder` (which exists and is empty); return the manifest,
    also written there as manifest.json."""
    records = iter_records(session, request.filters, request.revisions)
    if request.format == "text":
        files, counts = _write_text(records, folder, request, progress)
    else:
        files, counts = _write_shards(records, folder, request, progress)
    manifest = {
        "levantcrawl_version": __version__,
        "schema_version": SCHEMA_VERSION,
        "created_at": iso_utc(datetime.now(UTC)),
        "source": source,
        "format": request.format,
        "revisions": request.revisions,
        "filters": request.filters.as_dict(),
        "order": ["id", "revision"],
        "counts": counts,
        "files": files,
        "fields": describe(),
    }
    write_manifest(folder, manifest)
    return manifest


def write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
    (folder / MANIFEST).write_text(text, encoding="utf-8")


class _Counter:
    """Records and distinct articles; ids arrive in order, so one remembered id suffices."""

    def __init__(self) -> None:
        self.records = 0
        self.articles = 0
        self._last_id: int | None = None

    def add(self, record: dict[str, Any]) -> None:
        self.records += 1
        if record["id"] != self._last_id:
            self.articles += 1
            self._last_id = record["id"]

    def as_dict(self) -> dict[str, int]:
        return {"records": self.records, "articles": self.articles}


def _write_shards(
    records: Iterable[dict[str, Any]],
    folder: Path,
    request: CorpusRequest,
    progress: Callable[[int], None],
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    make = FILE_WRITERS[request.format]
    suffix = SUFFIXES[request.format]
    counter = _Counter()
    files: list[dict[str, Any]] = []

    def shard_name(index: int) -> str:
        return f"{STEM}-{index:05d}{suffix}" if request.shard_size else f"{STEM}{suffix}"

    index, in_shard = 0, 0
    writer = make(folder / shard_name(index))
    for record in records:
        if request.shard_size and in_shard == request.shard_size:
            writer.close()
            files.append(file_entry(folder, shard_name(index), in_shard))
            index, in_shard = index + 1, 0
            writer = make(folder / shard_name(index))
        writer.write(record)
        in_shard += 1
        counter.add(record)
        progress(1)
    writer.close()
    files.append(file_entry(folder, shard_name(index), in_shard))
    return files, counter.as_dict()


def _write_text(
    records: Iterable[dict[str, Any]],
    folder: Path,
    request: CorpusRequest,
    progress: Callable[[int], None],
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    writer = TextFolderWriter(folder, every_revision=request.revisions == "all")
    counter = _Counter()
    try:
        for record in records:
            writer.write(record)
            counter.add(record)
            progress(1)
    finally:
        writer.close()
    # The checksum file lists every text file; the manifest vouches for the checksum file.
    return [file_entry(folder, CHECKSUMS, writer.files)], counter.as_dict()
