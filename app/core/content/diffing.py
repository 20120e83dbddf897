"""Line diffs between two revisions of a lesson, ready to show."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | added | removed | hunk
    text: str
    old_line: int | None = None
    new_line: int | None = None


def diff_lines(old: str, new: str, context: int = 3) -> list[DiffLine]:
    """A unified diff as lines with their numbers on each side."""
    a, b = old.splitlines(), new.splitlines()
    result: list[DiffLine] = []
    for group in difflib.SequenceMatcher(None, a, b).get_grouped_opcodes(context):
        first, last = group[0], group[-1]
        result.append(
            DiffLine("hunk", f"Lines {first[1] + 1}–{last[2]} → {first[3] + 1}–{last[4]}")
        )
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                result += [DiffLine("same", a[i], i + 1, j1 + i - i1 + 1) for i in range(i1, i2)]
                continue
            result += [DiffLine("removed", a[i], i + 1, None) for i in range(i1, i2)]
            result += [DiffLine("added", b[j], None, j + 1) for j in range(j1, j2)]
    return result
