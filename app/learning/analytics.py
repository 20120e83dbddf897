"""A lesson's analytics for instructors: figures counted by the database where they can be
(``aggregates``), the rest from only the rows and columns they need; and the attempts instructors
review. ``attempt_rows`` and ``statement_rows`` still read every row, for checks and tools."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property

from sqlalchemy import JSON, case, func, literal_column, type_coerce

from app.core import activity_types
from app.core.analytics.criteria import WrittenCriteria, criteria_figures
from app.core.analytics.figures import LessonFigures, Overview, SectionStep, lesson_figures
from app.core.analytics.questions import QuestionFigures, question_figures
from app.core.analytics.rows import AttemptRow, StatementRow
from app.core.analytics.scores import ActivityFigures, LearnerActivity
from app.core.analytics.written import ReviewItem
from app.core.content.model import Lesson as LessonContent
from app.core.content.specs.free_text import FreeTextSpec
from app.learning import aggregates, figure_store, review_queue
from app.learning.aggregates import _utc
from app.learning.db import db
from app.learning.figure_store import Figures, Stored
from app.learning.lesson_queries import LessonPage, lesson_cache
from app.learning.models.attempts import Attempt
from app.learning.models.courses import LessonRevision, utcnow
from app.learning.models.learners import Statement


def attempt_rows(lesson_id: int) -> list[AttemptRow]:
    query = (
        db.select(Attempt).filter_by(lesson_id=lesson_id).order_by(Attempt.created_at, Attempt.id)
    )
    return [review_queue.row(a) for a in db.session.scalars(query)]


def statement_rows(lesson_id: int) -> list[StatementRow]:
    query = db.select(
        Statement.learner_id,
        Statement.verb,
        Statement.object_type,
        Statement.object_id,
        Statement.timestamp,
        Statement.result,
    ).filter_by(lesson_id=lesson_id)
    return [
        StatementRow(learner, verb, object_type, object_id, _utc(timestamp), result)
        for learner, verb, object_type, object_id, timestamp, result in db.session.execute(query)
    ]


def figures_for(page: LessonPage) -> LessonFigures:
    """The published lesson's figures computed in Python from every attempt and statement: the
    reference the database's counts are checked against, too slow for thousands of learners."""
    lesson_id = page.lesson.id
    return lesson_figures(page.content, attempt_rows(lesson_id), statement_rows(lesson_id))


def graded_rows(
    lesson_id: int, activity_ids: list[str], latest_only: bool = False
) -> list[AttemptRow]:
    """The attempts at these activities with only what question and criterion figures read:
    who, which activity, when, and a summary of the stored grade; with ``latest_only``, each
    learner's latest graded attempt at each activity alone (a graded attempt is one with a
    percent: the grader stores a percent and a grade together)."""
    if latest_only:
        window = {"partition_by": (Attempt.learner_id, Attempt.activity_id)}
        order = (Attempt.created_at.desc(), Attempt.id.desc())
        ranked = (
            db.select(Attempt.id, func.row_number().over(**window, order_by=order).label("rank"))
            .where(
                Attempt.lesson_id == lesson_id,
                Attempt.activity_id.in_(activity_ids),
                Attempt.percent.is_not(None),
            )
            .subquery()
        )
        latest = db.select(ranked.c.id).where(ranked.c.rank == 1)
    query = (
        db.select(
            Attempt.id,
            Attempt.learner_id,
            Attempt.activity_id,
            Attempt.activity_type,
            Attempt.created_at,
            _grade_summary(),
        )
        .where(Attempt.lesson_id == lesson_id, Attempt.activity_id.in_(activity_ids))
        .order_by(Attempt.created_at, Attempt.id)
    )
    if latest_only:
        query = query.where(Attempt.id.in_(latest))
    return [
        AttemptRow(i, learner, activity, kind, _utc(at), feedback=feedback)
        for i, learner, activity, kind, at, feedback in db.session.execute(query)
    ]


def _grade_summary():
    """Of each stored grade, only what question and criterion figures read: each feedback item's
    key and status, and the answers in its details. Built by the database, so Python decodes a
    few hundred bytes per attempt instead of the whole grade with its messages."""
    if db.session.get_bind().dialect.name == "postgresql":
        item = func.json_array_elements(Attempt.feedback["feedback"]).table_valued("value")
        pair = func.json_build_object(
            "key", item.c.value.op("->>")("key"), "status", item.c.value.op("->>")("status")
        )
        items = db.select(func.json_agg(pair)).select_from(item).scalar_subquery()
        summary = func.json_build_object(
            "feedback",
            func.coalesce(items, literal_column("'[]'::json")),
            "details",
            func.json_build_object("answers", Attempt.feedback[("details", "answers")]),
        )
        kind = func.json_typeof(Attempt.feedback)
    else:
        item = func.json_each(Attempt.feedback, "$.feedback").table_valued("value")
        pair = func.json_object(
            "key",
            func.json_extract(item.c.value, "$.key"),
            "status",
            func.json_extract(item.c.value, "$.status"),
        )
        items = db.select(func.json_group_array(pair)).select_from(item).scalar_subquery()
        answers = func.json_extract(Attempt.feedback, "$.details.answers")
        summary = func.json_object(
            "feedback", items, "details", func.json_object("answers", answers)
        )
        kind = func.json_type(Attempt.feedback)
    return type_coerce(case((kind == "object", summary)), JSON)


class LessonAnalytics:
    """One published lesson's figures, each counted when first asked for: the overview CSV
    counts the overview only. The same attributes as ``LessonFigures``, so the same tables and
    template read either; the long lists (``per_learner``, ``reviews``) are streamed. With
    ``stored`` (a large lesson's figures counted in the background, ``figure_store``) the
    figures and the numbers of answers to review are read from those instead."""

    def __init__(self, content: LessonContent, lesson_id: int, stored: Stored | None = None):
        self.content = content
        self.lesson_id = lesson_id
        self.stored = stored
        self._saved = stored.figures if stored else None

    @cached_property
    def overview(self) -> Overview:
        if self._saved:
            return self._saved.overview
        return aggregates.overview(self.content, self.lesson_id)

    @cached_property
    def funnel(self) -> tuple[SectionStep, ...]:
        if self._saved:
            return self._saved.funnel
        return aggregates.funnel(self.content, self.lesson_id)

    @cached_property
    def activities(self) -> tuple[ActivityFigures, ...]:
        if self._saved:
            return self._saved.activities
        return aggregates.activities(self.content, self.lesson_id)

    @cached_property
    def questions(self) -> tuple[QuestionFigures, ...]:
        if self._saved:
            return self._saved.questions
        ids = [
            a.id for a in self.content.activities.values() if activity_types.get(a.type).questions
        ]
        rows = graded_rows(self.lesson_id, ids) if ids else []
        return question_figures(self.content, rows)

    @cached_property
    def criteria(self) -> tuple[WrittenCriteria, ...]:
        if self._saved:
            return self._saved.criteria
        ids = [a.id for a in self.content.activities.values() if isinstance(a.spec, FreeTextSpec)]
        rows = graded_rows(self.lesson_id, ids, latest_only=True) if ids else []
        return criteria_figures(self.content, rows)

    @property
    def per_learner(self) -> Iterator[LearnerActivity]:
        return aggregates.per_learner(self.lesson_id)

    @property
    def reviews(self) -> Iterator[ReviewItem]:
        return review_queue.all_reviews(self.content, self.lesson_id)

    def review_page(self, number: int, flagged_only: bool) -> review_queue.ReviewPage:
        return review_queue.review_page(self.content, self.lesson_id, number, flagged_only)

    def review_item(self, attempt_id: int) -> ReviewItem | None:
        return review_queue.review_item_of(self.content, self.lesson_id, attempt_id)

    def counted(self) -> Figures:
        """Every figure the page shows, counted now (what the background count stores)."""
        return Figures(
            overview=self.overview,
            funnel=self.funnel,
            activities=self.activities,
            questions=self.questions,
            criteria=self.criteria,
            queue=review_queue.queue_counts(self.content, self.lesson_id),
        )


def analytics_for(page: LessonPage) -> LessonAnalytics:
    """The lesson's analytics counted on each request (what small lessons show)."""
    return LessonAnalytics(page.content, page.lesson.id)


@dataclass(frozen=True)
class AnalyticsView:
    """What an analytics request shows: the figures (None while a large lesson's first count
    runs), whether they are the stored ones and, for those, when they were counted and whether
    this request claimed a new count (the caller commits, then queues it)."""

    analytics: LessonAnalytics | None
    stored: Stored | None
    refresh_claimed: bool

    @property
    def live(self) -> bool:
        return self.stored is None


def analytics_view(page: LessonPage, now: datetime | None = None) -> AnalyticsView:
    """Live figures for a small lesson; a large one's stored figures, with a count claimed when
    there are none yet, they are too old or they were counted for another revision."""
    lesson_id = page.lesson.id
    if not figure_store.is_large(lesson_id):
        return AnalyticsView(analytics_for(page), None, False)
    now = now or utcnow()
    saved = figure_store.stored(lesson_id)
    claimed = False
    if saved.stale(figure_store.source_hash_of(page.revision_id), now):
        claimed = figure_store.claim_refresh(lesson_id, now)
        if claimed:
            saved = replace(saved, refresh_started_at=now)
    analytics = LessonAnalytics(page.content, lesson_id, saved) if saved.figures else None
    return AnalyticsView(analytics, saved, claimed)


def refresh_figures(page: LessonPage) -> Figures:
    """Count the lesson's figures now and store them (the caller commits)."""
    figures = analytics_for(page).counted()
    figure_store.save(page.lesson.id, figure_store.source_hash_of(page.revision_id), figures)
    return figures


def reviewable_attempt(lesson_id: int, attempt_id: int) -> Attempt | None:
    """An attempt of this lesson at an activity instructors review (written answers)."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.lesson_id != lesson_id:
        return None
    activity_type = activity_types.find(attempt.activity_type)
    return attempt if activity_type and activity_type.reviewable else None


def revision_content(slug: str, revision_id: int) -> LessonContent:
    """The lesson as it was in one revision (parsed once per source, like every page)."""
    source_hash, number = db.session.execute(
        db.select(LessonRevision.source_hash, LessonRevision.number).filter_by(id=revision_id)
    ).one()

    def load_source() -> str:
        return db.session.scalar(db.select(LessonRevision.source).filter_by(id=revision_id))

    return lesson_cache().get(source_hash, load_source, f"{slug} (revision {number})")
