"""The crawl's cold-start pass in its extraction workers: the stored pages read before the
site model had settled, read again with the model as the crawl ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from levantcrawl.extraction.jobs import read_and_sign_stored_batch

if TYPE_CHECKING:
    from levantcrawl.extraction.template import TemplateView
    from levantcrawl.reextract import ColdPage, Reading
    from levantcrawl.workers import WorkerPool

# Stored pages per task: the view is pickled once per task.
_REREAD_BATCH = 16


def read_again(
    pool: WorkerPool, pages: list[ColdPage], view: TemplateView, *, sign: bool
) -> list[Reading]:
    """Stored pages read with `view` (and signed when `sign`), in `pool`'s workers."""
    executor = pool.executor
    batches = [pages[at : at + _REREAD_BATCH] for at in range(0, len(pages), _REREAD_BATCH)]
    sent = [
        executor.submit(
            read_and_sign_stored_batch,
            [(body, headers, url, view) for _, body, headers, url in batch],
            sign,
        )
        for batch in batches
    ]
    readings: list[Reading] = []
    for batch, done in zip(batches, sent, strict=True):
        for (revision_id, *_), (extracted, signed) in zip(batch, done.result(), strict=True):
            readings.append((revision_id, extracted, signed))
    return readings
