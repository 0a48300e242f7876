from __future__ import annotations

import pytest

from levantcrawl.health import HealthTally, RedesignWatch, alerts

pytestmark = pytest.mark.unit


def tally(n: int, *, words: int, dated: bool = True) -> dict[str, float]:
    health = HealthTally()
    for i in range(n):
        health.add(
            title=True, published=dated, authors=i % 2 == 0, section=True, words=words + i, kept=0.6
        )
    return health.summary()


def test_summary_gives_fill_rates_and_length_quantiles() -> None:
    summary = tally(20, words=400)
    assert summary["articles"] == 20
    assert summary["fill/title"] == 1.0
    assert summary["fill/authors"] == 0.5
    assert summary["words/p10"] == 402
    assert summary["words/p50"] == 410
    assert summary["kept/p50"] == 0.6


def test_a_sudden_drop_is_an_alert_and_a_steady_site_is_not() -> None:
    usual = [tally(30, words=400), tally(30, words=420)]
    assert alerts(tally(30, words=405), usual) == []
    broken = alerts(tally(30, words=60, dated=False), usual)
    assert any(a.startswith("words/p50 fell") for a in broken)
    assert any(a.startswith("fill/published fell") for a in broken)


def test_no_alert_without_enough_articles_or_history() -> None:
    assert alerts(tally(3, words=10), [tally(30, words=400)]) == []
    assert alerts(tally(30, words=10), []) == []


def test_redesign_watch_fires_once_when_text_collapses() -> None:
    watch = RedesignWatch(drop=0.5, recent=10, usual=100)
    assert all(watch.add(500 + i % 7) is None for i in range(60))
    falls = [fall for _ in range(10) if (fall := watch.add(40)) is not None]
    assert len(falls) == 1, "once most recent pages are short"
    usual, recent = falls[0]
    assert usual > 400
    assert recent == 40
    assert all(watch.add(40) is None for _ in range(30)), "the new length is the new usual"


def test_redesign_watch_ignores_a_few_short_pages() -> None:
    watch = RedesignWatch(drop=0.5, recent=10, usual=100)
    lengths = [500] * 40 + [30, 30, 30] + [500] * 40
    assert all(watch.add(n) is None for n in lengths)
