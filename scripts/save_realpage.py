"""Save a real page as a regression page: tests/fixtures/realpages/NAME.html.gz and its entry
in pages.toml (source URL, where it was taken from, when, what the text must and must not
hold). The page is trimmed of what extraction never reads (stylesheets, inline SVG, scripts
that are not JSON) so that a large page stays small; markup, comments and JSON are kept.

    .venv/bin/python scripts/save_realpage.py PAGE.html[.gz] --name NAME --url URL \\
        --source "scrapinghub/article-extraction-benchmark html/KEY.html.gz" \\
        --why "a comment inside a paragraph" --must "a sentence" --must-not "Top stories"
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "realpages"
_DROP = (
    re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL),
    re.compile(r"<svg\b[^>]*>.*?</svg\s*>", re.IGNORECASE | re.DOTALL),
    # A script is kept when it may hold the article: JSON-LD, JSON blobs, __NEXT_DATA__.
    re.compile(
        r"<script\b(?![^>]*(?:json|__NEXT_DATA__|__NUXT__))[^>]*>.*?</script\s*>",
        re.IGNORECASE | re.DOTALL,
    ),
)
_NAME = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")


def trimmed(html: str) -> str:
    for pattern in _DROP:
        html = pattern.sub("", html)
    return html


def toml_entry(name: str, fields: dict[str, str | list[str]]) -> str:
    """One [pages."NAME.html.gz"] table; strings written as JSON strings, which TOML reads."""
    lines = [f'\n[pages."{name}.html.gz"]']
    for key, value in fields.items():
        if isinstance(value, list):
            items = ", ".join(json.dumps(v, ensure_ascii=False) for v in value)
            lines.append(f"{key} = [{items}]")
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", type=Path, help="the page's HTML, gzipped or not")
    parser.add_argument("--name", required=True, help="file name without .html.gz (host.slug)")
    parser.add_argument("--url", required=True, help="the page's source URL")
    parser.add_argument("--source", required=True, help="where the copy was taken from")
    parser.add_argument("--why", required=True, help="the pattern this page holds")
    parser.add_argument("--fetched-at", default=datetime.now(UTC).date().isoformat())
    parser.add_argument("--title", help="the headline extraction must give")
    parser.add_argument("--must", action="append", default=[], help="text the article holds")
    parser.add_argument("--must-not", action="append", default=[], help="text it must not")
    args = parser.parse_args(argv)
    if not _NAME.match(args.name):
        parser.error("--name: lowercase letters, digits, dots and dashes")
    if not args.must:
        parser.error("give at least one --must: a page with nothing to check checks nothing")
    body = args.page.read_bytes()
    if body[:2] == b"\x1f\x8b":
        body = gzip.decompress(body)
    from levantcrawl.normalize.encoding import decode_html

    html = trimmed(decode_html(body, None)[0])
    target = FIXTURES / f"{args.name}.html.gz"
    if target.exists():
        parser.error(f"{target} exists already")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    target.write_bytes(gzip.compress(html.encode("utf-8"), mtime=0))
    fields: dict[str, str | list[str]] = {
        "url": args.url,
        "source": args.source,
        "fetched_at": args.fetched_at,
        "why": args.why,
        "must": args.must,
        "must_not": args.must_not,
    }
    if args.title:
        fields["title"] = args.title
    with (FIXTURES / "pages.toml").open("a", encoding="utf-8") as index:
        index.write(toml_entry(args.name, fields))
    print(f"saved {target} ({target.stat().st_size} bytes)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
