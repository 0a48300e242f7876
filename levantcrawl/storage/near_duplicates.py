"""Near duplicates in the archive: MinHash signatures and LSH bands stored per article, the
earlier article a new one copies (one at a time or a whole run of new articles), and the
clusters the CLI lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, delete, func, insert, select, update

from levantcrawl.dedupe.minhash import band_keys, similarities
from levantcrawl.storage._rows import table_of
from levantcrawl.storage.models import Article, ArticleSignature, MinhashBand, Site

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sqlalchemy.orm import Session


# Signatures compared per stored article, at most (see mark_near_duplicate).
CANDIDATES = 64


@dataclass(frozen=True, slots=True)
class NearDuplicate:
    article_id: int  # the earliest article of the story
    similarity: float


# The earlier articles sharing the most bands, at most CANDIDATES of them: a copy shares
# several bands, and on a site whose articles all sound alike the plain list of articles
# sharing any band grows with the archive (each store would cost more than the last). Built
# once: building the statement for every article cost as much as running it.
_CANDIDATES_OF = (
    select(MinhashBand.article_id)
    .where(
        MinhashBand.band_key.in_(bindparam("keys", expanding=True)),
        MinhashBand.article_id < bindparam("article_id"),
    )
    .group_by(MinhashBand.article_id)
    .order_by(func.count().desc(), MinhashBand.article_id.desc())
    .limit(CANDIDATES)
)


_ARTICLES_BY_BAND = select(MinhashBand.band_key, MinhashBand.article_id).where(
    MinhashBand.band_key.in_(bindparam("keys", expanding=True))
)


_SIGNATURES_OF = (
    select(ArticleSignature.article_id, ArticleSignature.signature, Article.duplicate_of_id)
    .join(Article, Article.id == ArticleSignature.article_id)
    .where(ArticleSignature.article_id.in_(bindparam("ids", expanding=True)))
)


def candidates_sharing_bands(session: Session, keys: list[str], before: int) -> set[int]:
    """The stored articles older than `before` that share the most of `keys`."""
    # On the session's connection: a plain Core query, spared the ORM's per-statement work.
    rows = session.connection().execute(_CANDIDATES_OF, {"keys": keys, "article_id": before})
    return {int(article_id) for (article_id,) in rows}


# Band keys per query in articles_by_band: SQLite allows 32,766 bound values.
_KEYS_PER_QUERY = 4096


def articles_by_band(session: Session, keys: set[str]) -> dict[str, list[int]]:
    """The stored articles holding each of `keys`, for a whole run of new articles at once
    (see bulk.py)."""
    found: dict[str, list[int]] = {}
    ordered = sorted(keys)
    for at in range(0, len(ordered), _KEYS_PER_QUERY):
        chunk = ordered[at : at + _KEYS_PER_QUERY]
        rows = session.connection().execute(_ARTICLES_BY_BAND, {"keys": chunk})
        for key, article_id in rows:
            found.setdefault(key, []).append(int(article_id))
    return found


def signatures_of(session: Session, ids: set[int]) -> list[tuple[int, bytes, int | None]]:
    """(article id, signature, the article it copies) of each of `ids` that is signed."""
    if not ids:
        return []
    rows = session.connection().execute(_SIGNATURES_OF, {"ids": sorted(ids)})
    return [(int(i), sig, original) for i, sig, original in rows]


def most_similar(
    signature: bytes, others: Sequence[tuple[int, bytes, int | None]], threshold: float
) -> NearDuplicate | None:
    """The most similar of `others` at or above `threshold`, followed to the original of
    its story (the first of equals)."""
    best: NearDuplicate | None = None
    scores = similarities(signature, [other_signature for _, other_signature, _ in others])
    for (other_id, _, other_original), score in zip(others, scores, strict=True):
        if score >= threshold and (best is None or score > best.similarity):
            best = NearDuplicate(other_original or other_id, score)
    return best


def mark_near_duplicate(
    session: Session, article_id: int, signature: bytes, threshold: float, *, first: bool = False
) -> NearDuplicate | None:
    """Store the article's signature and bands, and record whether it copies an earlier
    article (never itself, never a later one): the most similar candidate at or above
    `threshold`, followed to the original of its story. Core statements throughout: this
    runs once per stored article. `first`: the article is new and has no signature yet."""
    session.flush()  # the article row must exist before rows that point at it
    keys = band_keys(signature)
    candidates = candidates_sharing_bands(session, keys, article_id)
    best = most_similar(signature, signatures_of(session, candidates), threshold)
    if not first:
        session.execute(delete(MinhashBand).where(MinhashBand.article_id == article_id))
        session.execute(delete(ArticleSignature).where(ArticleSignature.article_id == article_id))
    # Core statements on the tables: the ORM's bulk insert spends Python on each of the bands.
    session.execute(
        insert(table_of(ArticleSignature)).values(article_id=article_id, signature=signature)
    )
    session.execute(
        insert(table_of(MinhashBand)), [{"band_key": k, "article_id": article_id} for k in keys]
    )
    if first and best is None:
        return None  # a new article's row already says it copies nothing
    session.execute(
        update(Article)
        .where(Article.id == article_id)
        .values(
            duplicate_of_id=best.article_id if best else None,
            duplicate_similarity=round(best.similarity, 4) if best else None,
        )
        .execution_options(synchronize_session="fetch")
    )
    return best


def duplicate_clusters(
    session: Session, site: str | None = None
) -> list[tuple[Article, list[Article]]]:
    """Each original with the articles recorded as its copies, largest clusters first."""
    stmt = select(Article).where(Article.duplicate_of_id.is_not(None))
    if site:
        stmt = stmt.join(Site, Site.id == Article.site_id).where(Site.host == site)
    copies: dict[int, list[Article]] = {}
    for copy in session.scalars(stmt.order_by(Article.id)):
        assert copy.duplicate_of_id is not None
        copies.setdefault(copy.duplicate_of_id, []).append(copy)
    originals = {a.id: a for a in session.scalars(select(Article).where(Article.id.in_(copies)))}
    clusters = [(originals[i], members) for i, members in copies.items() if i in originals]
    return sorted(clusters, key=lambda c: (-len(c[1]), c[0].id))


_ARTICLE_TABLE = table_of(Article)
_SIGNATURE_TABLE = table_of(ArticleSignature)
_BAND_TABLE = table_of(MinhashBand)
_MARK_COPY = (
    update(_ARTICLE_TABLE)
    .where(_ARTICLE_TABLE.c.id == bindparam("copy_id"))
    .values(duplicate_of_id=bindparam("original_id"), duplicate_similarity=bindparam("score"))
)


def mark_run(
    session: Session, articles: Sequence[tuple[int, bytes | None]], threshold: float
) -> list[NearDuplicate | None]:
    """`mark_near_duplicate` for each of a run of new articles (id, signature) in turn: the
    earlier articles sharing the most bands, archived ones and the run's own, and the most
    similar at or above `threshold`. The archive is asked twice for the whole run (the band
    rows sharing any of its keys, then the signatures of the candidates among them), not
    twice per article: every archived article is older than the run's, so what it holds for
    one of them it holds for all. The run's bands are written last, in one statement."""
    keyed = [(i, signed, band_keys(signed)) for i, signed in articles if signed]
    archived = articles_by_band(session, {key for _, _, keys in keyed for key in keys})
    shared_archived = {
        article_id: _shared_with_archived(keys, archived) for article_id, _, keys in keyed
    }
    wanted_archived = set().union(*(_most_shared(c) for c in shared_archived.values()))
    stored = {
        other_id: (other_id, sig, original)
        for other_id, sig, original in signatures_of(session, wanted_archived)
    }
    best_of: dict[int, NearDuplicate | None] = {}
    earlier: list[tuple[int, bytes, set[str], int | None]] = []  # the run's signed articles
    for article_id, signature, keys in keyed:
        shared = shared_archived[article_id]
        for other_id, _, other_keys, _ in earlier:  # the run's own, never in the archive yet
            if not other_keys.isdisjoint(keys):
                shared[other_id] = len(other_keys.intersection(keys))
        wanted = _most_shared(shared)
        others = [(i, sig, original) for i, sig, _, original in earlier if i in wanted]
        others += [stored[i] for i in sorted(wanted) if i in stored]
        best = best_of[article_id] = most_similar(signature, others, threshold)
        earlier.append((article_id, signature, set(keys), best.article_id if best else None))
    copies = [best_of.get(article_id) for article_id, _ in articles]
    marked = [
        {"copy_id": i, "original_id": copy.article_id, "score": round(copy.similarity, 4)}
        for (i, _), copy in zip(articles, copies, strict=True)
        if copy is not None
    ]
    if marked:
        session.connection().execute(_MARK_COPY, marked)
    if keyed:
        session.connection().execute(
            insert(_SIGNATURE_TABLE),
            [{"article_id": i, "signature": sig} for i, sig, _ in keyed],
        )
        session.connection().execute(
            insert(_BAND_TABLE),
            [{"band_key": key, "article_id": i} for i, _, keys in keyed for key in keys],
        )
    return copies


def _shared_with_archived(keys: list[str], archived: dict[str, list[int]]) -> dict[int, int]:
    """How many of `keys` each archived article shares."""
    shared: dict[int, int] = {}
    for key in keys:
        for other_id in archived.get(key, ()):
            shared[other_id] = shared.get(other_id, 0) + 1
    return shared


def _most_shared(shared: dict[int, int]) -> set[int]:
    """The CANDIDATES sharing the most bands, the newest first among equals: the order of
    `candidates_sharing_bands`."""
    ranked = sorted(shared.items(), key=lambda found: (-found[1], -found[0]))
    return {other_id for other_id, _ in ranked[:CANDIDATES]}
