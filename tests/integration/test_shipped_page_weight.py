"""Every shipped lesson's page stays light: the HTML and every stylesheet and script it loads
(following module imports) and the preloaded text face, as served with compression, weigh at most the page-weight target of
`make bench`, and nothing loads from another origin.

About the shipped content, found in content/: a lesson added there is weighed without being
named here. bench/weight.py measures the same through a real server for docs/benchmarks.md.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from app.core.content import load_catalog
from bench.web import TARGETS
from bench.weight import IMPORT, RESOURCE, SCRIPT, STYLESHEET
from tests.conftest import SEED_CONTENT

LESSONS = sorted(load_catalog(SEED_CONTENT).lessons)
GZIP = {"Accept-Encoding": "gzip"}


def served(client, path: str) -> tuple[int, bytes]:
    """Bytes on the wire with gzip accepted, and the body as a browser reads it."""
    compressed = client.get(path, headers=GZIP)
    assert compressed.status_code == 200, path
    return len(compressed.data), client.get(path).data


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_lesson_page_weighs_at_most_the_target_as_served(client, lesson_id):
    page = f"/lessons/{lesson_id}"
    total, body = served(client, page)
    html = body.decode()
    queue = [urljoin(page, u) for u in STYLESHEET.findall(html) + SCRIPT.findall(html)]
    seen: set[str] = set()
    while queue:
        path = urlsplit(queue.pop()).path
        if path in seen:
            continue
        seen.add(path)
        size, data = served(client, path)
        total += size
        if path.endswith(".js"):
            queue += [urljoin(path, m) for m in IMPORT.findall(data.decode())]
    assert any(p.endswith(".css") for p in seen) and any(p.endswith(".js") for p in seen)
    assert any(p.endswith(".woff2") for p in seen), "the preloaded text face counts too"
    assert total / 1000 <= TARGETS["weight_kb"], f"{total / 1000:.1f} KB"


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_lesson_page_loads_nothing_from_other_origins(client, lesson_id):
    html = client.get(f"/lessons/{lesson_id}").text
    assert [u for u in RESOURCE.findall(html) if urlsplit(u).netloc] == []
