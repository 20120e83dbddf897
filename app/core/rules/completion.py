"""A learner's progress through one lesson, by the lesson's completion rules."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.model import Lesson
from app.core.content.plan import LessonPlan


@dataclass(frozen=True)
class LessonProgress:
    sections_read: frozenset[str]
    activities_passed: frozenset[str]
    required_sections: tuple[str, ...]
    required_activities: tuple[str, ...]

    @property
    def sections_done(self) -> int:
        return sum(s in self.sections_read for s in self.required_sections)

    @property
    def activities_done(self) -> int:
        return sum(a in self.activities_passed for a in self.required_activities)

    @property
    def steps_total(self) -> int:
        return len(self.required_sections) + len(self.required_activities)

    @property
    def percent(self) -> int:
        if not self.steps_total:
            return 100
        return round(100 * (self.sections_done + self.activities_done) / self.steps_total)

    @property
    def complete(self) -> bool:
        return self.sections_done + self.activities_done == self.steps_total

    @property
    def started(self) -> bool:
        return bool(self.sections_read or self.activities_passed)

    def section_read(self, section_id: str) -> bool:
        return section_id in self.sections_read


def lesson_progress(
    lesson: Lesson | LessonPlan, sections_read: set[str], passed: set[str]
) -> LessonProgress:
    known_sections = {s.id for s in lesson.sections}
    return LessonProgress(
        frozenset(sections_read & known_sections),
        frozenset(passed & set(lesson.activities)),
        lesson.required_sections,
        lesson.required_activities,
    )
