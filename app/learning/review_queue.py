"""The written answers instructors review, a page at a time: each learner's latest answer to each
written activity, ordered by the database as ``app.core.analytics.written.reviews`` orders them —
waiting first, the grader's flagged ones before the rest, oldest first; then reviewed ones, most
recently reviewed first. Only the answers on the page are read whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import case, func

from app.core import activity_types
from app.core.analytics.rows import AttemptRow
from app.core.analytics.written import ReviewItem, review_item
from app.core.content.model import Lesson
from app.core.grading.flags import BORDERLINE
from app.learning.aggregates import ROWS_PER_FETCH, _utc
from app.learning.db import db
from app.learning.models.attempts import Attempt

# 40 written answers of the shipped lesson's length (≈3 KB each, with their forms) keep the
# analytics page under 200 KB.
PER_PAGE = 40


@dataclass(frozen=True)
class QueueCounts:
    """How many answers the list holds, how many wait for a review, how many of those the
    grader flagged."""

    total: int
    waiting: int
    flagged: int


@dataclass(frozen=True)
class ReviewPage:
    items: tuple[ReviewItem, ...]
    number: int  # 1, 2, …
    pages: int  # at least 1
    total: int  # answers in the list (all, or only the flagged ones)
    waiting: int  # answers nobody has reviewed yet
    flagged: int  # of those, the ones the grader flagged


def reviewable_activities(lesson: Lesson) -> list[str]:
    return [a.id for a in lesson.activities.values() if activity_types.get(a.type).reviewable]


def _latest(lesson: Lesson, lesson_id: int):
    """Each learner's latest attempt at each written activity, with their number of attempts,
    whether it waits for a review and whether the grader flagged it."""
    order = (Attempt.created_at.desc(), Attempt.id.desc())
    window = {"partition_by": (Attempt.learner_id, Attempt.activity_id)}
    ranked = (
        db.select(
            Attempt.id.label("id"),
            func.row_number().over(**window, order_by=order).label("rank"),
            func.count().over(**window).label("attempts"),
        )
        .where(
            Attempt.lesson_id == lesson_id,
            Attempt.activity_id.in_(reviewable_activities(lesson)),
        )
        .subquery()
    )
    # Read the flag from the latest answers only, not from every attempt's grade.
    flag = Attempt.feedback[("details", "flag")].as_string() == BORDERLINE
    return (
        db.select(
            ranked.c.id,
            ranked.c.attempts,
            Attempt.created_at.label("created_at"),
            func.coalesce(Attempt.reviewed_at, Attempt.created_at).label("reviewed_at"),
            case((Attempt.override_percent.is_(None), 0), else_=1).label("reviewed"),
            case((flag, 1), else_=0).label("flag"),
        )
        .join(Attempt, Attempt.id == ranked.c.id)
        .where(ranked.c.rank == 1)
        .subquery()
    )


def _ordered(latest, flagged_only: bool):
    waiting = latest.c.reviewed == 0
    query = db.select(latest.c.id, latest.c.attempts).order_by(
        latest.c.reviewed,
        case((waiting, 1 - latest.c.flag), else_=0),
        case((waiting, latest.c.created_at)),
        case((waiting, latest.c.id)),
        case((~waiting, latest.c.reviewed_at)).desc(),
        latest.c.id.desc(),
    )
    if flagged_only:
        query = query.where(waiting, latest.c.flag == 1)
    return query


def _items(lesson: Lesson, ids_and_counts: list[tuple[int, int]]) -> list[ReviewItem]:
    counts = dict(ids_and_counts)
    attempts = {
        a.id: a for a in db.session.scalars(db.select(Attempt).where(Attempt.id.in_(list(counts))))
    }
    return [
        review_item(lesson.activities[attempts[i].activity_id], row(attempts[i]), counts[i])
        for i, _ in ids_and_counts
    ]


def row(a: Attempt) -> AttemptRow:
    return AttemptRow(
        id=a.id,
        learner_id=a.learner_id,
        activity_id=a.activity_id,
        activity_type=a.activity_type,
        created_at=_utc(a.created_at),
        percent=a.percent,
        passed=a.passed,
        feedback=a.feedback,
        response=a.response or {},
        override_percent=a.override_percent,
        override_comment=a.override_comment,
        reviewed_at=_utc(a.reviewed_at),
    )


def queue_counts(lesson: Lesson, lesson_id: int) -> QueueCounts:
    """The answers in the list, those waiting for a review, and of those the flagged ones."""
    latest = _latest(lesson, lesson_id)
    waiting_flag = func.sum(case((latest.c.reviewed == 0, latest.c.flag), else_=0))
    everyone, waiting, flagged = db.session.execute(
        db.select(func.count(), func.count() - func.sum(latest.c.reviewed), waiting_flag)
    ).one()
    return QueueCounts(everyone, waiting or 0, flagged or 0)


def review_page(
    lesson: Lesson,
    lesson_id: int,
    number: int = 1,
    flagged_only: bool = False,
    counts: QueueCounts | None = None,
) -> ReviewPage:
    """One page of the list (a number past the end gives the last page). With ``counts`` (a
    large lesson's, counted in the background) the numbers are those instead of counted now."""
    counts = counts or queue_counts(lesson, lesson_id)
    everyone, waiting, flagged = counts.total, counts.waiting, counts.flagged
    latest = _latest(lesson, lesson_id)
    total = (flagged or 0) if flagged_only else everyone
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(number, 1), pages)
    query = _ordered(latest, flagged_only).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    items = _items(lesson, [(i, n) for i, n in db.session.execute(query)])
    return ReviewPage(tuple(items), number, pages, total, waiting or 0, flagged or 0)


def review_item_of(lesson: Lesson, lesson_id: int, attempt_id: int) -> ReviewItem | None:
    """The answer just reviewed, shown with the page it was reviewed from."""
    latest = _latest(lesson, lesson_id)
    found = db.session.execute(
        db.select(latest.c.id, latest.c.attempts).where(latest.c.id == attempt_id)
    ).all()
    return _items(lesson, [(i, n) for i, n in found])[0] if found else None


def all_reviews(lesson: Lesson, lesson_id: int) -> Iterator[ReviewItem]:
    """The whole list, in order, read a batch at a time (the CSV)."""
    rows = db.session.execute(
        _ordered(_latest(lesson, lesson_id), False),
        execution_options={"yield_per": ROWS_PER_FETCH},
    )
    for batch in rows.partitions():
        yield from _items(lesson, [(i, n) for i, n in batch])
