from __future__ import annotations

import pytest

from levantcrawl.normalize.encoding import decode_html

pytestmark = pytest.mark.unit
ARABIC = (
    "<html><head><title>خبر</title></head><body><p>أعلنت الحكومة اللبنانية يوم الإثنين عن "
    "خطة جديدة لإعادة إعمار مرفأ بيروت تمتد على خمس سنوات وتشمل بناء أرصفة حديثة.</p>"
    "</body></html>"
)


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("utf-8", "text/html; charset=windows-1256"),  # UTF-8 labelled as windows-1256
        ("windows-1256", "text/html; charset=utf-8"),  # windows-1256 labelled as UTF-8
        ("windows-1256", "text/html; charset=windows-1256"),
        ("utf-8", "text/html"),
        ("utf-8", None),
    ],
)
def test_arabic_reads_right_whatever_the_label_says(encoding: str, label: str | None) -> None:
    text, _ = decode_html(ARABIC.encode(encoding), label)
    assert "أعلنت الحكومة اللبنانية" in text
    assert "\ufffd" not in text
    assert "Ø" not in text, "no mojibake"


def test_a_declared_latin_page_stays_latin() -> None:
    page = "<p>Café au lait, naïve façade, déjà vu, in Beyrouth.</p>" * 3
    text, encoding = decode_html(page.encode("latin-1"), "text/html; charset=iso-8859-1")
    assert "Café" in text
    assert encoding.replace("_", "-") in ("iso-8859-1", "latin-1", "cp1252", "windows-1252")
