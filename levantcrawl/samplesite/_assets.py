"""Static bytes of the site: tiny images and the inline CSS/JS bloat a WordPress theme ships."""

from __future__ import annotations

import struct
import zlib


def _png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    """A 1x1 grey baseline JPEG: one block whose DC and AC codes are both one bit long."""

    def segment(marker: int, payload: bytes) -> bytes:
        return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload

    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one code of length 1, for symbol 0
    return b"".join(
        (
            b"\xff\xd8",
            segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"),
            segment(0xDB, b"\x00" + b"\x01" * 64),
            segment(0xC0, b"\x08\x00\x01\x00\x01\x01\x01\x11\x00"),
            segment(0xC4, b"\x00" + one_code),
            segment(0xC4, b"\x10" + one_code),
            segment(0xDA, b"\x01\x01\x00\x00\x3f\x00"),
            b"\x3f",  # DC diff 0, then end-of-block, padded with ones
            b"\xff\xd9",
        )
    )


LOGO_PATH = "/wp-content/uploads/2023/01/levant-news-logo.png"
LOGO_PNG = _png(22, 6, (178, 34, 34))
LEAD_JPEG = _jpeg()


def _theme_css() -> str:
    # real themes inline tens of kilobytes of block styles; extractors must wade through them
    rules = [
        ":root{--ln-red:#b22222;--ln-ink:#1b1b1b;--ln-paper:#fff;--ln-muted:#6b6b6b}",
        "body{margin:0;font-family:Georgia,serif;color:var(--ln-ink);background:var(--ln-paper)}",
        "body.dark-mode{--ln-ink:#eee;--ln-paper:#121212}",
        ".top-bar{display:flex;justify-content:space-between;font-size:12px;padding:4px 16px}",
        ".main-navigation ul{list-style:none;display:flex;gap:18px;margin:0;padding:0}",
        ".entry-content p{font-size:18px;line-height:1.7;margin:0 0 1.2em}",
        ".widget-title{border-bottom:3px solid var(--ln-red);text-transform:uppercase}",
    ]
    for i in range(1, 121):
        rules.append(
            f".td-block-{i} .td-module-thumb{{margin:{i % 7}px {i % 5}px;"
            f"border-radius:{i % 4}px;opacity:.{90 + i % 10}}}"
            f".td-block-{i} .entry-title a{{font-size:{12 + i % 9}px;"
            f"letter-spacing:.0{i % 6}em;color:#{(i * 4099) % 0xFFFFFF:06x}}}"
        )
    return "\n".join(rules)


THEME_CSS = _theme_css()

THEME_JS = """
window.dataLayer = window.dataLayer || [];
function gtag(){dataLayer.push(arguments);}
gtag('js', new Date());
gtag('config', 'G-LEVANT0000', {'anonymize_ip': true});
var levantTheme = {"ajaxUrl": "/wp-admin/admin-ajax.php", "lazyLoad": true,
  "stickyHeader": true, "infiniteScroll": false, "shareCounts": {"facebook": 0, "twitter": 0},
  "ads": {"slots": ["top-leaderboard", "sidebar-1", "in-article-2", "footer-sticky"],
          "refreshSeconds": 30, "consentRequired": true}};
(function () {
  var key = 'levant-dark-mode';
  function apply(on) { document.body.classList.toggle('dark-mode', on); }
  document.addEventListener('DOMContentLoaded', function () {
    apply(localStorage.getItem(key) === '1');
    var button = document.querySelector('.dark-mode-toggle');
    if (button) {
      button.addEventListener('click', function () {
        var on = !document.body.classList.contains('dark-mode');
        localStorage.setItem(key, on ? '1' : '0');
        apply(on);
      });
    }
  });
})();
""".strip()
