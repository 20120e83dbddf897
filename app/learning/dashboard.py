"""What the learner dashboard shows: a summary of each published lesson, course by course.

The figures come from a fixed handful of queries whatever the number of lessons, attempts and
statements (app.learning.learner_totals); the detail of a lesson (its objectives, every attempt)
is on that lesson's history page (app.learning.history).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from app.core import activity_types
from app.core.content.model import Lesson as LessonContent
from app.core.content.plan import LessonPlan, SectionPlan
from app.core.grading.result import Grade
from app.core.rules.completion import LessonProgress, lesson_progress
from app.core.rules.mastery import Mastery, Recommendation, mastery, recommendations
from app.learning import learner_totals
from app.learning.learner_totals import ActivityTotal, Reading
from app.learning.lesson_queries import (
    LessonSummary,
    course_list,
    course_plans,
    summary_content,
)
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner, LearnerRef

RECOMMENDED_LESSONS = 5  # lessons the dashboard suggests next steps in, most recent first
RECOMMENDATIONS = 3  # next steps per lesson there (its history page lists them all)
REVIEWS = 5  # instructors' reviews shown, newest first


def best_question_points(attempts: list[Attempt]) -> dict[str, dict[str, float]]:
    """Per quiz, per question: the best points (0..1) over these attempts (the lesson page's
    completion panel reads them from its attempts; the dashboard asks the database)."""
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


def activity_title(content: LessonContent, activity_id: str) -> str:
    """An activity as learners met it: its title, else its kind and section (else its id, for
    an activity the lesson no longer has)."""
    activity = content.activities.get(activity_id)
    if activity is None:
        return activity_id
    if activity.title:
        return activity.title
    label = activity_types.get(activity.type).label
    section = content.section(activity.section_id)
    return f"{label} in “{section.title}”" if section else label


def average_best(
    content: LessonContent | LessonPlan, activities: dict[str, ActivityTotal]
) -> int | None:
    """The mean of the best final percents of the lesson's activities that have one (None: no
    graded attempt yet), rounded."""
    best = [
        total.best
        for activity_id, total in activities.items()
        if total.best is not None and activity_id in content.activities
    ]
    return round(sum(best) / len(best)) if best else None


def best_percents(activities: dict[str, ActivityTotal]) -> dict[str, int]:
    return {a: total.best for a, total in activities.items() if total.best is not None}


def progress_of(
    content: LessonContent | LessonPlan, read: Reading | None, activities: dict[str, ActivityTotal]
) -> LessonProgress:
    passed = {a for a, total in activities.items() if total.passed}
    return lesson_progress(content, read.sections if read else set(), passed)


@dataclass(frozen=True)
class LessonRow:
    """A lesson's summary. It holds the lesson's plan, not its parsed text: a course of hundreds of
    lessons costs a few KB each (app.core.content.plan)."""

    id: int
    slug: str
    title: str
    duration_minutes: int | None
    summary: LessonSummary
    progress: LessonProgress
    seconds: int
    attempts: int
    average: int | None  # see average_best
    reading: SectionPlan | None  # where the learner's saved reading position is
    last_at: datetime | None  # the learner's latest answer, section read or active time here

    @property
    def started(self) -> bool:
        return self.progress.started or self.attempts > 0


@dataclass(frozen=True)
class CourseRows:
    slug: str
    title: str
    lessons: tuple[LessonRow, ...]


@dataclass(frozen=True)
class ReviewRow:
    lesson_slug: str
    lesson_title: str
    activity_id: str
    activity_title: str
    percent: int | None
    passed: bool | None
    comment: str | None


def review_row(slug: str, content: LessonContent, review: learner_totals.Review) -> ReviewRow:
    return ReviewRow(
        slug,
        content.title,
        review.activity_id,
        activity_title(content, review.activity_id),
        review.percent,
        review.passed,
        review.comment,
    )


@dataclass(frozen=True)
class NextSteps:
    lesson: LessonRow
    content: LessonContent
    recommendations: tuple[Recommendation, ...]


@dataclass(frozen=True)
class Dashboard:
    courses: tuple[CourseRows, ...]
    reviews: tuple[ReviewRow, ...] = ()
    more_reviews: bool = False  # more reviews than shown: each lesson's history has its own
    next_steps: tuple[NextSteps, ...] = ()

    @property
    def lessons(self) -> list[LessonRow]:
        return [row for course in self.courses for row in course.lessons]


def _lesson_row(
    lesson: LessonSummary,
    plan: LessonPlan,
    activities: dict[str, ActivityTotal],
    read: Reading | None,
    position: str | None,
) -> LessonRow:
    times = [t.last_at for t in activities.values()] + [read.last_at if read else None]
    known = [t for t in times if t is not None]
    return LessonRow(
        lesson.id,
        lesson.slug,
        lesson.title,
        lesson.duration_minutes,
        lesson,
        progress_of(plan, read, activities),
        read.seconds if read else 0,
        sum(total.attempts for total in activities.values()),
        average_best(plan, activities),
        plan.section(position) if position else None,
        max(known) if known else None,
    )


def next_steps(
    content: LessonContent,
    progress: LessonProgress,
    activities: dict[str, ActivityTotal],
    points: dict[str, dict[str, float]],
    following: tuple[str, str, bool] | None,  # the next lesson's slug, title, availability
) -> tuple[list[Mastery], list[Recommendation]]:
    """A lesson's mastery of each objective, and what to do next in it."""
    masteries = mastery(content, best_percents(activities), points)
    found = recommendations(content, progress, masteries, set(activities), following)
    return masteries, found


def dashboard_for(learner: Learner | LearnerRef | None, personalised: bool = False) -> Dashboard:
    """Every published lesson's summary; with ``personalised`` (a signed-in learner) also the
    next steps in the lessons worked on most recently."""
    courses = course_list()
    plans = course_plans(*courses)
    activities: dict[int, dict[str, ActivityTotal]] = {}
    read: dict[int, Reading] = {}
    positions: dict[int, str] = {}
    if learner is not None:
        activities = learner_totals.activity_totals(learner.id)
        read = learner_totals.reading(learner.id)
        positions = learner_totals.reading_positions(learner.id)
    shown = []
    lessons: dict[int, tuple[LessonRow, dict[str, LessonSummary]]] = {}
    for course in courses:
        by_slug = {lesson.slug: lesson for lesson in course.lessons}
        rows = []
        for lesson in course.lessons:
            if lesson.id not in plans:
                continue  # planned, or its published text can't be shown (logged)
            row = _lesson_row(
                lesson,
                plans[lesson.id],
                activities.get(lesson.id, {}),
                read.get(lesson.id),
                positions.get(lesson.id),
            )
            rows.append(row)
            lessons[lesson.id] = (row, by_slug)
        if rows:
            shown.append(CourseRows(course.slug, course.title, tuple(rows)))
    if learner is None:
        return Dashboard(tuple(shown))
    found = learner_totals.reviews(learner.id, REVIEWS + 1)
    reviews = []
    for review in found[:REVIEWS]:
        if review.lesson_id in lessons:
            row = lessons[review.lesson_id][0]
            content = summary_content(row.summary)  # a few lessons, parsed (cached) for titles
            if content is not None:
                reviews.append(review_row(row.slug, content, review))
    steps = _next_steps(learner, lessons, activities) if personalised else ()
    return Dashboard(tuple(shown), tuple(reviews), len(found) > REVIEWS, steps)


def _next_steps(
    learner: Learner | LearnerRef,
    lessons: dict[int, tuple[LessonRow, dict[str, LessonSummary]]],
    activities: dict[int, dict[str, ActivityTotal]],
) -> tuple[NextSteps, ...]:
    """Next steps in the lessons worked on most recently (those with something to suggest)."""
    started = [row for row, _ in lessons.values() if row.started]
    started.sort(key=lambda row: (row.last_at is not None, row.last_at), reverse=True)
    recent = started[: RECOMMENDED_LESSONS * 2]  # a few spare: some have nothing to suggest
    points = learner_totals.question_points(learner.id, [row.id for row in recent])
    steps = []
    for row in recent:
        content = summary_content(row.summary)  # a few lessons, parsed (cached): objectives
        if content is None:
            continue
        upcoming = lessons[row.id][1].get(content.next_lesson or "")
        following = (upcoming.slug, upcoming.title, upcoming.is_published) if upcoming else None
        mine = activities.get(row.id, {})
        _, found = next_steps(content, row.progress, mine, points.get(row.id, {}), following)
        if found:
            steps.append(NextSteps(row, content, tuple(found[:RECOMMENDATIONS])))
    return tuple(steps[:RECOMMENDED_LESSONS])
