"""A short, fixed-vocabulary name for a browser ("Firefox on Linux") from its User-Agent header.

The account page lists signed-in browsers by these names so a learner can recognise their own.
Only the words below can come out, never text from the header itself, so a forged header can't
put anything of its own into the page or the database.
"""

from __future__ import annotations

# First match wins: Edge and Opera also say "Chrome", Chrome also says "Safari", and browsers on
# iOS say "Mac OS X" while Android says "Linux".
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)
UNKNOWN = "Unknown browser"


def _first(header: str, table: tuple[tuple[str, str], ...]) -> str | None:
    return next((name for marker, name in table if marker in header), None)


def describe(user_agent: str | None) -> str:
    """ "Firefox on Linux", "Safari on iOS", "Chrome", or "Unknown browser"."""
    header = (user_agent or "")[:1000]
    browser, system = _first(header, BROWSERS), _first(header, SYSTEMS)
    if browser and system:
        return f"{browser} on {system}"
    return browser or (f"A browser on {system}" if system else UNKNOWN)
