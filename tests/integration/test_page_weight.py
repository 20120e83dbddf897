"""The text face the pages preload: served as a font, cached for a year, fingerprinted. (The
weight of each lesson page with it is held by test_shipped_page_weight.py.)"""

from __future__ import annotations

from bench.weight import STYLESHEET
from tests.conftest import SEED_LESSON

BUDGET = 100 * 1024
GZIP = {"Accept-Encoding": "gzip"}


def served(client, url: str) -> tuple[int, bytes]:
    """Bytes on the wire with gzip, and the body as the browser reads it."""
    packed = client.get(url, headers=GZIP)
    assert packed.status_code == 200, url
    return len(packed.data), client.get(url).data


def test_the_font_is_preloaded_and_served_as_a_font_cached_for_a_year(client):
    html = client.get(f"/lessons/{SEED_LESSON}").text
    font = next(u for u in STYLESHEET.findall(html) if u.endswith(".woff2"))
    assert 'as="font" type="font/woff2" crossorigin' in html
    response = client.get(font)
    assert response.headers["Content-Type"] == "font/woff2"
    assert "immutable" in response.headers["Cache-Control"]
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.data[:4] == b"wOF2"
    assert "Content-Encoding" not in client.get(font, headers=GZIP).headers  # already compressed


def test_the_font_is_fingerprinted_like_every_static_file(app, client):
    html = client.get(f"/lessons/{SEED_LESSON}").text
    font = next(u for u in STYLESHEET.findall(html) if u.endswith(".woff2"))
    assert font == f"/static/{app.config['STATIC_VERSION']}/fonts/inter-latin-var.woff2"
