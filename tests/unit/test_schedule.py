from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from levantcrawl.schedule import DAY, HOUR, RevisitPolicy

pytestmark = pytest.mark.unit
NOW = datetime(2024, 11, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (timedelta(hours=2), HOUR),
        (timedelta(hours=12), 2.4 * HOUR),  # a fifth of its age, under the 6 h step
        (timedelta(days=2), 0.4 * DAY),
        (timedelta(days=5), DAY),  # min(3 days, a fifth of 5 days)
        (timedelta(days=20), 4 * DAY),
        (timedelta(days=400), 30 * DAY),
    ],
)
def test_young_articles_are_checked_often(age: timedelta, expected: float) -> None:
    assert RevisitPolicy().interval(age.total_seconds(), 0) == pytest.approx(expected)


def test_unchanged_checks_back_off_up_to_a_ceiling() -> None:
    policy = RevisitPolicy()
    waits = [policy.interval(20 * DAY, n) for n in range(8)]
    assert waits[:3] == [4 * DAY, 8 * DAY, 16 * DAY]
    assert waits[-1] == 90 * DAY


def test_next_check_is_after_now() -> None:
    later = RevisitPolicy().next_check(NOW, NOW - timedelta(hours=3), 0)
    assert later == NOW + timedelta(hours=1)
