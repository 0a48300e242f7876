"""`levantcrawl diff --format html` rendered by a real headless Chromium, and `levantcrawl
changes`, on the archive of real crawls of the sample site (edition 2's edits)."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
import pytest

from tests.crawl.conftest import levantcrawl

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.crawl.conftest import CrawlSequence

Pixel = tuple[int, int, int]

pytestmark = pytest.mark.crawl

# Debian's and Ubuntu's package `chromium`; LEVANTCRAWL_TEST_CHROMIUM names another binary.
CHROMIUM = Path(os.environ.get("LEVANTCRAWL_TEST_CHROMIUM", "/usr/bin/chromium"))
WIDTH, HEIGHT = 1200, 1600
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    f"--window-size={WIDTH},{HEIGHT}",
)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The browser; in CI a missing one is a failure, on a laptop the test skips and says why."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    message = f"{CHROMIUM} is missing, so the HTML diff cannot be rendered"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must install it (apt-get install chromium)", pytrace=False)
    pytest.skip(f"{message}; install it (Debian: apt-get install chromium) to run this test")


def ok(*args: str) -> str:
    result = levantcrawl(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def edited(crawled: CrawlSequence, kind: str) -> str:
    return next(p for p, k in crawled.second.site.edited.items() if k == kind)


# --- the browser ---------------------------------------------------------------------------------


def run_chromium(browser: Path, page: Path, scratch: Path, *action: str) -> str:
    """One headless Chromium run on `page` with a fresh profile; returns its stdout."""
    profile = scratch / f"profile-{len(list(scratch.glob('profile-*')))}"
    result = subprocess.run(
        [str(browser), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page.as_uri()],
        env={**os.environ, "HOME": str(scratch)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@dataclass(frozen=True)
class Image:
    width: int
    height: int
    rows: list[list[Pixel]]  # RGB, alpha dropped (the page is opaque)

    def count(
        self, test: Callable[[Pixel], bool], *, bottom: int | None = None, left: int = 0
    ) -> int:
        """Pixels that pass `test` in the rows above `bottom`, right of column `left`."""
        return sum(1 for row in self.rows[:bottom] for pixel in row[left:] if test(pixel))


def read_png(data: bytes) -> Image:
    """A small PNG decoder: 8-bit RGB or RGBA, not interlaced, every chunk's CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    at, idat, header = 8, b"", None
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind!r}"
        at += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    assert header is not None, "no IHDR"
    width, height, depth, colour, _, _, interlace = header
    assert (depth, interlace) == (8, 0), header
    assert colour in (2, 6), f"colour type {colour}: only RGB and RGBA are read"
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    assert len(raw) == height * (stride + 1)
    previous = bytearray(stride)
    rows: list[list[Pixel]] = []
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + predictor) & 0xFF
            else:
                assert kind == 0, f"unknown filter {kind}"
        rows.append([(line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels)])
        previous = line
    return Image(width, height, rows)


def greenish(pixel: Pixel) -> bool:
    """The <ins> background (#a6f0b8) and text drawn on it; nothing else on the page is."""
    r, g, b = pixel
    return g >= 180 and g - r >= 45 and g - b >= 30


def reddish(pixel: Pixel) -> bool:
    """The <del> background (#ffc1c0)."""
    r, g, b = pixel
    return r >= 230 and r - g >= 40 and r - b >= 40


def render(browser: Path, page: Path, scratch: Path) -> tuple[Image, lxml.html.HtmlElement]:
    """The screenshot (a valid, non-blank PNG of the window's size) and the rendered DOM."""
    png = scratch / f"{page.stem}.png"
    run_chromium(browser, page, scratch, f"--screenshot={png}")
    image = read_png(png.read_bytes())
    assert (image.width, image.height) == (WIDTH, HEIGHT)
    colours = {pixel for row in image.rows[::8] for pixel in row[::8]}
    assert len(colours) > 20, "the screenshot is blank"
    inked = image.count(lambda p: sum(p) < 600)
    assert inked > 0.005 * WIDTH * HEIGHT, "no text drawn"
    dom = run_chromium(browser, page, scratch, "--dump-dom")
    return image, lxml.html.document_fromstring(dom)


# --- tests ---------------------------------------------------------------------------------------


def test_html_diff_shows_an_appended_correction(
    chromium: Path, crawled: CrawlSequence, tmp_path: Path
) -> None:
    path = edited(crawled, "correction")
    page = tmp_path / "diff.html"
    diff = ("diff", crawled.base_url + path, "--db", crawled.second.db_url, "--format", "html")
    ok(*diff, "-o", str(page))
    assert page.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert ok(*diff) == page.read_text("utf-8"), "without -o the page goes to stdout"
    image, dom = render(chromium, page, tmp_path)

    correction = crawled.second.site.articles[path].paragraphs[-1]
    assert correction.startswith("Correction")
    inserted = [ins.text_content() for ins in dom.xpath("//main//ins")]
    assert inserted == [correction], "the whole new paragraph, and nothing else, is inserted"
    assert not dom.xpath("//main//del")
    assert "correction appended" in dom.xpath("//ul[@class='labels']/li/text()")
    assert not dom.xpath("//script")
    # The inserted paragraph is on the newer (right-hand) side, painted green.
    right_green = image.count(greenish, left=WIDTH // 2 + 40)
    assert right_green > 15_000, f"only {right_green} green pixels where the correction is"


def test_html_diff_shows_a_new_headline_on_top(
    chromium: Path, crawled: CrawlSequence, tmp_path: Path
) -> None:
    path = edited(crawled, "headline")
    page = tmp_path / "diff.html"
    db = crawled.second.db_url
    ok("diff", crawled.base_url + path, "--db", db, "--format", "html", "-o", str(page))
    image, dom = render(chromium, page, tmp_path)

    old, new = crawled.first.site.articles[path].title, crawled.second.site.articles[path].title
    assert dom.xpath("string(//h1/ins)") == new
    assert dom.xpath("string(//p[@class='old-title']/del)") == old
    assert dom.xpath("//h1/@dir") == ["auto"]
    assert "headline changed" in dom.xpath("//ul[@class='labels']/li/text()")
    assert not dom.xpath("//main//ins | //main//del"), "the body did not change"
    # The new title is the first thing on the page: green at the top, the old one red above it.
    top_green = image.count(greenish, bottom=160)
    top_red = image.count(reddish, bottom=160)
    assert top_green > 8_000, f"only {top_green} green pixels in the title area"
    assert top_red > 3_000, f"only {top_red} red pixels in the title area"


def test_changes_lists_edited_and_removed_articles(crawled: CrawlSequence) -> None:
    db = crawled.second.db_url
    rows = json.loads(ok("changes", "--since", "2024-01-01", "--db", db, "--format", "json"))
    revised = {row["canonical_url"]: row for row in rows if row["kind"] == "revised"}
    edits = {crawled.base_url + p: kind for p, kind in crawled.second.site.edited.items()}
    assert set(revised) == set(edits)
    gone = set(crawled.first.site.articles) - set(crawled.second.site.articles)
    removed = [row["canonical_url"] for row in rows if row["kind"] == "removed"]
    assert removed == [crawled.base_url + p for p in gone]
    assert len(rows) == len(edits) + 1
    assert [row["at"] for row in rows] == sorted((row["at"] for row in rows), reverse=True)
    for url, kind in edits.items():
        row = revised[url]
        assert (row["from"], row["to"]) == (1, 2)
        labels = row["labels"]
        if kind == "headline":
            assert "headline changed" in labels
            assert row["summary"].startswith("headline changed")
        elif kind == "correction":
            assert "correction appended" in labels
            assert "paragraphs added" not in labels
            assert row["words_added"] > 0
        else:
            assert "paragraphs added" in labels
            assert "correction appended" not in labels
            assert row["summary"].startswith("+1 paragraph (+")
        assert (
            row["title"] == crawled.second.site.articles[url.removeprefix(crawled.base_url)].title
        )

    table = ok("changes", "--since", "2024-01-01", "--db", db)
    assert f"{len(rows)} changed articles" in table
    assert "correction appended" in table
    assert "\x1b[" not in table
    host = crawled.base_url.split("//", 1)[1].split(":", 1)[0]
    on_site = ("--site", host, "--format", "json")
    assert json.loads(ok("changes", "--since", "2024-01-01", "--db", db, *on_site)) == rows
    elsewhere = ("--site", "news.example.org", "--format", "json")
    assert json.loads(ok("changes", "--since", "2024-01-01", "--db", db, *elsewhere)) == []
    before = ("--since", "2024-01-01", "--until", "2024-02-01", "--format", "json")
    assert json.loads(ok("changes", *before, "--db", db)) == []
    first = ("--since", "2024-01-01", "--db", crawled.first.db_url, "--format", "json")
    assert json.loads(ok("changes", *first)) == [], "a first capture is not a change"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--since", "2024-13-45"), "not a date"),
        (("--since", "2024-08-01", "--until", "2024-07-01"), "--until must be after --since"),
        ((), "the following arguments are required: --since"),
    ],
)
def test_changes_refuses_bad_dates_in_one_line(
    crawled: CrawlSequence, args: tuple[str, ...], message: str
) -> None:
    result = levantcrawl("changes", *args, "--db", crawled.second.db_url)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
