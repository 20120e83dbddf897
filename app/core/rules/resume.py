"""Where a learner picks a lesson up again: the label and target of its Start/Continue/Review link.

The home and course pages show one link per lesson, so the learner never has to scroll a long
lesson to find where they were. The target is the section they were reading when it still has
work for them, else the first section of the required path that still does.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.model import Lesson
from app.core.content.plan import LessonPlan
from app.core.rules.completion import LessonProgress

START, CONTINUE, REVIEW = "start", "continue", "review"


@dataclass(frozen=True)
class Resume:
    action: str  # start | continue | review
    progress: LessonProgress
    section_id: str | None = None  # where "Continue" leads
    section_title: str = ""

    @property
    def label(self) -> str:
        if self.action == CONTINUE:
            return f"Continue: {self.section_title}"
        return "Review" if self.action == REVIEW else "Start"


def _open_work(lesson: Lesson | LessonPlan, progress: LessonProgress) -> list[str]:
    """Sections of the required path, in page order, with a required step still to do."""
    required_sections = set(progress.required_sections)
    unpassed = {
        lesson.activities[a].section_id
        for a in progress.required_activities
        if a not in progress.activities_passed and a in lesson.activities
    }
    return [
        s.id
        for s in lesson.sections
        if (s.id in required_sections and s.id not in progress.sections_read) or s.id in unpassed
    ]


def resume(
    lesson: Lesson | LessonPlan, progress: LessonProgress, reading: str | None = None
) -> Resume:
    """``reading`` is the section of the learner's saved reading position, if any."""
    if progress.complete and progress.started:
        return Resume(REVIEW, progress)
    known = lesson.section(reading) if reading else None
    if not progress.started and known is None:
        return Resume(START, progress)
    open_work = _open_work(lesson, progress)
    if known is not None and (known.id in open_work or not open_work):
        target = known
    elif open_work:
        target = lesson.section(open_work[0])
    else:
        target = lesson.sections[0] if lesson.sections else None
    if target is None:
        return Resume(START, progress)
    return Resume(CONTINUE, progress, target.id, target.title)
