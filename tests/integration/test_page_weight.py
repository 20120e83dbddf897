"""The lesson page stays light: its HTML, stylesheets, preloaded fonts and scripts (following
module imports) come to at most 100 KB as served with gzip, and the text face is among them."""

from __future__ import annotations

from urllib.parse import urljoin

from bench.weight import IMPORT, SCRIPT, STYLESHEET
from tests.conftest import SEED_LESSON

BUDGET = 100 * 1024
GZIP = {"Accept-Encoding": "gzip"}


def served(client, url: str) -> tuple[int, bytes]:
    """Bytes on the wire with gzip, and the body as the browser reads it."""
    packed = client.get(url, headers=GZIP)
    assert packed.status_code == 200, url
    return len(packed.data), client.get(url).data


def lesson_resources(client) -> dict[str, int]:
    page = f"/lessons/{SEED_LESSON}"
    size, html = served(client, page)
    sizes = {page: size}
    queue = [urljoin(page, u) for u in STYLESHEET.findall(html.decode())]
    queue += [urljoin(page, u) for u in SCRIPT.findall(html.decode())]
    while queue:
        url = queue.pop()
        if url in sizes:
            continue
        sizes[url], body = served(client, url)
        if url.endswith(".js"):
            queue += [urljoin(url, m) for m in IMPORT.findall(body.decode())]
    return sizes


def test_lesson_page_with_its_font_is_at_most_100_kb_served(client):
    sizes = lesson_resources(client)
    assert any(url.endswith(".woff2") for url in sizes), sizes
    assert sum(sizes.values()) <= BUDGET, sizes


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
