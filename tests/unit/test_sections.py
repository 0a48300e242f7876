from __future__ import annotations

import pytest

from levantcrawl.normalize.sections import from_breadcrumbs, from_label, from_url_path

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("label", ["Russia/Iran", "Russia / Iran", "RUSSIA/IRAN", " Russia /Iran "])
def test_label_variants_normalise_to_one_section(label: str) -> None:
    section = from_label(label)
    assert section is not None
    assert (section.name, section.path, section.slug) == (
        "Russia/Iran",
        ("Russia", "Iran"),
        "russia-iran",
    )


def test_breadcrumbs_drop_home_and_the_title() -> None:
    section = from_breadcrumbs(["Home", "Lebanon", "Blast in port"], title="Blast in port")
    assert section is not None
    assert section.path == ("Lebanon",)


def test_site_alias_map_renames_a_label() -> None:
    section = from_label("Intl", aliases={"intl": "World"})
    assert section is not None
    assert section.name == "World"


def test_url_path_is_a_last_resort() -> None:
    section = from_url_path("/category/economy/page/2/")
    assert section is not None
    assert section.name == "Economy"
    assert from_url_path("/2024/08/1234-slug") is None


@pytest.mark.parametrize(
    ("label", "name", "path"),
    [
        ("World > Middle East", "World/Middle East", ("World", "Middle East")),
        ("World » Middle East", "World/Middle East", ("World", "Middle East")),
        ("World | Europe", "World/Europe", ("World", "Europe")),
        ("Gulf / Yemen", "Gulf/Yemen", ("Gulf", "Yemen")),
        ("LEBANON", "Lebanon", ("Lebanon",)),
        ("  Economy  ", "Economy", ("Economy",)),
        ("Opinion", "Opinion", ("Opinion",)),
        ("عربي ودولي", "عربي ودولي", ("عربي ودولي",)),
        ("لبنان / سياسة", "لبنان/سياسة", ("لبنان", "سياسة")),
        ("", None, None),
    ],
)
def test_section_labels_table(label: str, name: str | None, path: tuple[str, ...] | None) -> None:
    section = from_label(label)
    assert ((section.name, section.path) if section else (None, None)) == (name, path)


def test_site_aliases_merge_spellings_of_one_section() -> None:
    aliases = {"Syrie": "Syria", "Intl": "World"}
    assert [from_label(x, aliases).name for x in ("Syrie", "Syria", "SYRIE")] == ["Syria"] * 3  # type: ignore[union-attr]
    nested = from_label("Intl > Syrie", aliases)
    assert nested is not None
    assert nested.path == ("World", "Syria")
