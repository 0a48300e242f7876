"""A crawl has one writer: every INSERT, UPDATE and DELETE of a real crawl, the first into an
archive and a later one of an edited site, comes from one database connection in the
crawl's writer process (the store pipeline's promise that SQLite never sees two writers).

Each process of the crawl reports the connections that write (tests/crawl/write_audit)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Crawl
from tests.crawl.conftest import ROOT, scrapy_command

if TYPE_CHECKING:
    from levantcrawl.samplesite import SampleSiteServer

pytestmark = pytest.mark.crawl
AUDIT = Path(__file__).parent / "write_audit"


def writing_connections(server: SampleSiteServer, db_url: str, audit: Path) -> list[list[str]]:
    """Crawl the sample site; each line the crawl's processes wrote: pid, process name,
    connection, first write statement."""
    audit.unlink(missing_ok=True)
    path = os.pathsep.join([str(AUDIT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path, "LEVANTCRAWL_TEST_WRITE_AUDIT": str(audit)}
    result = subprocess.run(
        scrapy_command(server.base_url, db_url, "-a", "revisit=all"),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "'finish_reason': 'finished'" in result.stderr, result.stderr[-3000:]
    return [line.split("\t") for line in audit.read_text("utf-8").splitlines()]


def test_every_write_of_a_crawl_comes_from_its_one_writer(
    sample_server: SampleSiteServer, tmp_path: Path
) -> None:
    db_url = f"sqlite:///{tmp_path / 'archive.db'}"
    open_archive(db_url).close()  # the schema first: its creation is no crawl's write
    audit = tmp_path / "writes.tsv"
    try:
        for edition in (1, 2):  # a first crawl (cold-start pass), then revisits and edits
            sample_server.set_edition(edition)
            writers = writing_connections(sample_server, db_url, audit)
            described = "\n".join("  ".join(line) for line in writers)
            assert len(writers) == 1, f"edition {edition}: writing connections:\n{described}"
            assert writers[0][1] == "lc-store", described
    finally:
        sample_server.set_edition(1)
    archive = open_archive(db_url)
    with archive.sessions() as session:
        first, second = session.scalars(select(Crawl.stats).order_by(Crawl.id)).all()
    archive.close()
    # What went through the writer: the cold-start pass's rewrites, the site model read at
    # the start (no page of the second crawl read cold), revisits of the archived articles.
    assert first["levantcrawl/template/cold_rewritten"] > 0
    assert second.get("levantcrawl/extract/cold", 0) == 0
    assert second["levantcrawl/discovery/revisits"] == first["levantcrawl/store/new"]
    assert second["levantcrawl/store/revised"] > 0
