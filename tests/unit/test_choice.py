"""The second reading and the choice between readings (reading.py, choice.py, jsonbody.py,
hidden.py, anchors.py)."""

from __future__ import annotations

import json

import pytest

from levantcrawl.extraction.anchors import with_links
from levantcrawl.extraction.choice import choose
from levantcrawl.extraction.hidden import drop_hidden
from levantcrawl.extraction.jsonbody import embedded_body, paragraphs_of, state_scripts
from levantcrawl.extraction.metadata import parse_html
from levantcrawl.extraction.reading import density_reading

pytestmark = pytest.mark.unit

SENTENCE = "The council met on Tuesday, and after a long debate, it voted for the new budget."


def _prose(n: int, tag: str = "p") -> str:
    return "".join(f"<{tag}>{i}: {SENTENCE}</{tag}>" for i in range(n))


def test_the_density_reading_finds_the_prose_and_leaves_the_chrome() -> None:
    html = (
        "<html><body><nav><ul><li><a href='/a'>Home</a></li><li><a href='/b'>World</a></li>"
        f"</ul></nav><div class='story'>{_prose(6)}</div>"
        "<div class='comments'><p>I disagree, strongly, with this, and so do many others.</p>"
        "</div><footer><p>Copyright, all rights reserved, 2024, Example Media.</p></footer>"
        "</body></html>"
    )
    paragraphs = density_reading(parse_html(html))
    assert paragraphs == [f"{i}: {SENTENCE}" for i in range(6)]


def test_the_density_reading_reads_loose_text_between_line_breaks() -> None:
    loose = "<br><br>".join(f"Line {i}: {SENTENCE}" for i in range(5))
    paragraphs = density_reading(parse_html(f"<html><body><div>{loose}</div></body></html>"))
    assert " ".join(paragraphs).count(SENTENCE) == 5


def test_a_json_body_wins_over_a_short_html_reading() -> None:
    body = "\n\n".join(f"Paragraph {i}. {SENTENCE}" for i in range(8))
    blocks, reading = choose([("Subscribe to read.", [])], [], body, [])
    assert reading == "json-ld"
    assert blocks[0][0] == f"Paragraph 0. {SENTENCE}"


def test_an_embedded_next_data_body_is_found_and_read_as_html() -> None:
    state = {"props": {"pageProps": {"story": {"title": "x", "body": _prose(8)}}}}
    html = (
        '<html><body><div id="app"></div><script id="__NEXT_DATA__" type="application/json">'
        f"{json.dumps(state)}</script></body></html>"
    )
    raws = state_scripts(parse_html(html))
    assert embedded_body(raws) == [f"{i}: {SENTENCE}" for i in range(8)]
    blocks, reading = choose([], [], None, raws)
    assert reading == "embedded"
    assert len(blocks) == 8


def test_a_failed_reading_gives_way_to_the_density_reading() -> None:
    density = [f"{i}: {SENTENCE}" for i in range(6)]
    blocks, reading = choose([("Menu", [])], density, None, [])
    assert (reading, len(blocks)) == ("density", 6)


def test_furniture_after_the_agreed_stretch_goes_and_prose_and_standfirst_stay() -> None:
    article = [f"{i}: {SENTENCE}" for i in range(10)]
    ours = [
        ("A standfirst", []),
        *[(text, []) for text in article],
        ("Another story's headline", []),
        (
            "Correction: an earlier version of this story gave the wrong date for the "
            "council's vote.",
            [],
        ),
    ]
    blocks, reading = choose(ours, article, None, [])
    assert reading.startswith("trafilatura, trimmed")
    texts = [text for text, _ in blocks]
    assert texts[:11] == ["A standfirst", *article]
    assert "Another story's headline" not in texts
    assert texts[-1].startswith("Correction: an earlier version")


@pytest.mark.parametrize("density_first", [False, True])
def test_readings_that_share_nothing_are_two_parts_of_one_story(density_first: bool) -> None:
    first_half = [(f"{i}: {SENTENCE}", []) for i in range(4)]
    second_half = [
        f"Part {i} of the second half: residents who spoke at the hearing asked for more "
        "buses, wider pavements and a library that opens on Sundays."
        for i in range(4)
    ]
    blocks, reading = choose(
        first_half, [*second_half, "Subscribe"], None, [], lambda a, b: density_first
    )
    assert reading == "trafilatura and the density reading"
    halves = [first_half, [(text, []) for text in second_half]]
    assert blocks == (halves[1] + halves[0] if density_first else halves[0] + halves[1])


def test_a_teaser_heading_ends_the_article_and_repeats_are_dropped() -> None:
    article = [(f"{i}: {SENTENCE}", []) for i in range(6)]
    ours = [*article, (f"3: {SENTENCE}", []), ("Top stories", []), ("Other story", [])]
    blocks, reading = choose(ours, [], None, [])
    assert reading == "trafilatura"
    assert blocks == article


def test_hidden_elements_go_with_their_text_but_not_the_text_after() -> None:
    tree = parse_html(
        '<html><body><p>Seen <span hidden>unseen</span>after. <b style="display: none">'
        "gone</b>kept</p></body></html>"
    )
    assert drop_hidden(tree) == 2
    assert "".join(tree.find(".//p").itertext()) == "Seen after. kept"


def test_links_are_found_again_only_in_their_sentence() -> None:
    tree = parse_html(
        '<html><body><ul class="tags"><li><a href="/tag/beirut">Beirut</a></li></ul>'
        '<p>Officials in <a href="/beirut-port">Beirut</a> said the port reopens.</p>'
        "<p>Talks in Beirut went on.</p></body></html>"
    )
    blocks = [("Officials in Beirut said the port reopens.", []), ("Talks in Beirut went on.", [])]
    linked = with_links(blocks, tree, "https://news.example/a/")
    assert linked[0][1] == [("https://news.example/beirut-port", "Beirut")]
    assert linked[1][1] == []  # the unlinked "Beirut" of the second paragraph


def test_a_tag_list_entry_is_no_link_of_the_text_that_names_its_neighbours() -> None:
    tree = parse_html(
        "<html><body><p>Talks on the Red Sea route and Beirut port went on.</p>"
        '<ul class="tags"><li><a href="/subjects/beirut">Beirut</a></li>'
        '<li><a href="/subjects/red-sea">Red Sea</a></li></ul></body></html>'
    )
    blocks = [("Talks on the Red Sea route and Beirut port went on.", [])]
    assert with_links(blocks, tree, "https://news.example/a/") == blocks


def test_the_words_beside_a_tag_are_no_context_when_they_are_other_tags() -> None:
    # A tag line of bare links: "Oman" beside "Red Sea" is another tag, though the body's
    # "Omani" holds it (the sample site's unmarked article 42635 stored this link or not
    # depending on whether it was read whole or through its learned container).
    tree = parse_html(
        "<html><body><p>Donors would cover Red Sea shipping, Omani mediators said.</p>"
        '<div class="story-tags"><a href="/subjects/diplomacy/">Diplomacy</a> '
        '<a href="/subjects/red-sea/">Red Sea</a> <a href="/subjects/oman/">Oman</a></div>'
        "</body></html>"
    )
    blocks = [("Donors would cover Red Sea shipping, Omani mediators said.", [])]
    assert with_links(blocks, tree, "https://news.example/a/") == blocks


def test_two_links_with_the_same_words_are_two_links_each_in_its_paragraph() -> None:
    tree = parse_html(
        '<html><body><p>Prices rose, says <a href="https://markets.example/r">a field report</a>'
        ' from the port.</p><p>Wages fell, says <a href="https://labour.example/w">a field'
        " report</a> of last week.</p></body></html>"
    )
    blocks = [
        ("Prices rose, says a field report from the port.", []),
        ("Wages fell, says a field report of last week.", []),
    ]
    linked = with_links(blocks, tree, "https://news.example/a/")
    assert [links for _, links in linked] == [
        [("https://markets.example/r", "a field report")],
        [("https://labour.example/w", "a field report")],
    ]


def test_plain_json_text_splits_on_blank_lines() -> None:
    assert paragraphs_of("One.\n\nTwo.") == ["One.", "Two."]
