"""The store's writer process: one process writes for every crawl of a `levantcrawl crawl`
(one site, or each site of a site list), so SQLite never sees two writers and twenty sites
cost one process, not twenty.

Each call names its crawl by a `WriterRef`; the process opens that crawl's `BatchWriter` on
the first call that names it. A writer process that died and was replaced (workers.py) thus
picks up every crawl again at its next call, without being told."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from levantcrawl.storage.writer import BatchWriter, StoreOptions

if TYPE_CHECKING:
    from levantcrawl.storage.writer import StoredItem, WriteReport


@dataclass(frozen=True, slots=True)
class WriterRef:
    """What the writer process needs to write for one crawl."""

    db_url: str
    crawl_id: int
    options: StoreOptions


# This process's writers, by crawl id: the process is the writer, one per crawl run.
_writers: dict[int, BatchWriter] = {}


def _writer(ref: WriterRef) -> BatchWriter:
    found = _writers.get(ref.crawl_id)
    if found is None:
        found = _writers[ref.crawl_id] = BatchWriter(ref.db_url, ref.crawl_id, ref.options)
    return found


def open_crawl(ref: WriterRef) -> None:
    """Open the crawl's archive now (at the crawl's start), not at its first batch."""
    _writer(ref)


def write_batch(ref: WriterRef, batch: list[StoredItem]) -> WriteReport:
    return _writer(ref).write(batch)


def beat(ref: WriterRef) -> None:
    _writer(ref).beat()


def finish(ref: WriterRef, reason: str, stats: dict[str, Any]) -> WriteReport:
    """Close the crawl's record; its writer (and archive connection) goes with it."""
    try:
        return _writer(ref).finish(reason, stats)
    finally:
        _writers.pop(ref.crawl_id, None)
