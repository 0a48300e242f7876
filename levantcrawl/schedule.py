"""When to look at an archived article again: often while it is young, then less and less,
and less again each time it is found unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

HOUR = 3600
DAY = 24 * HOUR


@dataclass(frozen=True, slots=True)
class RevisitPolicy:
    """Every number is a LEVANTCRAWL_REVISIT_* setting."""

    # Intervals by the article's age: under the first step's age, the first interval, ...
    steps: tuple[tuple[int, int], ...] = (
        (6 * HOUR, HOUR),  # younger than 6 h: every hour
        (DAY, 6 * HOUR),
        (3 * DAY, DAY),
        (7 * DAY, 3 * DAY),
        (30 * DAY, 7 * DAY),
    )
    oldest: int = 30 * DAY  # older than every step
    age_fraction: float = 0.2  # never wait longer than this share of the article's age...
    backoff: float = 2.0  # ...but each unchanged check in a row multiplies the wait
    longest: int = 90 * DAY

    def interval(self, age_seconds: float, unchanged_checks: int) -> float:
        step = next((wait for limit, wait in self.steps if age_seconds < limit), self.oldest)
        base = min(float(step), max(HOUR, age_seconds * self.age_fraction))
        return min(self.longest, base * self.backoff ** max(0, unchanged_checks))

    def next_check(self, now: datetime, born: datetime, unchanged_checks: int) -> datetime:
        """`born`: the publication time, or when the archive first saw the article."""
        age = max(0.0, (now - born).total_seconds())
        return now + timedelta(seconds=self.interval(age, unchanged_checks))
