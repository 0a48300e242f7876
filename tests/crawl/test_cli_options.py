"""What a script relies on in every command but `crawl`: dates read as the period they name,
one section rule, formats and overwrites refused rather than guessed, non-HTML refused by
`extract`, missing archives refused, one JSON vocabulary (the export schema's), ISO times,
and the same search language in `browse` as in `search`. Each runs the real CLI."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from levantcrawl.export.schema import FIELD_NAMES
from levantcrawl.storage.db import SCHEMA_HEAD
from tests.crawl.conftest import ROOT, levantcrawl
from tests.crawl.test_browse import BROWSE, free_port, get_json, wait_for_line

if TYPE_CHECKING:
    from pathlib import Path

    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl
ISO_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z")


def ok(*args: str) -> str:
    result = levantcrawl(*args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(*args: str) -> str:
    """The one line a bad input gets, after checking it is one line and exit status 2."""
    result = levantcrawl(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    return result.stderr


def listed(db: str, *args: str) -> list[dict[str, Any]]:
    rows = json.loads(ok("articles", "--db", db, "--format", "json", "--limit", "1000", *args))
    assert isinstance(rows, list)
    return rows


# --- Dates -----------------------------------------------------------------------------------


def test_a_month_or_a_year_on_the_command_line_is_that_whole_period(
    crawled: CrawlSequence,
) -> None:
    db = crawled.second.db_url
    everything = listed(db)
    august = [r for r in everything if (r["published"] or "").startswith("2024-08")]
    assert august, "the sample site publishes in August 2024"
    assert listed(db, "--since", "2024-08", "--until", "2024-08") == august
    in_2024 = [r for r in everything if (r["published"] or "").startswith("2024")]
    assert listed(db, "--since", "2024", "--until", "2024") == in_2024
    assert listed(db, "--since", "2024-08-01T00:00:00Z", "--until", "2024-08") == august
    assert listed(db, "--since", "7d") == []  # the sample site's articles are older
    assert listed(db, "--since", "yesterday") == []


@pytest.mark.parametrize("date", ["01-08-2024", "08/01/2024"])
def test_an_ambiguous_numeric_date_is_refused_naming_iso(crawled: CrawlSequence, date: str) -> None:
    line = refused("articles", "--db", crawled.first.db_url, "--since", date)
    assert f"ambiguous date {date!r}" in line
    assert "ISO 8601" in line


# --- One section rule --------------------------------------------------------------------------


def test_articles_takes_a_section_with_its_subsections_as_export_does(
    crawled: CrawlSequence,
) -> None:
    db = crawled.second.db_url
    top = "Russia"  # the sample site files these articles under Russia/Iran
    rows = listed(db, "--section", top.lower())
    assert rows
    assert {r["section"] for r in rows} == {"Russia/Iran"}
    exported = [
        json.loads(line) for line in ok("export", "--db", db, "--section", top).splitlines()
    ]
    exported_ids = {r["id"] for r in exported}
    assert exported_ids == {r["id"] for r in rows if r["removed_at"] is None}


# --- graph export and stats --------------------------------------------------------------------


def test_graph_export_takes_its_format_from_the_name_and_refuses_a_mismatch(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    gexf = tmp_path / "links.gexf"
    ok("graph", "export", "--db", db, "-o", str(gexf))
    assert gexf.read_text("utf-8").lstrip().startswith("<?xml")
    assert "<gexf" in gexf.read_text("utf-8")[:500]
    assert nx.read_gexf(gexf).number_of_nodes() > 0
    graphml = tmp_path / "links.graphml.gz"
    ok("graph", "export", "--db", db, "-o", str(graphml))
    assert nx.read_graphml(graphml).number_of_nodes() > 0
    line = refused(
        "graph", "export", "--db", db, "--format", "graphml", "-o", str(tmp_path / "x.gexf")
    )
    assert "x.gexf names a .gexf file but --format is graphml" in line
    assert "cannot tell the format" in refused(
        "graph", "export", "--db", db, "-o", str(tmp_path / "links.txt")
    )
    assert not (tmp_path / "x.gexf").exists()
    assert not (tmp_path / "links.txt").exists()


def test_graph_export_refuses_to_replace_an_output_unless_told(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    folder = tmp_path / "links"
    ok("graph", "export", "--db", db, "--format", "csv", "-o", str(folder))
    (folder / "nodes.csv").write_text("mine\n", encoding="utf-8")
    line = refused("graph", "export", "--db", db, "--format", "csv", "-o", str(folder))
    assert f"{folder} exists" in line
    assert "--overwrite" in line
    assert (folder / "nodes.csv").read_text("utf-8") == "mine\n"
    ok("graph", "export", "--db", db, "-o", str(folder), "--overwrite")  # csv from the name
    assert (folder / "nodes.csv").read_text("utf-8").startswith("id,kind,")
    gexf = tmp_path / "links.gexf"
    gexf.write_text("mine", encoding="utf-8")
    assert "--overwrite" in refused("graph", "export", "--db", db, "-o", str(gexf))
    assert gexf.read_text("utf-8") == "mine"


def test_graph_stats_speaks_format_json_like_every_command(crawled: CrawlSequence) -> None:
    stats = json.loads(ok("graph", "stats", "--db", crawled.second.db_url, "--format", "json"))
    assert stats["totals"]["articles"] > 0
    assert "invalid choice" in refused("graph", "stats", "--format", "yaml")


# --- extract refuses what is not HTML ----------------------------------------------------------


def png_bytes() -> bytes:
    """A real 1x1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_extract_refuses_what_is_not_html_in_one_line(tmp_path: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes())
    table = tmp_path / "articles.parquet"
    pq.write_table(pa.table({"title": ["a", "b"], "words": [1, 2]}), table)
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    text = tmp_path / "notes.html"
    text.write_text("just a line of text, no markup at all\n", encoding="utf-8")
    for path, why in (
        (image, "a PNG image"),
        (table, "a Parquet file"),
        (empty, "is empty"),
        (text, "no markup"),
    ):
        line = refused("extract", str(path))
        assert str(path) in line
        assert why in line


def test_extract_takes_no_field_from_where_a_file_lies(tmp_path: Path) -> None:
    folder = tmp_path / "Tmp"
    folder.mkdir()
    page = folder / "page.html"
    words = " ".join(["The council met again on Tuesday to discuss the port."] * 12)
    page.write_text(
        f"<html><head><title>Port talks</title></head><body><article><h1>Port talks</h1>"
        f"<p>{words}</p><p>{words}</p></article></body></html>",
        encoding="utf-8",
    )
    record = json.loads(ok("extract", str(page)))
    assert record["url"] is None
    assert record["section"] is None
    assert record["site_model"]["host"] is None
    assert str(tmp_path) not in json.dumps(record)
    assert record["title"] == "Port talks"


# --- Only crawl and db upgrade create an archive -----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("db", "current"),
        ("stats",),
        ("articles",),
        ("search", "budget"),
        ("health",),
        ("failures",),
        ("changes", "--since", "2024"),
        ("duplicates",),
        ("export",),
        ("graph", "stats"),
        ("history", "http://127.0.0.1:1/x"),
        ("reextract",),
        ("browse", "--no-open"),
        ("extract", "http://127.0.0.1:1/x"),
    ],
    ids=lambda args: "-".join(a for a in args if not a.startswith("http")),
)
def test_commands_that_read_refuse_a_missing_archive(tmp_path: Path, args: tuple[str, ...]) -> None:
    typo = tmp_path / "typo3.db"
    line = refused(*args, "--db", str(typo))
    assert f"no archive at {typo}" in line
    assert not typo.exists()
    assert not list(tmp_path.iterdir()), "nothing may be created beside it either"


def test_db_upgrade_creates_the_archive(tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    assert f"schema {SCHEMA_HEAD}" in ok("db", "upgrade", "--db", str(new))
    assert new.is_file()
    assert f"schema {SCHEMA_HEAD}" in ok("db", "current", "--db", str(new))
    state = json.loads(ok("db", "current", "--db", str(new), "--format", "json"))
    assert state == {"current": SCHEMA_HEAD, "head": SCHEMA_HEAD}
    nothing = json.loads(ok("reextract", "--db", str(new), "--format", "json"))
    assert nothing == {"examined": 0, "revised": 0, "unchanged": 0, "no_article_text": []}


# --- One JSON vocabulary, ISO times ------------------------------------------------------------


def test_json_field_names_are_the_export_schemas(crawled: CrawlSequence) -> None:
    db = crawled.second.db_url
    rows = listed(db)
    assert set(rows[0]) <= set(FIELD_NAMES)
    by_id = {r["id"]: r for r in rows}
    word = rows[0]["title"].split()[-1]
    hits = json.loads(ok("search", word, "--db", db, "--format", "json"))
    assert hits
    for hit in hits:
        assert set(hit) - {"snippet", "rank"} <= set(FIELD_NAMES)
        same = by_id[hit["id"]]
        for field in ("url", "canonical_url", "title", "published"):
            assert hit[field] == same[field], field
    history = json.loads(ok("history", rows[0]["url"], "--db", db, "--format", "json"))
    assert set(history["revisions"][0]) <= set(FIELD_NAMES)
    assert history["canonical_url"] == rows[0]["canonical_url"]


def test_health_json_times_are_iso_utc(crawled: CrawlSequence) -> None:
    report = json.loads(ok("health", "--db", crawled.second.db_url, "--format", "json"))
    started = [row["started_at"] for rows in report.values() for row in rows]
    assert started
    assert all(ISO_UTC.fullmatch(value) for value in started), started


@pytest.mark.parametrize("command", ["articles", "failures", "search", "health", "duplicates"])
def test_limit_must_be_positive_everywhere(crawled: CrawlSequence, command: str) -> None:
    words = ("budget",) if command == "search" else ()
    line = refused(command, *words, "--db", crawled.first.db_url, "--limit", "0")
    assert "not a positive number" in line


# --- browse reads the same query language as search --------------------------------------------


def test_browse_searches_with_the_language_of_the_search_command(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    archive = tmp_path / "archive.db"
    shutil.copyfile(crawled.second.db_url.removeprefix("sqlite:///"), archive)
    queries = ("budget OR electricity", "budget -electricity", '"the budget"', "!!!")
    expected = {}
    for query in queries[:-1]:
        hits = json.loads(
            ok("search", "--db", str(archive), "--format", "json", "--limit", "1000", "--", query)
        )
        expected[query] = sorted(hit["canonical_url"] for hit in hits)
    assert len(expected["budget OR electricity"]) > len(expected["budget -electricity"]) > 0
    port = free_port()
    base = f"http://127.0.0.1:{port}/archive/article_latest"
    out, err = tmp_path / "browse.out", tmp_path / "browse.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [*BROWSE, "--db", str(archive), "--port", str(port), "--no-open"],
            cwd=ROOT,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            wait_for_line(base, process, out, err)
            for query, urls in expected.items():
                rows = get_json(f"{base}.json?_search={quote(query)}&_shape=array&_size=max")
                assert sorted(row["url"] for row in rows) == urls, query
            assert get_json(f"{base}.json?_search=%21%21%21&_shape=array") == []
        finally:
            process.terminate()
            process.wait(timeout=30)
