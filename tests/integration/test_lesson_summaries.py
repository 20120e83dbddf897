"""Each learner's lesson summary (``lesson_learner``) stays equal to the sums of their rows, however
the rows came: hypothesis runs random sequences of the writes the site makes — statements (repeats
of one id included, and statements of no lesson), answers graded as learners give them, reviews,
a learner merged into another as signing up does, a learner deleted with their account — each
committed as a request commits it, and after every step compares the summaries with a sum over
the raw rows in Python, and the overview the analytics page shows with the one computed from
every row. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL (the ``app`` fixture).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule
from sqlalchemy import delete

from app.core.analytics.rows import active_seconds
from app.core.rules import xapi
from app.learning.analytics import analytics_for, figures_for
from app.learning.attempts import NoAttemptsLeft, record_attempt
from app.learning.db import db
from app.learning.lesson_queries import require_published_lesson
from app.learning.models.attempts import Attempt
from app.learning.models.courses import Lesson, LessonRevision
from app.learning.models.learners import Learner, Statement
from app.learning.models.summaries import LessonLearner
from app.learning.progress import merge_learners, record_statement
from app.learning.reviews import record_review
from tests import activity_answers as answers
from tests.lessons import SLUG

BASE = datetime(2026, 1, 1, tzinfo=UTC)
STATEMENT_IDS = tuple(str(uuid.UUID(int=n)) for n in range(1, 5))  # a repeat is skipped
VERBS = (
    (xapi.EXPERIENCED, xapi.SECTION, "one"),
    (xapi.PROGRESSED, xapi.LESSON, SLUG),
    (xapi.COMPLETED, xapi.LESSON, SLUG),
    (xapi.ANSWERED, xapi.ACTIVITY, "quiz-1"),
)
SECONDS = st.one_of(st.none(), st.integers(-5, 600), st.floats(0, 600), st.booleans())
ANSWERS = (answers.wrong, answers.partly, answers.right)


def utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def summed_from_rows() -> dict[tuple[int, int], tuple]:
    """(lesson, learner) -> (first seen, active seconds, first completion), from every row."""
    sums: dict[tuple[int, int], list] = {}

    def add(key, at, seconds=0, completed=None):
        first, total, done = sums.get(key, [at, 0, None])
        if completed is not None:
            done = completed if done is None else min(done, completed)
        sums[key] = [min(first, at), total + seconds, done]

    for lesson, learner, verb, at, result in db.session.execute(
        db.select(
            Statement.lesson_id,
            Statement.learner_id,
            Statement.verb,
            Statement.timestamp,
            Statement.result,
        ).where(Statement.lesson_id.is_not(None))
    ):
        seconds = active_seconds(result) if verb == xapi.PROGRESSED else 0
        add((lesson, learner), utc(at), seconds, utc(at) if verb == xapi.COMPLETED else None)
    query = db.select(Attempt.lesson_id, Attempt.learner_id, Attempt.created_at)
    for lesson, learner, at in db.session.execute(query):
        add((lesson, learner), utc(at))
    return {key: tuple(value) for key, value in sums.items()}


def summaries() -> dict[tuple[int, int], tuple]:
    return {
        (s.lesson_id, s.learner_id): (utc(s.first_at), s.active_seconds, utc(s.completed_at))
        for s in db.session.scalars(db.select(LessonLearner))
    }


def test_summaries_equal_the_sums_of_the_rows_after_any_writes(app, lesson):
    with app.app_context():
        lesson_id = db.session.scalar(db.select(Lesson.id).filter_by(slug=SLUG))
        revision_id = db.session.scalar(db.select(LessonRevision.id).filter_by(lesson_id=lesson_id))
    activities = list(lesson.content.activities.values())

    class Writes(RuleBasedStateMachine):
        learners = Bundle("learners")

        def __init__(self):
            super().__init__()
            with app.app_context():
                db.session.execute(delete(Learner))  # their rows and summaries cascade
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
            verb=st.sampled_from(VERBS),
            in_lesson=st.booleans(),
            statement_id=st.sampled_from((*STATEMENT_IDS, None)),  # None: a new id
            minute=st.integers(0, 500),
            seconds=SECONDS,
        )
        def statement(self, learner, verb, in_lesson, statement_id, minute, seconds):
            with app.app_context():
                if (who := db.session.get(Learner, learner)) is None:
                    return  # merged away or deleted
                kind, object_type, object_id = verb
                record_statement(
                    who,
                    lesson_id if in_lesson else None,
                    kind,
                    object_type,
                    object_id,
                    result=None if seconds is None else {"seconds": seconds},
                    statement_id=statement_id,
                    timestamp=BASE + timedelta(minutes=minute),
                )
                db.session.commit()

        @rule(learner=learners, activity=st.sampled_from(activities), how=st.sampled_from(ANSWERS))
        def attempt(self, learner, activity, how):
            with app.app_context():
                if (who := db.session.get(Learner, learner)) is None:
                    return
                try:
                    record_attempt(who, lesson_id, revision_id, activity, how(activity))
                except NoAttemptsLeft:  # nothing stored
                    db.session.rollback()
                    return
                db.session.commit()

        @rule(learner=learners, percent=st.integers(0, 100))
        def review(self, learner, percent):
            with app.app_context():
                latest = db.session.scalar(
                    db.select(Attempt).filter_by(learner_id=learner).order_by(Attempt.id.desc())
                )
                if latest is not None:
                    record_review(latest, 60, percent, "Reviewed.", reviewer_id=None)
                    db.session.commit()

        @rule(source=learners, into=learners)
        def merge(self, source, into):
            with app.app_context():
                one, other = db.session.get(Learner, source), db.session.get(Learner, into)
                if one is not None and other is not None:
                    merge_learners(one, other)
                    db.session.commit()

        @rule(learner=learners)
        def delete_learner(self, learner):
            with app.app_context():
                db.session.execute(delete(Learner).where(Learner.id == learner))
                db.session.commit()

        @invariant()
        def summaries_equal_the_rows(self):
            with app.app_context():
                assert summaries() == summed_from_rows()

        @invariant()
        def the_overview_equals_the_one_from_every_row(self):
            with app.test_request_context():
                page = require_published_lesson(SLUG)
                assert analytics_for(page).overview == figures_for(page).overview

    Writes.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=10,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    Writes.TestCase().runTest()
