"""The Markdown that shows an uploaded image, written by the editor's image upload.

The description (alt text) is the author's, or empty: an empty one leaves ``![](…)`` for the
author to fill in, which the content check then asks for, rather than a placeholder that reads
as a description and would be published as one.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\\[\]])")
_SPACE = re.compile(r"\s+")


def image_markdown(url: str, alt: str = "") -> str:
    """``![alt](url)``, with the alt text on one line and its brackets and backslashes escaped
    so that it can't end the link early."""
    text = _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", alt).strip())
    return f"![{text}]({url})"
