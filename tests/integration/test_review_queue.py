"""The written-answer review queue kept on write (``review_entry``): after any sequence of
answers, reviews and learner merges, every page of it, the flagged list, its counts and the CSV
equal the queue computed from the raw attempts with a window function (:func:`reference_queue`,
the query the page ran before the table existed)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import case, delete, func

from app.core.grading.flags import BORDERLINE
from app.learning import review_entries, review_queue
from app.learning.analytics import figures_for
from app.learning.attempts import NoAttemptsLeft, record_attempt
from app.learning.db import db
from app.learning.lesson_queries import require_published_lesson
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner
from app.learning.models.summaries import ReviewEntry
from app.learning.progress import merge_learners
from app.learning.review_queue import queue_counts, review_item_of, review_page
from app.learning.reviews import record_review
from tests import activity_answers as answers
from tests.lessons import SLUG

ANSWERS = (answers.wrong, answers.partly, answers.right)
SMALL_PAGE = 2  # so a handful of learners fill pages that span the queue's segments


def reference_queue(lesson, lesson_id: int, flagged_only: bool = False) -> list[tuple[int, int]]:
    """(attempt id, attempts) of each learner's latest answer to each written activity, in queue
    order, computed from every attempt: a window function over the lesson's written answers,
    then one sort of them all."""
    activities = review_queue.reviewable_activities(lesson)
    window = {"partition_by": (Attempt.learner_id, Attempt.activity_id)}
    ranked = (
        db.select(
            Attempt.id.label("id"),
            func.row_number()
            .over(**window, order_by=(Attempt.created_at.desc(), Attempt.id.desc()))
            .label("rank"),
            func.count().over(**window).label("attempts"),
        )
        .where(Attempt.lesson_id == lesson_id, Attempt.activity_id.in_(activities))
        .subquery()
    )
    flag = Attempt.feedback[("details", "flag")].as_string() == BORDERLINE
    latest = (
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
    return [(i, n) for i, n in db.session.execute(query)]


def listed(items) -> list[tuple[int, int]]:
    return [(item.attempt.id, item.attempts) for item in items]


def every_page(lesson, lesson_id: int, flagged_only: bool) -> list[tuple[int, int]]:
    first = review_page(lesson, lesson_id, 1, flagged_only)
    found = listed(first.items)
    for number in range(2, first.pages + 2):  # one past the end gives the last page again
        page = review_page(lesson, lesson_id, number, flagged_only)
        assert page.number == min(number, first.pages)
        if number <= first.pages:
            assert len(page.items) == min(SMALL_PAGE, page.total - (number - 1) * SMALL_PAGE)
            found += listed(page.items)
    return found


def ids(app) -> tuple[int, int]:
    with app.app_context():
        lesson_id = db.session.scalar(db.select(Lesson.id).filter_by(slug=SLUG))
        revision_id = db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id))
    return lesson_id, revision_id


def entries() -> list[tuple]:
    return sorted(
        tuple(row)
        for row in db.session.execute(
            db.select(
                ReviewEntry.learner_id,
                ReviewEntry.activity_id,
                ReviewEntry.attempt_id,
                ReviewEntry.attempts,
                ReviewEntry.state,
            )
        )
    )


def test_the_queue_kept_on_write_equals_the_queue_from_every_attempt(app, lesson, monkeypatch):
    monkeypatch.setattr(review_queue, "PER_PAGE", SMALL_PAGE)
    lesson_id, revision_id = ids(app)
    activities = list(lesson.content.activities.values())
    written = [a for a in activities if a.id in review_queue.reviewable_activities(lesson.content)]
    assert written
    written_ids = [a.id for a in written]

    class Writes(RuleBasedStateMachine):
        learners = Bundle("learners")

        def __init__(self):
            super().__init__()
            with app.app_context():
                db.session.execute(delete(Learner))
                db.session.commit()

        @rule(target=learners)
        def new_learner(self):
            with app.app_context():
                learner = Learner()
                db.session.add(learner)
                db.session.commit()
                return learner.id

        @rule(
            learner=learners,
            activity=st.sampled_from(written + activities),
            how=st.sampled_from(ANSWERS),
            band=st.sampled_from([0, 100]),  # 100: the grader flags every graded answer
        )
        def answer(self, learner, activity, how, band):
            if hasattr(activity.spec, "review_band"):
                activity = dataclasses.replace(
                    activity, spec=dataclasses.replace(activity.spec, review_band=band)
                )
            with app.app_context():
                if (who := db.session.get(Learner, learner)) is None:
                    return  # merged away
                try:
                    record_attempt(who, lesson_id, revision_id, activity, how(activity))
                except NoAttemptsLeft:
                    db.session.rollback()
                    return
                db.session.commit()

        @rule(learner=learners, latest=st.booleans(), percent=st.integers(0, 100))
        def review(self, learner, latest, percent):
            """A review (or a second one) of the learner's latest written answer, or of their
            first, which the queue no longer shows once they answered again."""
            with app.app_context():
                order = Attempt.id.desc() if latest else Attempt.id
                attempt = db.session.scalar(
                    db.select(Attempt)
                    .where(Attempt.learner_id == learner, Attempt.activity_id.in_(written_ids))
                    .order_by(order)
                )
                if attempt is not None:
                    record_review(attempt, 60, percent, "Reviewed.", reviewer_id=None)
                    db.session.commit()

        @rule(source=learners, into=learners)
        def merge(self, source, into):
            with app.app_context():
                one, other = db.session.get(Learner, source), db.session.get(Learner, into)
                if one is not None and other is not None:
                    merge_learners(one, other)
                    db.session.commit()

        @invariant()
        def the_queue_equals_the_reference(self):
            with app.test_request_context():
                content = require_published_lesson(SLUG).content
                expected = reference_queue(content, lesson_id)
                flagged = reference_queue(content, lesson_id, flagged_only=True)
                assert every_page(content, lesson_id, False) == expected
                assert every_page(content, lesson_id, True) == flagged
                reviewed = sum(1 for i, _ in expected if db.session.get(Attempt, i).reviewed)
                waiting = len(expected) - reviewed
                counts = queue_counts(content, lesson_id)
                assert (counts.total, counts.waiting, counts.flagged) == (
                    len(expected),
                    waiting,
                    len(flagged),
                )
                assert listed(review_queue.all_reviews(content, lesson_id)) == expected
                for attempt_id, attempts in expected:
                    item = review_item_of(content, lesson_id, attempt_id)
                    assert (item.attempt.id, item.attempts) == (attempt_id, attempts)
                # The Python computation over every row agrees too.
                page = require_published_lesson(SLUG).plain()
                assert listed(figures_for(page).reviews) == expected
                # And so do the rows read again from the attempts.
                kept = entries()
                review_entries.rebuild()
                assert entries() == kept
                db.session.rollback()

    Writes.TestCase.settings = settings(
        max_examples=15,
        stateful_step_count=16,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Writes.TestCase().runTest()


def test_an_answer_that_is_not_the_latest_is_not_in_the_queue(app, lesson):
    lesson_id, revision_id = ids(app)
    essay = lesson.content.activities["free-text-1"]
    with app.app_context():
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        first, _ = record_attempt(learner, lesson_id, revision_id, essay, answers.wrong(essay))
        second, _ = record_attempt(learner, lesson_id, revision_id, essay, answers.right(essay))
        first_id, second_id = first.id, second.id
        record_review(first, 60, 90, "", reviewer_id=None)  # the older answer: still waiting
        db.session.commit()
    with app.test_request_context():
        content = require_published_lesson(SLUG).content
        page = review_page(content, lesson_id)
        assert listed(page.items) == [(second_id, 2)]
        assert (page.waiting, page.total) == (1, 1)
        assert review_item_of(content, lesson_id, first_id) is None


def test_a_second_answer_replaces_only_its_own_learners_place(app, lesson):
    """The upsert compares the new answer with its own row's latest, not another learner's."""
    lesson_id, revision_id = ids(app)
    essay = lesson.content.activities["free-text-1"]
    with app.app_context():
        ada, bo = Learner(), Learner()
        db.session.add_all([ada, bo])
        db.session.flush()
        record_attempt(ada, lesson_id, revision_id, essay, answers.wrong(essay))
        bos, _ = record_attempt(bo, lesson_id, revision_id, essay, answers.wrong(essay))
        adas, _ = record_attempt(ada, lesson_id, revision_id, essay, answers.right(essay))
        db.session.commit()
        expected = {(ada.id, adas.id, 2), (bo.id, bos.id, 1)}
        found = db.session.execute(
            db.select(ReviewEntry.learner_id, ReviewEntry.attempt_id, ReviewEntry.attempts)
        )
        assert set(map(tuple, found)) == expected


def test_deleting_a_learner_takes_their_place_in_the_queue_with_them(app, lesson):
    lesson_id, revision_id = ids(app)
    essay = lesson.content.activities["free-text-1"]
    with app.app_context():
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        record_attempt(learner, lesson_id, revision_id, essay, answers.partly(essay))
        db.session.commit()
        assert len(entries()) == 1
        db.session.delete(learner)
        db.session.commit()
        assert entries() == []


@pytest.mark.parametrize("kind", ["quiz-1", "process-map-1"])
def test_answers_nobody_reviews_have_no_place_in_the_queue(app, lesson, kind):
    lesson_id, revision_id = ids(app)
    activity = lesson.content.activities[kind]
    with app.app_context():
        learner = Learner()
        db.session.add(learner)
        db.session.flush()
        record_attempt(learner, lesson_id, revision_id, activity, answers.right(activity))
        db.session.commit()
        assert entries() == []


def test_a_page_spanning_the_segments_reads_flagged_then_waiting_then_latest_reviewed(
    app, lesson, monkeypatch
):
    monkeypatch.setattr(review_queue, "PER_PAGE", 3)
    lesson_id, revision_id = ids(app)
    essay = lesson.content.activities["free-text-1"]
    flagging = dataclasses.replace(essay, spec=dataclasses.replace(essay.spec, review_band=100))
    start = datetime(2026, 3, 1, tzinfo=UTC)
    with app.app_context():
        made = []
        for activity in (essay, flagging, essay, essay, flagging, essay, essay):
            learner = Learner()
            db.session.add(learner)
            db.session.flush()
            attempt, _ = record_attempt(
                learner, lesson_id, revision_id, activity, answers.partly(activity)
            )
            made.append(attempt)
        ids_made = [a.id for a in made]
        # Reviewed out of order: the 4th answer last, the 6th first.
        for index, minutes in ((5, 1), (0, 2), (3, 3)):
            at = start + timedelta(minutes=minutes)
            record_review(made[index], 60, 70, "", reviewer_id=None, at=at)
        db.session.commit()
    flagged, waiting, reviewed = [1, 4], [2, 6], [3, 0, 5]
    expected = [ids_made[i] for i in flagged + waiting + reviewed]
    with app.test_request_context():
        content = require_published_lesson(SLUG).content
        pages = [review_page(content, lesson_id, n) for n in (1, 2, 3)]
        assert [[item.attempt.id for item in p.items] for p in pages] == [
            expected[:3],
            expected[3:6],
            expected[6:],
        ]
        assert [a for a, _ in reference_queue(content, lesson_id)] == expected
        assert (pages[0].total, pages[0].waiting, pages[0].flagged) == (7, 4, 2)
