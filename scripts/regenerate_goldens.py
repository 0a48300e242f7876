"""Rewrite the .expected.json of every saved page (tests/fixtures/pages/*/pages.toml).

Goldens change only through this script and a reviewed diff:
    .venv/bin/python scripts/regenerate_goldens.py && git diff tests/fixtures
With --save-sample-pages it first saves the listed levantnews pages again from the bundled
sample site (header date fixed to 15 November 2024)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from levantcrawl.samplesite import build_site
from tests.goldens import SAMPLE_TODAY, SITE_GOLDEN, golden_record, saved_pages, site_golden

TODAY = SAMPLE_TODAY


def save_sample_pages() -> None:
    sites = {1: build_site(edition=1), 2: build_site(edition=2)}
    for page in saved_pages():
        if page.path.parent.name != "levantnews":
            continue
        edition = 2 if "_edition2" in page.path.stem else 1
        parts = urlsplit(page.url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        response = sites[edition].respond("GET", path, {"Host": parts.netloc}, TODAY)
        assert response.status == 200, (page.url, response.status)
        page.path.write_bytes(response.body)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--save-sample-pages", action="store_true")
    args = parser.parse_args()
    if args.save_sample_pages:
        save_sample_pages()
    for page in saved_pages():
        text = json.dumps(golden_record(page), sort_keys=True, indent=2, ensure_ascii=False)
        page.expected_path.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {page.expected_path.relative_to(Path.cwd())}")
    text = json.dumps(site_golden(), sort_keys=True, indent=2, ensure_ascii=False)
    SITE_GOLDEN.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {SITE_GOLDEN.relative_to(Path.cwd())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
