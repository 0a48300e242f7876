"""A small synthetic news theme whose boilerplate sits where trafilatura keeps it: the case
a per-site template model exists for. Shared by the template and re-extraction tests."""

from __future__ import annotations

WORDS = [
    "ministers",
    "council",
    "harbour",
    "budget",
    "tender",
    "grain",
    "electricity",
    "border",
    "talks",
    "mayor",
    "village",
    "farmers",
    "clinic",
    "school",
    "bridge",
    "court",
    "ruling",
    "strike",
    "union",
    "wages",
    "diesel",
    "water",
    "road",
]


def prose(seed: int, n: int = 40) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(n)).capitalize() + "."


def page(i: int, *, quote: bool = False) -> tuple[str, str]:
    """A small news theme whose boilerplate sits where trafilatura keeps it."""
    body = [prose(i * 5 + k) for k in range(4)]
    if quote:
        body.insert(
            1, "“We will not accept a deal that leaves the port in ruins,” the minister said."
        )
    paragraphs = "".join(f"<p>{p}</p>" for p in body)
    html = f"""<html lang="en"><head><meta property="og:type" content="article"></head><body>
    <div class="masthead"><span class="today">Friday, 15 November 2024</span></div>
    <main><h1>Story number {i} about the harbour</h1>
    <aside class="ticker">Friday, 15 November 2024</aside>
    <div class="story-body">
      <p>Share this article on social media and with your friends</p>
      {paragraphs}
      <p>Don't miss: <a href="/story/{i + 100}">Headline of another story {i}</a></p>
      <p>Subscribe to our daily newsletter for the latest news from the region</p>
    </div></main></body></html>"""
    return html, f"https://site.example/2024/08/{i:02d}/story-{i}"
