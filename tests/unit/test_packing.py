from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from levantcrawl.storage.packing import pack, unpack

pytestmark = pytest.mark.unit
paragraphs = st.lists(st.text(min_size=1, max_size=40), max_size=12)


@given(older=paragraphs, newer=paragraphs)
def test_unpack_gives_back_the_older_text_exactly(older: list[str], newer: list[str]) -> None:
    assert unpack(pack(older, newer), newer) == older


def test_a_small_edit_costs_little() -> None:
    newer = [f"Paragraph {i}: " + "words of the article " * 20 for i in range(10)]
    older = [*newer[:4], newer[4].replace("words", "sentences", 1), *newer[5:]]
    delta = pack(older, newer)
    assert len(delta) < len("".join(newer)) / 10
