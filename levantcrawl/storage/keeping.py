"""The writer's rules for one article reading, whichever batch or process brings it: a
capture that lost most of its text is a failure to review, not news (the collapse guard);
otherwise the revision decision (storage/revisions.py), then its near duplicate and its
next check. Takes an ArticleRecord, never a crawl's item."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from levantcrawl.schedule import RevisitPolicy
from levantcrawl.storage import crawls, near_duplicates, revisions, revisits
from levantcrawl.storage.models import Article

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from levantcrawl.record import ArticleRecord

# Outcomes of save_article that are a change of content, for the revisit schedule.
CHANGED = frozenset({"new", "revised", "returned"})


@dataclass(frozen=True, slots=True)
class KeepRules:
    collapse: float = 0.5  # a capture losing this share of its words is a failure, not news
    near_threshold: float | None = 0.4  # None: near duplicates not looked for
    revisits: RevisitPolicy = field(default_factory=RevisitPolicy)


@dataclass(frozen=True, slots=True)
class Kept:
    outcome: str  # collapsed, or save_article's: new | revised | unchanged | cleaned | returned
    copy_of: near_duplicates.NearDuplicate | None = None


def keep_article(
    session: Session, crawl_id: int, record: ArticleRecord, rules: KeepRules, *, archived: bool
) -> Kept:
    """Store one reading. `archived`: the article may have an earlier revision to compare
    word counts with (False skips the lookup, for a URL the caller knows is new)."""
    previous_words = (
        revisions.latest_word_count(session, record.canonical_url) if archived else None
    )
    words = record.extracted.word_count
    if previous_words and words < previous_words * (1 - rules.collapse):
        # Still a 200, but most of the text is gone: a broken page or extraction, for a
        # person to review, not a new version of the news.
        reason = f"clean text collapsed from {previous_words} to {words} words"
        crawls.record_failure(
            session, crawl_id, record.capture.url, reason, record.capture.fetched_at
        )
        return Kept("collapsed")
    result = revisions.save_article(session, crawl_id, record)
    match = None
    if result.outcome != "unchanged" and record.signature and rules.near_threshold is not None:
        match = near_duplicates.mark_near_duplicate(
            session,
            result.article_id,
            record.signature,
            rules.near_threshold,
            first=result.outcome == "new",
        )
    article = session.get(Article, result.article_id)
    assert article is not None
    # Whatever the outcome, the latest revision now carries this reading's date.
    revisits.schedule_after_save(
        article,
        record.published_at,
        changed=result.outcome in CHANGED,
        now=record.capture.fetched_at,
        policy=rules.revisits,
    )
    return Kept(result.outcome, match)
