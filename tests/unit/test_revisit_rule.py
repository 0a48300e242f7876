"""Which archived articles a sitemap's or feed's lastmod makes due."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from levantcrawl.spiders.revisits import listed_changed, listed_lastmod
from levantcrawl.storage.revisits import KnownArticle

pytestmark = pytest.mark.unit
CAPTURED = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)


def known(listed: str | None) -> KnownArticle:
    return KnownArticle("http://h/2024/08/1-a", CAPTURED, False, '"e1"', None, listed)


@pytest.mark.parametrize(
    ("recorded", "lastmod", "due"),
    [
        ("2024-11-10T09:00:00+02:00", "2024-11-10T09:00:00+02:00", False),
        # Edited, and stamped with a time long before our capture: due all the same.
        ("2024-11-10T09:00:00+02:00", "2024-11-12T09:15:00+02:00", True),
        ("2024-11-10T09:00:00+02:00", "2024-11-01T08:00:00+02:00", True),
        (None, "2024-11-10T09:00:00+02:00", True),  # never recorded: asked once
        ("2024-11-10T09:00:00+02:00", None, False),  # no lastmod: the schedule decides
        ("2024-11-10T09:00:00+02:00", "  2024-11-10T09:00:00+02:00\n", False),
    ],
)
def test_a_lastmod_that_differs_from_the_recorded_one_makes_an_article_due(
    recorded: str | None, lastmod: str | None, due: bool
) -> None:
    assert listed_changed(known(recorded), lastmod) is due


def test_a_lastmod_is_recorded_trimmed_to_its_column() -> None:
    assert listed_lastmod("  x" * 40) == ("  x" * 40).strip()[:64]
