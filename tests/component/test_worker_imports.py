"""An extraction worker imports datasketch, numpy and scipy only when it signs articles:
each worker is a fresh interpreter (its forkserver's too), so whether they are loaded is
seen in its sys.modules. Each case runs in a process of its own, whose forkserver is
started by the pool as a crawl's would be, with what that crawl preloads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.component
ROOT = Path(__file__).resolve().parents[2]
PAGE = (
    ROOT
    / "tests/fixtures/pages/levantnews"
    / "deadline-looms-for-electricity-tariffs_2024-10-12.html"
)
URL = "http://127.0.0.1:8765/2024/10/44219-deadline-looms-for-electricity-tariffs-in-amman"
HEAVY = ("datasketch", "numpy", "scipy")
# Run in the child: one page read by a worker of a pool started as the extract pipeline
# starts its own, then the heavy modules that worker holds.
READ_ONE_PAGE = """
import json, sys
from pathlib import Path
from levantcrawl.extraction.jobs import extract_and_sign, warm_up
from levantcrawl.extraction.template import COLD
from levantcrawl.workers import WorkerPool
from tests.component.test_worker_imports import heavy_modules

sign = sys.argv[1] == "sign"
pool = WorkerPool(1, warm_up, (sign,), signing=sign)
try:
    body, headers = Path(sys.argv[2]).read_bytes(), {"Content-Type": "text/html; charset=utf-8"}
    page = (body, headers, sys.argv[3], COLD, True, False)
    extracted, signed, outline = pool.call(extract_and_sign, *page, sign, True)
    print(json.dumps({"words": extracted.word_count, "signature": len(signed or b""),
                      "links": len(outline.links),
                      "worker": pool.call(heavy_modules), "crawl": heavy_modules()}))
finally:
    pool.shutdown()
"""


def heavy_modules() -> list[str]:
    """Which of HEAVY this process has imported."""
    return [name for name in HEAVY if name in sys.modules]


def _read_one_page(mode: str) -> dict[str, object]:
    found = subprocess.run(
        [sys.executable, "-c", READ_ONE_PAGE, mode, str(PAGE), URL],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert found.returncode == 0, found.stderr[-2000:]
    result: dict[str, object] = json.loads(found.stdout)
    return result


def test_a_worker_that_signs_nothing_never_imports_numpy() -> None:
    read = _read_one_page("no-sign")
    assert int(str(read["words"])) > 100, "the worker read the article"
    assert int(str(read["links"])) > 20, "and gave its links, as a crawl's worker does"
    assert read["signature"] == 0
    assert read["worker"] == [], "datasketch, numpy and scipy stay out of the worker"
    assert read["crawl"] == []


def test_a_worker_that_signs_has_datasketch_from_its_forkserver() -> None:
    read = _read_one_page("sign")
    assert read["signature"] == 512, "128 values of four bytes"
    assert read["worker"] == list(HEAVY)
    assert read["crawl"] == [], "the crawl process itself never signs"
