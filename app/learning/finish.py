"""What the lesson page's completion panel shows once a learner has finished a lesson.

Finishing a long lesson deserves a clear finish line: what was done, how each activity went,
which objectives are mastered, the time it took, and where to go next. It is read only when the
lesson is complete (two small queries: the lesson's attempts for mastery, its active time).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.core import activity_types
from app.core.content.model import Activity, Section
from app.core.content.model import Lesson as LessonContent
from app.core.rules import xapi
from app.core.rules.completion import LessonProgress
from app.core.rules.mastery import Mastery, Recommendation, mastery, recommendations
from app.learning.attempts import ActivityState
from app.learning.dashboard import best_question_points
from app.learning.db import db
from app.learning.lesson_queries import LessonPage
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, LearnerRef, Statement


@dataclass(frozen=True)
class ActivityScore:
    id: str
    title: str
    best_percent: int | None  # None: saved, not graded, or not tried
    passed: bool
    required: bool
    bonus: bool


@dataclass(frozen=True)
class NextLesson:
    slug: str
    title: str
    available: bool


@dataclass(frozen=True)
class FinishReport:
    progress: LessonProgress
    sections_read: tuple[Section, ...]  # the required ones, in page order
    optional_read: int  # deep-dive sections read too
    scores: tuple[ActivityScore, ...]  # required activities, then bonus ones tried
    masteries: tuple[Mastery, ...]
    seconds: int
    next_lesson: NextLesson | None
    meanwhile: tuple[Recommendation, ...]  # while the next lesson is not out yet

    @property
    def mastered(self) -> tuple[Mastery, ...]:
        return tuple(m for m in self.masteries if m.status == "mastered")


def _title(content: LessonContent, activity: Activity) -> str:
    """An untitled activity is named by its kind and section, as learners met it."""
    if activity.title:
        return activity.title
    section = content.section(activity.section_id)
    label = activity_types.get(activity.type).label
    return f"{label} in “{section.title}”" if section else label


def _seconds(learner: Learner | LearnerRef, lesson_id: int) -> int:
    query = db.select(Statement.result).filter_by(
        learner_id=learner.id, lesson_id=lesson_id, verb=xapi.PROGRESSED
    )
    return sum(int((result or {}).get("seconds", 0)) for result in db.session.scalars(query))


def finish_report(
    learner: Learner | LearnerRef | None,
    page: LessonPage,
    progress: LessonProgress,
    states: Mapping[str, ActivityState],
) -> FinishReport | None:
    """The panel's contents, or None while the lesson is not complete."""
    if learner is None or not progress.complete:
        return None
    content = page.content
    attempts = list(
        db.session.scalars(
            db.select(Attempt).filter_by(learner_id=learner.id, lesson_id=page.lesson.id)
        )
    )
    best = {a: s.best_percent for a, s in states.items() if s.best_percent is not None}
    masteries = mastery(content, best, best_question_points(attempts))
    required = set(progress.required_activities)
    scores = tuple(
        ActivityScore(
            activity.id,
            _title(content, activity),
            states[activity.id].best_percent if activity.graded else None,
            states[activity.id].passed,
            activity.id in required,
            activity.bonus,
        )
        for activity in content.activities.values()
        if activity.id in required or (activity.graded and states[activity.id].count)
    )
    scores = tuple(sorted(scores, key=lambda s: not s.required))
    upcoming = page.next_lesson
    following = (
        NextLesson(upcoming.slug, upcoming.title, upcoming.is_published) if upcoming else None
    )
    meanwhile: tuple[Recommendation, ...] = ()
    if following is None or not following.available:
        tried = {a for a, s in states.items() if s.count}
        found = recommendations(content, progress, masteries, tried, None)
        meanwhile = tuple(r for r in found if r.kind in ("revisit", "try"))[:4]
    return FinishReport(
        progress,
        tuple(
            s
            for s in content.sections
            if s.id in progress.required_sections and s.id in progress.sections_read
        ),
        sum(1 for s in content.sections if s.optional and s.id in progress.sections_read),
        scores,
        tuple(masteries),
        _seconds(learner, page.lesson.id),
        following,
        meanwhile,
    )
