"""The export schema: every field of an exported article revision, its type and meaning.

One table drives everything that writes or documents a corpus: the JSONL key order, the CSV
columns, the Parquet column types, the text folder's header and the manifest's field list.
Bump SCHEMA_VERSION whenever a field is added, removed, renamed or changes meaning."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SCHEMA_VERSION = "2"

Kind = Literal["int", "float", "str", "time", "strings", "links"]


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind  # "time": ISO 8601 UTC text (a UTC timestamp in Parquet); "links": see OUTLINK
    description: str
    nullable: bool = True


FIELDS: tuple[Field, ...] = (
    Field("id", "int", "the article's id in the archive; stable across exports", nullable=False),
    Field("url", "str", "the URL this revision was fetched from", nullable=False),
    Field("canonical_url", "str", "the article's canonical URL (its identity)", nullable=False),
    Field("aliases", "strings", "other URLs that served this article", nullable=False),
    Field("site", "str", "the site's host name", nullable=False),
    Field("title", "str", "headline, once, without the site name", nullable=False),
    Field("authors", "strings", "bylines, one name each", nullable=False),
    Field("published", "time", "first publication, from the page's metadata"),
    Field(
        "published_source",
        "str",
        "where the publication date came from: json-ld, meta, time, byline, sitemap, feed, url"
        " or htmldate (a last guess from the page)",
    ),
    Field("modified", "time", "last modification the page declares"),
    Field("section", "str", "canonical section, e.g. Lebanon or Russia/Iran"),
    Field("section_path", "strings", "the section as a path, outermost first", nullable=False),
    Field("tags", "strings", "the page's keywords and tags", nullable=False),
    Field("language", "str", "BCP 47 language code, e.g. en or ar"),
    Field("description", "str", "the page's own summary"),
    Field("lead_image", "str", "URL of the lead image"),
    Field("word_count", "int", "words in text", nullable=False),
    Field("text", "str", "the article body: paragraphs separated by a blank line", nullable=False),
    Field("revision", "int", "revision number, 1 for the first version seen", nullable=False),
    Field("revision_fetched_at", "time", "when this revision was first fetched", nullable=False),
    Field("content_sha256", "str", "SHA-256 of the clean content fields", nullable=False),
    Field("removed_at", "time", "when the site stopped serving the article"),
    Field("duplicate_of", "int", "id of the article this one copies (near-duplicate)"),
    Field("duplicate_similarity", "float", "estimated Jaccard similarity to duplicate_of"),
    Field("source_agency", "str", "news agency named in the byline, e.g. Reuters"),
    Field("outlinks", "links", "links inside the article, in page order", nullable=False),
)
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS)
# Each outlink: where it points, the archived article it resolves to (or null), its words,
# and where on the page it sits: body (inside the text), related (a "Read more" teaser or a
# related-articles block), nav (the article's own breadcrumb and section links).
OUTLINK: tuple[tuple[str, Kind], ...] = (
    ("url", "str"),
    ("article_id", "int"),
    ("anchor", "str"),
    ("kind", "str"),
)


def describe() -> list[dict[str, object]]:
    """The schema as the manifest and `levantcrawl export --schema` show it."""
    return [
        {
            "name": field.name,
            "type": field.kind,
            "nullable": field.nullable,
            "description": field.description,
        }
        for field in FIELDS
    ]
