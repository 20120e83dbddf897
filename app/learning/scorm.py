"""What a SCORM package opens (one published lesson, or a course's published lessons) and how far
its learner has got, for the hosted side of a package launch (app.web.scorm)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core.content.model import Lesson as LessonContent
from app.core.rules.lesson_score import lesson_score
from app.core.scorm.status import LessonStatus, package_status
from app.learning.attempts import lesson_states
from app.learning.db import db
from app.learning.errors import NotFound
from app.learning.lesson_queries import published_lesson, require_course_page
from app.learning.models.learners import Learner, LearnerRef, Position
from app.learning.progress import progress_in

KINDS = ("course", "lesson")


@dataclass(frozen=True)
class PackageLesson:
    id: int
    slug: str
    content: LessonContent


@dataclass(frozen=True)
class PackageScope:
    kind: str  # course | lesson
    slug: str
    title: str
    lessons: tuple[PackageLesson, ...]

    @property
    def identifier(self) -> str:
        return f"learnwell-{self.kind}-{self.slug}"


def package_scope(kind: str, slug: str) -> PackageScope:
    """The published lessons a package of this course or lesson opens (404 if there are none)."""
    if kind == "lesson":
        page = published_lesson(slug)
        if page is None:
            raise NotFound(f"There is no published lesson called “{slug}”.")
        lesson = PackageLesson(page.lesson.id, slug, page.content)
        return PackageScope(kind, slug, page.content.title, (lesson,))
    if kind != "course":
        raise NotFound(f"A package opens a course or a lesson, not a {kind!r}.")
    course = require_course_page(slug)
    lessons = []
    for item in course.lessons:
        page = published_lesson(item.slug) if item.is_published else None
        if page is not None:
            lessons.append(PackageLesson(item.id, item.slug, page.content))
    if not lessons:
        raise NotFound(f"The course “{slug}” has no published lesson to put in a package.")
    return PackageScope(kind, slug, course.title, tuple(lessons))


def _score(learner: Learner | LearnerRef | None, lesson: PackageLesson) -> float | None:
    content = lesson.content
    required = [a for a in content.required_activities if content.activities[a].graded]
    states = lesson_states(learner, lesson.id)
    return lesson_score(required, {a: s.best_percent for a, s in states.items()})


def _location(learner: Learner | LearnerRef, scope: PackageScope) -> str | None:
    """Where the learner last read in the package: ``lesson-slug#section-id``."""
    slugs = {lesson.id: lesson.slug for lesson in scope.lessons}
    position = db.session.scalar(
        db.select(Position)
        .where(
            Position.learner_id == learner.id,
            Position.lesson_id.in_(slugs),
            Position.kind == "reading",
        )
        .order_by(Position.updated_at.desc())
        .limit(1)
    )
    return f"{slugs[position.lesson_id]}#{position.section_id}" if position else None


def learner_status(learner: Learner | LearnerRef | None, scope: PackageScope) -> dict[str, Any]:
    """What the package reports to the LMS for this learner (app.core.scorm.status); ``None``:
    one who has saved nothing yet."""
    statuses = [
        LessonStatus(progress_in(learner, lesson.id, lesson.content), _score(learner, lesson))
        for lesson in scope.lessons
    ]
    return package_status(statuses, _location(learner, scope) if learner else None)
