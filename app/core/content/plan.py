"""What completing a lesson takes and where a learner picks it up, without the lesson's text.

The home and course pages show each lesson's progress and its Start/Continue/Review link: they
need the sections (id and title), which section each activity is in, and the required steps. A
:class:`LessonPlan` holds only that: 4–8 KB for the shipped lessons, which take 190–300 KB
parsed, so a process can keep one for every lesson it serves (``app.core.content.cache``).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.model import Lesson


@dataclass(frozen=True)
class SectionPlan:
    id: str
    title: str


@dataclass(frozen=True)
class ActivityPlan:
    section_id: str


@dataclass(frozen=True)
class LessonPlan:
    """The parts of :class:`~app.core.content.model.Lesson` that the completion and resume
    rules read, under the same names."""

    sections: tuple[SectionPlan, ...]
    activities: dict[str, ActivityPlan]
    required_sections: tuple[str, ...]
    required_activities: tuple[str, ...]

    def section(self, section_id: str) -> SectionPlan | None:
        return next((s for s in self.sections if s.id == section_id), None)


def plan_of(lesson: Lesson | LessonPlan) -> LessonPlan:
    if isinstance(lesson, LessonPlan):
        return lesson
    return LessonPlan(
        tuple(SectionPlan(s.id, s.title) for s in lesson.sections),
        {a.id: ActivityPlan(a.section_id) for a in lesson.activities.values()},
        lesson.required_sections,
        lesson.required_activities,
    )
