"""Hostile text and a check that a page carries none of it as live markup.

The templates contain no inline scripts, no event-handler attributes and no ``javascript:``
links, so any of those in a response can only have come from injected text.
"""

from __future__ import annotations

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror="alert(\'xss-2\')">',
    "'><svg onload=alert('xss-3')>",
    "</textarea><script>alert('xss-4')</script>",
    "<a href=\"javascript:alert('xss-5')\">click</a>",
    "<iframe src=\"javascript:alert('xss-6')\"></iframe>",
    "{{ 7*7 }}{% raw %}xss-7{% endraw %}",
    "<style>body{display:none}</style><div style=\"x:expression(alert('xss-8'))\">",
]
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _LiveMarkup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.found.append("inline <script>")
        if tag in ("iframe", "object", "embed", "style", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            if name == "style":
                self.found.append(f"{tag} style=")
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith(
                ("javascript:", "vbscript:", "data:text")
            ):
                self.found.append(f"{tag} {name}={value}")


def live_markup(html: str) -> list[str]:
    """Every script-capable construct in the HTML (empty for safe pages)."""
    parser = _LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_inert(html: str, where: str = "") -> None:
    found = live_markup(html)
    assert not found, (where, found)
    assert "49xss-7" not in html, (where, "text was rendered as a template")
