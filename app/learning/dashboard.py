"""What the learner dashboard shows, gathered per published lesson."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from app.core import activity_types
from app.core.grading.result import Grade
from app.core.rules.completion import LessonProgress
from app.core.rules.mastery import Mastery, Recommendation, mastery, recommendations
from app.learning.db import db
from app.learning.lesson_queries import LessonPage, all_courses, published_lesson
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, Position
from app.learning.progress import positions, progress_in, time_spent


@dataclass(frozen=True)
class AttemptRow:
    activity_id: str
    activity_title: str
    when: datetime
    percent: int | None  # final: the instructor's, once reviewed
    passed: bool | None
    reviewed: bool = False
    comment: str | None = None


@dataclass
class LessonRow:
    page: LessonPage
    progress: LessonProgress
    seconds: int
    attempts: list[AttemptRow] = field(default_factory=list)
    masteries: list[Mastery] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    reading: Position | None = None

    @property
    def reviews(self) -> list[AttemptRow]:
        """Attempts an instructor reviewed, newest first."""
        return [row for row in reversed(self.attempts) if row.reviewed]


@dataclass
class Dashboard:
    lessons: list[LessonRow]

    @property
    def started(self) -> list[LessonRow]:
        return [row for row in self.lessons if row.progress.started or row.attempts]


def best_question_points(attempts: list[Attempt]) -> dict[str, dict[str, float]]:
    best: dict[str, dict[str, float]] = defaultdict(dict)
    for attempt in attempts:
        activity_type = activity_types.find(attempt.activity_type)
        if activity_type is None or not activity_type.questions or not attempt.feedback:
            continue
        for item in Grade.from_dict(attempt.feedback).feedback:
            question = item.key.removeprefix("q:")
            points = item.points / item.max_points if item.max_points else 0.0
            best[attempt.activity_id][question] = max(
                best[attempt.activity_id].get(question, 0), points
            )
    return best


def lesson_row(learner: Learner | None, page: LessonPage, seconds: int) -> LessonRow:
    content = page.content
    progress = progress_in(learner, page.lesson.id, content)
    attempts: list[Attempt] = []
    if learner is not None:
        attempts = list(
            db.session.scalars(
                db.select(Attempt)
                .filter_by(learner_id=learner.id, lesson_id=page.lesson.id)
                .order_by(Attempt.created_at, Attempt.id)
            )
        )
    best: dict[str, int] = {}
    for attempt in attempts:
        if attempt.final_percent is not None:
            best[attempt.activity_id] = max(best.get(attempt.activity_id, 0), attempt.final_percent)
    masteries = mastery(content, best, best_question_points(attempts))
    nxt = page.next_lesson
    upcoming = (nxt.slug, nxt.title, nxt.is_published) if nxt is not None else None
    tried = {a.activity_id for a in attempts}
    rows = [
        AttemptRow(
            a.activity_id,
            (content.activities[a.activity_id].title if a.activity_id in content.activities else "")
            or a.activity_id,
            a.created_at,
            a.final_percent,
            a.passed,
            a.reviewed,
            a.override_comment,
        )
        for a in attempts
    ]
    return LessonRow(
        page,
        progress,
        seconds,
        rows,
        masteries,
        recommendations(content, progress, masteries, tried, upcoming),
        positions(learner, page.lesson.id).get("reading"),
    )


def dashboard_for(learner: Learner | None) -> Dashboard:
    seconds = time_spent(learner)
    rows = []
    for course in all_courses():
        for lesson in course.lessons:
            if not lesson.is_published:
                continue
            page = published_lesson(lesson.slug)
            if page is not None:
                rows.append(lesson_row(learner, page, seconds.get(lesson.id, 0)))
    return Dashboard(rows)
