"""`levantcrawl export`: every corpus format read back equals the archive's content.

The expected records are built here from the ORM objects (Revision.text rebuilds packed
revisions its own way), independently of export/query.py's bulk queries."""

from __future__ import annotations

import csv
import hashlib
import json
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from levantcrawl.export.schema import FIELD_NAMES, FIELDS
from levantcrawl.export.textdir import parse
from levantcrawl.normalize.dates import iso_utc
from levantcrawl.storage.db import open_archive
from levantcrawl.storage.models import Article, Capture, Revision, Site, UrlAlias
from tests.crawl.conftest import levantcrawl

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime
    from pathlib import Path

    from tests.crawl.conftest import CrawlSequence

pytestmark = pytest.mark.crawl
Record = dict[str, Any]


def _iso(value: datetime | None) -> str | None:
    return iso_utc(value) if value else None


def archive_records(db_url: str, *, every_revision: bool = False) -> list[Record]:
    """Every revision (or each article's latest) of the archive, as the schema describes it."""
    archive = open_archive(db_url)
    records: list[Record] = []
    with archive.sessions() as session:
        hosts = dict(session.execute(select(Site.id, Site.host)).all())
        captures = dict(session.execute(select(Capture.id, Capture.url)).all())
        for article in session.scalars(select(Article).order_by(Article.id)):
            aliases = sorted(
                session.scalars(select(UrlAlias.url).where(UrlAlias.article_id == article.id))
            )
            ordered = sorted(article.revisions, key=lambda r: r.number)
            for revision in ordered if every_revision else ordered[-1:]:
                records.append(_record(article, revision, hosts, captures, aliases))
    archive.close()
    return records


def _record(
    article: Article,
    revision: Revision,
    hosts: dict[int, str],
    captures: dict[int, str],
    aliases: list[str],
) -> Record:
    fetched = captures.get(revision.capture_id) if revision.capture_id else None
    return {
        "id": article.id,
        "url": fetched or article.canonical_url,
        "canonical_url": article.canonical_url,
        "aliases": aliases,
        "site": hosts[article.site_id],
        "title": revision.title,
        "authors": revision.authors,
        "published": _iso(revision.published_at),
        "published_source": revision.published_source,
        "modified": _iso(revision.modified_at),
        "section": revision.section,
        "section_path": revision.section_path,
        "tags": revision.tags,
        "language": revision.language,
        "description": revision.description,
        "lead_image": revision.lead_image,
        "word_count": revision.word_count,
        "text": revision.text,
        "revision": revision.number,
        "revision_fetched_at": _iso(revision.fetched_at),
        "content_sha256": revision.content_sha256,
        "removed_at": _iso(article.removed_at),
        "duplicate_of": article.duplicate_of_id,
        "duplicate_similarity": article.duplicate_similarity,
        "source_agency": revision.source_agency,
        "outlinks": [
            {
                "url": link.target_url,
                "article_id": link.target_article_id,
                "anchor": link.anchor,
                "kind": link.kind,
            }
            for link in revision.links
        ],
    }


def revision_crawls(db_url: str) -> dict[tuple[int, int], int]:
    """(article id, revision number) -> the crawl that recorded it."""
    archive = open_archive(db_url)
    with archive.sessions() as session:
        rows = session.execute(select(Revision.article_id, Revision.number, Revision.crawl_id))
        found = {(article, number): crawl for article, number, crawl in rows}
    archive.close()
    return found


def ok(*args: str) -> str:
    result = levantcrawl(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def export(db_url: str, folder: Path, *args: str) -> dict[str, Any]:
    ok("export", "--db", db_url, "-o", str(folder), *args)
    manifest: dict[str, Any] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return manifest


def check_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Every file the manifest names has its size and hash, and nothing else is there."""
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    assert manifest["schema_version"] == "2"
    assert [f["name"] for f in manifest["fields"]] == list(FIELD_NAMES)


def clean(records: list[Record]) -> list[Record]:
    """What an export holds by default: no removed articles, no near-duplicate copies."""
    return [r for r in records if r["removed_at"] is None and r["duplicate_of"] is None]


# --- readers: each format back into records --------------------------------------------------


def read_jsonl(path: Path) -> list[Record]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def read_csv(path: Path) -> list[Record]:
    kinds = {field.name: field.kind for field in FIELDS}
    records = []
    with path.open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows):
            record: Record = {}
            for name, cell in row.items():
                kind = kinds[name]
                if kind in ("strings", "links"):
                    record[name] = json.loads(cell)
                elif cell == "":
                    record[name] = "" if name in ("text", "title") else None
                elif kind == "int":
                    record[name] = int(cell)
                elif kind == "float":
                    record[name] = float(cell)
                else:
                    record[name] = cell
            records.append(record)
    return records


def read_parquet(path: Path) -> list[Record]:
    records = pq.read_table(path).to_pylist()
    for record in records:
        for field in FIELDS:
            if field.kind == "time" and record[field.name] is not None:
                record[field.name] = iso_utc(record[field.name])
    return records


READERS: dict[str, Callable[[Path], list[Record]]] = {
    "jsonl": read_jsonl,
    "csv": read_csv,
    "parquet": read_parquet,
}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_file_formats_read_back_equal_the_archive(
    fmt: str, crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    manifest = export(db, tmp_path / "corpus", "--format", fmt)
    check_manifest(tmp_path / "corpus", manifest)
    [entry] = manifest["files"]
    assert entry["path"] == f"articles.{fmt}"
    exported = READERS[fmt](tmp_path / "corpus" / entry["path"])
    expected = clean(archive_records(db))
    assert exported == expected
    assert entry["records"] == manifest["counts"]["records"] == len(expected)
    assert all("Dark Mode" not in r["text"] for r in exported)


def test_text_folder_reads_back_equal_to_the_archive(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    folder = tmp_path / "texts"
    manifest = export(db, folder, "--format", "text")
    check_manifest(folder, manifest)
    sums = (folder / "SHA256SUMS").read_text("utf-8").splitlines()
    expected = clean(archive_records(db))
    assert len(sums) == manifest["files"][0]["records"] == len(expected)
    read_back = []
    for line in sums:
        digest, relative = line.split("  ", 1)
        data = (folder / relative).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest
        read_back.append(parse(data.decode("utf-8")))
    assert read_back == expected
    files = [p for p in (folder / "articles").rglob("*") if p.is_file()]
    assert len(files) == len(expected)


def test_every_revision_rebuilds_the_older_texts(crawled: CrawlSequence, tmp_path: Path) -> None:
    db = crawled.second.db_url
    manifest = export(db, tmp_path / "all", "--revisions", "all", "--with-removed")
    exported = read_jsonl(tmp_path / "all" / "articles.jsonl")
    expected = [r for r in archive_records(db, every_revision=True) if r["duplicate_of"] is None]
    assert exported == expected
    older = [
        r
        for r in exported
        if r["revision"] == 1 and any(o["id"] == r["id"] and o["revision"] == 2 for o in exported)
    ]
    assert older, "edition 2 revised some articles"
    assert all(r["text"] for r in older)
    assert manifest["counts"]["articles"] == len({r["id"] for r in exported})
    assert manifest["counts"]["records"] == len(exported) > manifest["counts"]["articles"]


def test_filters_match_the_archive(crawled: CrawlSequence, tmp_path: Path) -> None:
    db = crawled.second.db_url
    every = archive_records(db, every_revision=True)
    latest = clean(archive_records(db))
    author = next(name for r in latest for name in r["authors"])
    section = next(r["section"] for r in latest if r["section"] and "/" in r["section"])
    top = section.split("/")[0]
    recorded_by = revision_crawls(db)
    last_crawl_start = min(r["revision_fetched_at"] for r in every if r["revision"] == 2)
    cases: list[tuple[tuple[str, ...], Callable[[Record], bool]]] = [
        (("--author", author.upper()), lambda r: author in r["authors"]),
        (("--section", top.lower()), lambda r: (r["section"] or "").split("/")[0] == top),
        (("--language", "EN"), lambda r: r["language"] == "en"),
        (
            ("--since", "2024-03", "--until", "2024-03"),  # a month: all of March
            lambda r: r["published"] is not None and r["published"].startswith("2024-03"),
        ),
        (
            ("--changed-since", last_crawl_start),
            lambda r: r["revision_fetched_at"] >= last_crawl_start,
        ),
        (("--crawl", "1"), lambda r: recorded_by[(r["id"], r["revision"])] == 1),
    ]
    for index, (args, wanted) in enumerate(cases):
        manifest = export(db, tmp_path / str(index), *args)
        exported = read_jsonl(tmp_path / str(index) / "articles.jsonl")
        expected = [r for r in latest if wanted(r)]
        assert expected, args
        assert exported == expected, args
        assert manifest["counts"]["records"] == len(expected)
    export(db, tmp_path / "fr", "--language", "fr")
    assert read_jsonl(tmp_path / "fr" / "articles.jsonl") == []


def test_removed_articles_only_when_asked(crawled: CrawlSequence, tmp_path: Path) -> None:
    """(Near-duplicates, which the sample site has none of: tests/storage/test_export_query.py)"""
    db = crawled.second.db_url
    everything = archive_records(db)
    assert any(r["removed_at"] for r in everything)
    export(db, tmp_path / "all", "--with-duplicates", "--with-removed")
    assert read_jsonl(tmp_path / "all" / "articles.jsonl") == everything
    default = read_jsonl(export_path(db, tmp_path / "default"))
    assert {r["id"] for r in default} == {r["id"] for r in clean(everything)}


def export_path(db: str, folder: Path, *args: str) -> Path:
    export(db, folder, *args)
    return folder / "articles.jsonl"


def test_same_archive_gives_the_same_bytes_and_stdout_matches(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    db = crawled.second.db_url
    first = export(db, tmp_path / "a", "--format", "parquet")
    again = export(db, tmp_path / "b", "--format", "parquet")
    assert first["files"] == again["files"]
    export(db, tmp_path / "c")
    streamed = ok("export", "--db", db)
    assert streamed == (tmp_path / "c" / "articles.jsonl").read_text("utf-8")


def test_shards_split_the_corpus(crawled: CrawlSequence, tmp_path: Path) -> None:
    db = crawled.second.db_url
    manifest = export(db, tmp_path / "shards", "--format", "parquet", "--shard-size", "50")
    check_manifest(tmp_path / "shards", manifest)
    names = [entry["path"] for entry in manifest["files"]]
    assert names[:2] == ["articles-00000.parquet", "articles-00001.parquet"]
    assert all(entry["records"] == 50 for entry in manifest["files"][:-1])
    rows = [r for name in names for r in read_parquet(tmp_path / "shards" / name)]
    assert rows == clean(archive_records(db))


def test_pandas_and_datasets_load_the_exports(
    crawled: CrawlSequence, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pandas as pd

    db = crawled.second.db_url
    export(db, tmp_path / "j")
    export(db, tmp_path / "p", "--format", "parquet")
    jsonl = tmp_path / "j" / "articles.jsonl"
    parquet = tmp_path / "p" / "articles.parquet"
    expected = clean(archive_records(db))
    frame = pd.read_json(jsonl, lines=True, dtype=False)
    assert list(frame.columns) == list(FIELD_NAMES)
    assert frame["text"].tolist() == [r["text"] for r in expected]
    table = pd.read_parquet(parquet)
    assert table["id"].tolist() == [r["id"] for r in expected]
    assert str(table["published"].dtype) == "datetime64[us, UTC]"

    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    from datasets import load_dataset

    cache = str(tmp_path / "hf-cache")
    from_json = load_dataset("json", data_files=str(jsonl), split="train", cache_dir=cache)
    from_parquet = load_dataset("parquet", data_files=str(parquet), split="train", cache_dir=cache)
    assert from_json.num_rows == from_parquet.num_rows == len(expected)
    assert from_parquet[0]["title"] == expected[0]["title"]
    assert from_json[0]["outlinks"] == expected[0]["outlinks"] or from_json[0]["outlinks"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "parquet"), "writes files: give -o DIR"),
        (("--format", "text"), "writes files: give -o DIR"),
        (("--format", "warc", "-o", "{tmp}/w", "--language", "en"), "--language selects"),
        (("--shard-size", "-1"), "--shard-size must be"),
        (("-o", "{tmp}/exists"), "exists: choose a new folder"),
    ],
)
def test_bad_requests_get_one_line(
    args: tuple[str, ...], message: str, crawled: CrawlSequence, tmp_path: Path
) -> None:
    (tmp_path / "exists").mkdir()
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    result = levantcrawl("export", "--db", crawled.second.db_url, *argv)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exists"]


def test_unwritable_folder_is_one_line_and_leaves_nothing(
    crawled: CrawlSequence, tmp_path: Path
) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    result = levantcrawl("export", "--db", crawled.second.db_url, "-o", str(a_file / "corpus"))
    assert result.returncode == 2
    assert "cannot create" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
