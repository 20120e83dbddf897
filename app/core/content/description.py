"""The short plain-text description a page gives search engines and link previews."""

from __future__ import annotations

LIMIT = 160  # characters search results show before cutting a description off
ELLIPSIS = "…"


def meta_description(text: str, limit: int = LIMIT) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis to at most ``limit``
    characters."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words[: limit - len(ELLIPSIS) + 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # ends at a word boundary (the extra character told where)
    else:
        cut = cut[:-1]  # one long word: cut inside it
    return cut.rstrip(" ,;:.-–—") + ELLIPSIS
