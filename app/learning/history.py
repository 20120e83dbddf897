"""One lesson's history for its learner: where they stand, how each objective and activity went,
and every attempt, a page at a time. The dashboard summarises; this is its detail on demand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.core.content.model import Section
from app.core.rules.completion import LessonProgress
from app.core.rules.mastery import Mastery, Recommendation
from app.learning import learner_totals
from app.learning.dashboard import (
    ReviewRow,
    activity_title,
    average_best,
    next_steps,
    progress_of,
    review_row,
)
from app.learning.learner_totals import ActivityTotal
from app.learning.lesson_queries import LessonPage, require_lesson_with_outline
from app.learning.models.learners import Learner, LearnerRef

PER_PAGE = 50  # attempts per page
REVIEWS = 20  # the lesson's newest reviews shown above them


@dataclass(frozen=True)
class ActivityLine:
    id: str
    title: str
    graded: bool
    total: ActivityTotal | None  # None: not tried yet


@dataclass(frozen=True)
class AttemptRow:
    activity_id: str
    activity_title: str
    when: datetime
    percent: int | None  # final: the instructor's, once reviewed
    passed: bool | None
    reviewed: bool


@dataclass(frozen=True)
class LessonHistory:
    page: LessonPage
    progress: LessonProgress
    seconds: int
    average: int | None  # app.learning.dashboard.average_best
    reading: Section | None
    activities: tuple[ActivityLine, ...]
    masteries: tuple[Mastery, ...]
    recommendations: tuple[Recommendation, ...]
    reviews: tuple[ReviewRow, ...]
    attempts: tuple[AttemptRow, ...]  # this page's, newest first
    number: int  # of this page, from 1
    pages: int
    total: int  # attempts in the lesson

    @property
    def first(self) -> int:
        """The position of this page's first attempt in the whole list, from 1."""
        return (self.number - 1) * PER_PAGE + 1

    @property
    def last(self) -> int:
        return self.first + len(self.attempts) - 1


def lesson_history(
    learner: Learner | LearnerRef | None, slug: str, number: int, personalised: bool = False
) -> LessonHistory:
    """The published lesson's history for this learner; page ``number`` of their attempts (a
    number out of range gives the nearest page). With ``personalised`` (a signed-in learner)
    also their mastery of each objective and what to do next."""
    page = require_lesson_with_outline(slug)
    content, lesson_id = page.content, page.lesson.id
    activities: dict[str, ActivityTotal] = {}
    read = position = None
    if learner is not None:
        activities = learner_totals.activities_in(learner.id, lesson_id)
        read = learner_totals.reading(learner.id, lesson_id).get(lesson_id)
        position = learner_totals.reading_positions(learner.id, lesson_id).get(lesson_id)
    total = sum(t.attempts for t in activities.values())
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(number, 1), pages)
    progress = progress_of(content, read, activities)
    lines, reviews, masteries, found = [], [], [], []
    if learner is not None and total:
        offset = (number - 1) * PER_PAGE
        lines = learner_totals.attempt_lines(learner.id, lesson_id, offset, PER_PAGE)
        reviews = [
            review_row(slug, content, review)
            for review in learner_totals.reviews(learner.id, REVIEWS, lesson_id)
        ]
    if learner is not None and personalised:
        points = learner_totals.question_points(learner.id, [lesson_id]) if total else {}
        upcoming = page.next_lesson
        following = (upcoming.slug, upcoming.title, upcoming.is_published) if upcoming else None
        masteries, found = next_steps(
            content, progress, activities, points.get(lesson_id, {}), following
        )
    tried = set(activities)
    shown = [
        ActivityLine(a.id, activity_title(content, a.id), a.graded, activities.get(a.id))
        for a in content.activities.values()
    ]
    # Attempts at activities the lesson no longer has stay in the history, after the others.
    shown += [
        ActivityLine(a, a, True, activities[a]) for a in sorted(tried - set(content.activities))
    ]
    return LessonHistory(
        page,
        progress,
        read.seconds if read else 0,
        average_best(content, activities),
        content.section(position) if position else None,
        tuple(shown),
        tuple(masteries),
        tuple(found),
        tuple(reviews),
        tuple(
            AttemptRow(
                line.activity_id,
                activity_title(content, line.activity_id),
                line.when,
                line.percent,
                line.passed,
                line.reviewed,
            )
            for line in lines
        ),
        number,
        pages,
        total,
    )
