"""The written answers instructors review, a page at a time: each learner's latest answer to each
written activity, in the order ``app.core.analytics.written.reviews`` gives them — waiting first,
the grader's flagged ones before the rest, oldest first; then reviewed ones, most recently
reviewed first. Read from ``review_entry`` (kept on write by ``app.learning.review_entries``),
whose index holds each of those three segments in order, so a page is one or two index ranges
and only the answers on it are read whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import func

from app.core import activity_types
from app.core.analytics.rows import AttemptRow
from app.core.analytics.written import ReviewItem, review_item
from app.core.content.model import Lesson
from app.learning.aggregates import ROWS_PER_FETCH, _utc
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.summaries import ReviewEntry
from app.learning.review_entries import FLAGGED, REVIEWED, WAITING

# 40 written answers of the shipped lesson's length (≈3 KB each, with their forms) keep the
# analytics page under 200 KB.
PER_PAGE = 40
# Answers read whole at a time for the CSV: building one (its grade unpacked and decoded) takes
# about half a millisecond, so the first rows leave after 100 of them rather than 2,000.
ITEMS_PER_READ = 100


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


# The queue's segments in order: each a range of ``ix_review_entry_queue``, the reviewed answers
# read backwards (most recently reviewed first).
SEGMENTS = ((FLAGGED, False), (WAITING, False), (REVIEWED, True))


def _segment(lesson: Lesson, lesson_id: int, state: int, backwards: bool):
    """One state's answers in queue order: attempt ids and the learner's number of attempts."""
    order = (ReviewEntry.sort_at, ReviewEntry.attempt_id)
    return (
        db.select(ReviewEntry.attempt_id, ReviewEntry.attempts)
        .where(
            ReviewEntry.lesson_id == lesson_id,
            ReviewEntry.state == state,
            ReviewEntry.activity_id.in_(reviewable_activities(lesson)),
        )
        .order_by(*(c.desc() for c in order) if backwards else order)
    )


def _state_counts(lesson: Lesson, lesson_id: int) -> dict[int, int]:
    query = (
        db.select(ReviewEntry.state, func.count())
        .where(
            ReviewEntry.lesson_id == lesson_id,
            ReviewEntry.activity_id.in_(reviewable_activities(lesson)),
        )
        .group_by(ReviewEntry.state)
    )
    return {state: n for state, n in db.session.execute(query)}


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
    n = _state_counts(lesson, lesson_id)
    flagged, waiting = n.get(FLAGGED, 0), n.get(FLAGGED, 0) + n.get(WAITING, 0)
    return QueueCounts(waiting + n.get(REVIEWED, 0), waiting, flagged)


def review_page(
    lesson: Lesson, lesson_id: int, number: int = 1, flagged_only: bool = False
) -> ReviewPage:
    """One page of the list (a number past the end gives the last page): the count of each
    state says where its segment starts, and only the segments the page spans are read."""
    n = _state_counts(lesson, lesson_id)
    flagged, waiting = n.get(FLAGGED, 0), n.get(FLAGGED, 0) + n.get(WAITING, 0)
    total = flagged if flagged_only else waiting + n.get(REVIEWED, 0)
    pages = max(1, -(-total // PER_PAGE))
    number = min(max(number, 1), pages)
    first, end = (number - 1) * PER_PAGE, number * PER_PAGE
    found: list[tuple[int, int]] = []
    start = 0
    for state, backwards in SEGMENTS[:1] if flagged_only else SEGMENTS:
        size = n.get(state, 0)
        skip, stop = max(first, start) - start, min(end, start + size) - start
        if stop > skip:
            query = _segment(lesson, lesson_id, state, backwards).offset(skip).limit(stop - skip)
            found.extend((i, k) for i, k in db.session.execute(query))
        start += size
    return ReviewPage(tuple(_items(lesson, found)), number, pages, total, waiting, flagged)


def review_item_of(lesson: Lesson, lesson_id: int, attempt_id: int) -> ReviewItem | None:
    """The answer just reviewed, shown with the page it was reviewed from."""
    found = db.session.execute(
        db.select(ReviewEntry.attempt_id, ReviewEntry.attempts).where(
            ReviewEntry.attempt_id == attempt_id,
            ReviewEntry.lesson_id == lesson_id,
            ReviewEntry.activity_id.in_(reviewable_activities(lesson)),
        )
    ).all()
    return _items(lesson, [(i, n) for i, n in found])[0] if found else None


def all_reviews(lesson: Lesson, lesson_id: int) -> Iterator[ReviewItem]:
    """The whole list, in order, read a batch at a time through the index (the CSV)."""
    for state, backwards in SEGMENTS:
        rows = db.session.execute(
            _segment(lesson, lesson_id, state, backwards),
            execution_options={"yield_per": ROWS_PER_FETCH},
        )
        for batch in rows.partitions():
            for start in range(0, len(batch), ITEMS_PER_READ):
                part = batch[start : start + ITEMS_PER_READ]
                yield from _items(lesson, [(i, n) for i, n in part])
