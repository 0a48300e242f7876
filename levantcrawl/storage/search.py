"""Full-text search over the latest revision of each article: FTS5 on SQLite, a GIN-indexed
tsvector on PostgreSQL (both made by migration 0006).

One query syntax on both backends, read the way web search engines read it: every word must
appear, "a phrase" must appear as written, `a OR b` needs either, `-word` must not appear.
Punctuation and stray quotes are never a syntax error."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.orm import aliased

from levantcrawl.storage.models import Article, Capture, Revision, Site

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import ColumnClause, Select
    from sqlalchemy.orm import Session

MARK = "**"  # around the matched words in a snippet
ELLIPSIS = "…"
SNIPPET_WORDS = 24
TITLE_WEIGHT = 10.0  # a word in the title counts as much as ten in the text

# Arabic short vowels, tanween, shadda, sukun, the dagger alef and tatweel: the index holds
# text without them (migration 0006), so a query drops them too.
_ARABIC_MARKS = "".join(chr(code) for code in (*range(0x064B, 0x0653), 0x0670, 0x0640))
_WITHOUT_MARKS = str.maketrans("", "", _ARABIC_MARKS)

# The expression of the GIN index ix_revision_fulltext, word for word: PostgreSQL uses an
# expression index only for a query that repeats it.
_PG_DOCUMENT: ColumnClause[Any] = literal_column(
    "to_tsvector('simple', translate(revision.title || ' ' || revision.\"text\", "
    f"'{_ARABIC_MARKS}', ''))"
)
_PG_CONFIG: ColumnClause[Any] = literal_column("'simple'")
_PG_HEADLINE = (
    f'StartSel="{MARK}", StopSel="{MARK}", MaxWords={SNIPPET_WORDS}, MinWords=12, '
    f'MaxFragments=2, FragmentDelimiter=" {ELLIPSIS} "'
)
_FTS = table("revision_fts", column("rowid"))
_FTS_TABLE: ColumnClause[Any] = literal_column(
    "revision_fts"
)  # the table itself, as FTS5 functions take it

# A quoted phrase (perhaps negated, perhaps left open), or a bare word.
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True, slots=True)
class SearchHit:
    article_id: int
    url: str
    title: str
    snippet: str  # a few lines of the text, matched words between MARK
    rank: float  # higher is better; comparable only within one search
    published_at: datetime | None = None
    fetched_url: str | None = None  # where the latest revision was fetched (export's `url`)


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """A parsed query: every group must match, a group when any of its phrases does, and
    no excluded phrase may. Each phrase is one or more words separated by single spaces."""

    required: tuple[tuple[str, ...], ...]
    excluded: tuple[str, ...] = ()

    def fts5(self) -> str:
        """As an FTS5 query: every phrase quoted, so nothing in it is FTS5 syntax."""
        groups = [
            _quoted(group[0]) if len(group) == 1 else f"({' OR '.join(map(_quoted, group))})"
            for group in self.required
        ]
        query = " AND ".join(groups)
        if self.excluded:
            query = f"({query}) NOT ({' OR '.join(map(_quoted, self.excluded))})"
        return query

    def websearch(self) -> str:
        """As input for PostgreSQL's websearch_to_tsquery, which reads the same syntax."""
        parts = [" or ".join(map(_quoted, group)) for group in self.required]
        return " ".join([*parts, *(f"-{_quoted(p)}" for p in self.excluded)])


def _quoted(phrase: str) -> str:
    return f'"{phrase}"'  # a phrase holds no quote (parse_query removes them)


def parse_query(text: str) -> SearchQuery:
    """Read a person's query. ValueError when there is nothing to look for."""
    if not text.strip():
        raise ValueError("empty search: give at least one word")
    required: list[list[str]] = []
    excluded: list[str] = []
    either = False  # the previous term was OR
    for match in _TERM.finditer(text.translate(_WITHOUT_MARKS)):
        negated, quoted, bare = match.groups()
        if bare is not None:
            if bare.lower() == "or":
                either = bool(required)
                continue
            negated, quoted = ("-", bare[1:]) if bare.startswith("-") else ("", bare)
        phrase = " ".join(quoted.replace('"', " ").split())
        if not any(character.isalnum() for character in phrase):
            continue  # punctuation alone: no word the index holds
        if negated:
            excluded.append(phrase)
        elif either:
            required[-1].append(phrase)
        else:
            required.append([phrase])
        either = False
    if not required:
        raise ValueError(f"nothing to search for in {text!r}: give a word that must appear")
    return SearchQuery(tuple(tuple(group) for group in required), tuple(excluded))


def search_articles(
    session: Session, query: str, *, limit: int = 20, site: str | None = None
) -> list[SearchHit]:
    """The articles whose latest revision matches `query`, best first: a match in the title
    ranks above one in the text. ValueError for an empty query or a limit below 1."""
    if limit < 1:
        raise ValueError(f"limit must be at least 1, not {limit}")
    parsed = parse_query(query)
    if session.get_bind().dialect.name == "sqlite":
        stmt = _sqlite_search(parsed, limit, site)
    else:
        stmt = _postgresql_search(parsed, limit, site)
    return [
        SearchHit(
            article_id=row.article_id,
            url=row.url,
            title=row.title,
            snippet=row.snippet or "",
            rank=float(row.rank),
            published_at=row.published_at,
            fetched_url=row.fetched_url,
        )
        for row in session.execute(stmt)
    ]


def _is_latest() -> Any:
    """The condition that `revision` is its article's latest (older ones have no text)."""
    newer = aliased(Revision)
    latest = select(func.max(newer.number)).where(newer.article_id == Revision.article_id)
    return Revision.number == latest.scalar_subquery()


def _on_site(stmt: Select[Any], site: str | None) -> Select[Any]:
    if site is None:
        return stmt
    return stmt.join(Site, Site.id == Article.site_id).where(Site.host == site)


def _sqlite_search(query: SearchQuery, limit: int, site: str | None) -> Select[Any]:
    bm25 = func.bm25(_FTS_TABLE, TITLE_WEIGHT, 1.0)  # lower is better
    snippet = func.snippet(_FTS_TABLE, -1, MARK, MARK, ELLIPSIS, SNIPPET_WORDS)
    stmt = (
        select(
            Article.id.label("article_id"),
            Article.canonical_url.label("url"),
            Revision.title,
            Revision.published_at,
            Capture.url.label("fetched_url"),
            snippet.label("snippet"),
            (-bm25).label("rank"),
        )
        .select_from(_FTS)
        .join(Revision, Revision.id == _FTS.c.rowid)
        .join(Article, Article.id == Revision.article_id)
        .outerjoin(Capture, Capture.id == Revision.capture_id)
        .where(_FTS_TABLE.match(query.fts5()), _is_latest())
    )
    return _on_site(stmt, site).order_by(bm25, Article.id).limit(limit)


def _postgresql_search(query: SearchQuery, limit: int, site: str | None) -> Select[Any]:
    tsquery = func.websearch_to_tsquery(_PG_CONFIG, query.websearch())
    weighted = func.setweight(
        func.to_tsvector(_PG_CONFIG, func.translate(Revision.title, _ARABIC_MARKS, "")),
        literal_column("'A'"),
    ).op("||")(
        func.to_tsvector(_PG_CONFIG, func.translate(Revision.stored_text, _ARABIC_MARKS, ""))
    )
    rank = func.ts_rank(weighted, tsquery)
    best = (
        select(Revision.id.label("revision_id"), rank.label("rank"))
        .join(Article, Article.id == Revision.article_id)
        .where(_PG_DOCUMENT.op("@@")(tsquery), _is_latest())
    )
    best = _on_site(best, site).order_by(rank.desc(), Revision.id).limit(limit)
    top = best.subquery()
    # Headlines are costly: made for the few hits shown, not for every match.
    headline = func.ts_headline(
        _PG_CONFIG, func.translate(Revision.stored_text, _ARABIC_MARKS, ""), tsquery, _PG_HEADLINE
    )
    return (
        select(
            Article.id.label("article_id"),
            Article.canonical_url.label("url"),
            Revision.title,
            Revision.published_at,
            Capture.url.label("fetched_url"),
            headline.label("snippet"),
            top.c.rank,
        )
        .select_from(top)
        .join(Revision, Revision.id == top.c.revision_id)
        .join(Article, Article.id == Revision.article_id)
        .outerjoin(Capture, Capture.id == Revision.capture_id)
        .order_by(top.c.rank.desc(), Article.id)
    )
