from __future__ import annotations

import pytest

from levantcrawl.health import HealthTally, alerts

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
