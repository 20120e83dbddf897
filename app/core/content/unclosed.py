"""Finding a ``:::`` block that is never closed.

An unclosed block swallows what follows it: the container rule closes a block at the next
``:::`` line whatever opened in between, so the section headings after it stop being sections
and every reference to those sections breaks. The author needs the block and its line, not the
dozens of problems that follow from it.

The lines are read as an author counts blocks: ``::: name`` opens one, a bare ``:::`` closes the
innermost, fenced code is skipped. A block still open at a section heading (``## ``, which can't
be inside a block) or at the end of the text was never closed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENING = re.compile(r" {0,3}:{3,}\s*([^\s:][^\s]*)")
_CLOSING = re.compile(r" {0,3}:{3,}\s*\Z")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class UnclosedBlock:
    name: str
    index: int  # 0-based line of the body where the block opens
    heading_index: int | None = None  # the section heading it swallowed, if any


def first_unclosed(lines: list[str]) -> UnclosedBlock | None:
    """The block still open at the first section heading after it, or at the end."""
    open_blocks: list[UnclosedBlock] = []
    fence = ""
    for index, line in enumerate(lines):
        text = line.rstrip("\n")
        if fence:
            if text.strip().startswith(fence) and not text.strip().strip(fence[0]):
                fence = ""
            continue
        if match := _FENCE.match(text):
            fence = match.group(1)
            continue
        if match := _OPENING.match(text):
            open_blocks.append(UnclosedBlock(match.group(1), index))
        elif _CLOSING.match(text):
            if open_blocks:
                open_blocks.pop()
        elif text.startswith("## ") and open_blocks:
            return UnclosedBlock(open_blocks[-1].name, open_blocks[-1].index, index)
    return open_blocks[-1] if open_blocks else None
