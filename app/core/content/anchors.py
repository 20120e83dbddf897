"""Stable, unique ``id`` attributes for headings and activities."""

from __future__ import annotations

import re
import unicodedata

# Ids the page layout owns; authored anchors may not start with this prefix.
RESERVED_PREFIX = "page-"


def slugify(text: str) -> str:
    """``"Picking & Packing (2024)"`` → ``"picking-packing-2024"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug or "section"


class Anchors:
    """The ids used in one lesson; explicit ids must be unique, derived ones are made unique."""

    def __init__(self) -> None:
        self.lines: dict[str, int] = {}
        # The next number to try for each derived base: every lower one is taken already, so
        # a thousand headings with one title cost a thousand look-ups, not half a million.
        self._next_number: dict[str, int] = {}

    def __contains__(self, anchor: str) -> bool:
        return anchor in self.lines

    def claim(self, anchor: str, line: int) -> str | None:
        """Take an explicit id; return an error message if it can't be used."""
        if anchor.startswith(RESERVED_PREFIX):
            return (
                f"id '{anchor}' is reserved: ids starting with '{RESERVED_PREFIX}' "
                "belong to the page"
            )
        if anchor in self.lines:
            return f"duplicate id '{anchor}' (first used on line {self.lines[anchor]})"
        self.lines[anchor] = line
        return None

    def derive(self, title: str, line: int) -> str:
        """An id from a title: ``title-slug``, then ``title-slug-2``, … if already taken."""
        base = slugify(title)
        if base.startswith(RESERVED_PREFIX):
            base = "s-" + base
        anchor, number = base, self._next_number.get(base, 2)
        if anchor in self.lines:
            anchor = f"{base}-{number}"
            while anchor in self.lines:
                number += 1
                anchor = f"{base}-{number}"
            self._next_number[base] = number + 1
        self.lines[anchor] = line
        return anchor
