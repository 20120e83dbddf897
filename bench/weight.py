"""Page weight: the lesson page and every stylesheet, preloaded font and script it loads
(following ES module imports), raw and as served with compression, and any request to another
origin."""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from dataclasses import dataclass

RESOURCE = re.compile(r'<(?:link|script|img|audio|source|iframe)\b[^>]*?\b(?:href|src)="([^"]+)"')
STYLESHEET = re.compile(
    r'<link\b[^>]*rel="(?:stylesheet|modulepreload|preload)"[^>]*href="([^"]+)"'
)
SCRIPT = re.compile(r'<script\b[^>]*src="([^"]+)"')
IMPORT = re.compile(r'(?:import|from)\s*["\']([^"\']+\.js)["\']')


@dataclass
class Weight:
    files: int
    raw: int
    served: int  # bytes on the wire with Accept-Encoding: gzip
    other_origins: list[str]
    immutable: bool  # every CSS/JS/font file is served with a year-long immutable Cache-Control


def fetch(url: str, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), dict(response.headers)


def measure(page_url: str, cookie: str) -> Weight:
    origin = "{0.scheme}://{0.netloc}".format(urllib.parse.urlsplit(page_url))
    raw_html, _ = fetch(page_url, {"Cookie": cookie})
    html = raw_html.decode()
    served_html, _ = fetch(page_url, {"Cookie": cookie, "Accept-Encoding": "gzip"})
    other = sorted(
        u
        for u in RESOURCE.findall(html)
        if urllib.parse.urljoin(origin, u)[: len(origin)] != origin
    )
    queue = [urllib.parse.urljoin(page_url, u) for u in STYLESHEET.findall(html)]
    queue += [urllib.parse.urljoin(page_url, u) for u in SCRIPT.findall(html)]
    seen: set[str] = set()
    raw, served, immutable = len(raw_html), len(served_html), True
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith(origin):
            continue
        seen.add(url)
        body, _ = fetch(url, {})
        compressed, headers = fetch(url, {"Accept-Encoding": "gzip"})
        raw += len(body)
        served += len(compressed)
        cache = headers.get("Cache-Control", "")
        immutable &= "immutable" in cache and "max-age=31536000" in cache
        if url.endswith(".js"):
            queue += [urllib.parse.urljoin(url, m) for m in IMPORT.findall(body.decode())]
    return Weight(1 + len(seen), raw, served, other, immutable)
