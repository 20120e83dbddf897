"""Split prose into sentences, as character ranges, so each can be marked, read and timed.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` (and any closing quotes or brackets) followed by
white space and something that can start a sentence. Common abbreviations ("e.g.", "Dr.") and
initials do not end one; colons and semicolons never do, so "Order Placement: The customer…"
stays a single sentence.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    "e.g i.e etc vs cf approx dept est inc ltd co corp no nos fig figs mr mrs ms dr prof st jr sr"
    " jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k a.m p.m ca".split()
)

# A candidate boundary: terminal punctuation, closers, then space and a sentence start.
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"(?:^|[\s(\[])([\w.]+)\Z")
# How far before a dot to look for the word it ends. Only words of at most six characters are
# abbreviations; searching from the start of the text instead made every dot cost the length of
# the text before it (a long paragraph of short sentences took minutes).
WORD_WINDOW = 16


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the ``.`` at ``dot`` closes an abbreviation or an initial, not a sentence."""
    if text[dot] != ".":
        return False
    match = _WORD_BEFORE.search(text, max(0, dot - WORD_WINDOW), dot)
    if not match:
        return False
    word = match.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha() and text[match.start(1)].isupper()


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of the sentences of ``text``, without surrounding spaces.

    The ranges are in order and do not overlap; the characters between them are white space.
    """
    ranges: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if _is_abbreviation(text, match.start()):
            continue
        ranges.append((start, match.end()))
        start = match.end()
    ranges.append((start, len(text)))
    return [trimmed for r in ranges if (trimmed := _trim(text, *r)) is not None]


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
