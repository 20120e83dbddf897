"""Turn a sentence as written into the text an engine should say.

Engines read symbols and abbreviations literally ("e dot g dot"); a few small substitutions make
lessons sound as a teacher would read them. The written text stays on the page and in the cue
track; only the engine sees this form.
"""

from __future__ import annotations

import re

_SUBSTITUTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE if flags else 0), replacement)
    for pattern, replacement, flags in (
        (r"\be\.g\.,?", "for example,", True),
        (r"\bi\.e\.,?", "that is,", True),
        (r"\betc\.", "et cetera.", True),
        (r"\bvs\.?(?=\s)", "versus", True),
        (r"\bapprox\.", "approximately", True),
        (r"\s*&\s*", " and ", False),
        (r"\s*[—–]\s*", ", ", False),  # dashes as pauses
        (r"(?<=\w)/(?=\w)", " or ", False),
        (r"\b(\d+)\s*%", r"\1 percent", False),
        (r"[*_#`|<>{}\[\]]", " ", False),  # Markdown and table punctuation left in the text
    )
)
_SPACES = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([,.;:!?])")
_REPEATED_COMMAS = re.compile(r",(\s*,)+")


def collapse_spaces(text: str) -> str:
    """One space between words, none at either end: how cue texts and page texts are compared."""
    return _SPACES.sub(" ", text).strip()


def spoken_text(text: str) -> str:
    """The text to synthesise for ``text``; empty when nothing in it can be said."""
    for pattern, replacement in _SUBSTITUTIONS:
        text = pattern.sub(replacement, text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", collapse_spaces(text))
    text = _REPEATED_COMMAS.sub(",", text).strip(" ,;:")
    return text if any(ch.isalnum() for ch in text) else ""
