"""Where a learner is in a lesson, and which of two places to keep.

Positions arrive late and out of order (one tab's batch after another's, a second browser's
progress merged at sign-in), so saving a position and merging two learners choose alike: the more
recent one is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class PositionRecord:
    lesson_id: int
    kind: str  # reading | listening
    section_id: str
    offset: float  # seconds into the section's audio
    updated_at: datetime


def later(a: PositionRecord, b: PositionRecord) -> PositionRecord:
    """The more recent position; ties go to the one further along, so the choice is stable."""
    return max(a, b, key=lambda p: (p.updated_at, p.section_id, p.offset))
