"""Everything the lesson page shows of one learner in one lesson: sections read, saved positions
and which activities they tried (read with the page, :mod:`app.learning.lesson_read`), and the
state of each activity tried (one more query, only once they have answered one). Callers pass
the learner; nothing here reads the request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.core.content.model import Lesson as LessonContent
from app.core.rules.completion import LessonProgress, lesson_progress
from app.learning.attempts import ActivityState, lesson_states, untried_states
from app.learning.models.learners import Learner, LearnerRef, Position


@dataclass(frozen=True)
class LessonSnapshot:
    progress: LessonProgress
    states: dict[str, ActivityState] = field(default_factory=lambda: defaultdict(ActivityState))
    positions: dict[str, Position] = field(default_factory=dict)  # by kind: reading, listening


def snapshot_from_rows(learner: Learner | LearnerRef | None, page, rows) -> LessonSnapshot:
    """The snapshot from tagged rows already read (the lesson page reads them with the rest of
    what it shows, :mod:`app.learning.lesson_read`)."""
    if learner is None:
        return LessonSnapshot(lesson_progress(page.content, set(), set()))
    return _snapshot(learner, page.lesson.id, page.content, rows)


def _snapshot(
    learner: Learner | LearnerRef, lesson_id: int, content: LessonContent, rows
) -> LessonSnapshot:
    """From rows (tag, key, section id, offset, time): ``position`` (kind, section, offset,
    time), ``section`` (id) read, ``tried`` (activity id) for each activity with an attempt."""
    read: set[str] = set()
    tried = False
    positions: dict[str, Position] = {}
    for tag, key, section_id, offset, updated_at in rows:
        if tag == "position":
            positions[key] = Position(
                kind=key, section_id=section_id, offset=offset, updated_at=updated_at
            )
        elif tag == "section":
            read.add(key)
        else:
            tried = True
    states = lesson_states(learner, lesson_id) if tried else untried_states(learner)
    passed = {activity for activity, state in states.items() if state.passed}
    return LessonSnapshot(lesson_progress(content, read, passed), states, positions)
