"""Recording attempts and reading a learner's state of each activity. Callers commit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import cache

from sqlalchemy import bindparam, case, exists, func
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.core import activity_types
from app.core.content.model import Activity
from app.core.grading.flags import BORDERLINE, flag_borderline, flag_reason
from app.core.grading.outcome import attempt_passes
from app.core.grading.result import Fields, Grade
from app.learning import review_entries, summaries
from app.learning.db import db
from app.learning.grade_store import packed_columns
from app.learning.models.attempts import Attempt
from app.learning.models.courses import utcnow
from app.learning.models.learners import Learner, LearnerRef

# How many numbers one answer tries before giving up. It only moves on to the next number after
# another answer of the same learner to the same activity was stored under this one, so it runs
# out only when more answers than this arrive at once.
NUMBER_TRIES = 50


class NoAttemptsLeft(Exception):
    """The learner has used every attempt the activity allows, or passed the assessment."""


class TooManyAtOnce(Exception):
    """So many answers to one activity arrived at once that this one found no free number."""


def has_account(learner: Learner | LearnerRef | None) -> bool:
    """Whether the learner is signed in to an account (anonymous learners have no user)."""
    return learner is not None and learner.user_id is not None


@dataclass(frozen=True)
class ActivityState:
    """What one learner has done with one activity: how often, how well, and their latest answer.

    Read as a summary (one row per activity, see :func:`lesson_states`) rather than every attempt,
    so a learner who has tried an activity many times costs no more than one who tried once.
    """

    count: int = 0
    best_percent: int | None = None
    passed: bool = False
    latest: Attempt | None = None
    # The learner is signed in to an account: some activities are only for them (see
    # :meth:`needs_account`, :meth:`reveals_answers`).
    signed_in: bool = False

    def after(self, attempt: Attempt) -> ActivityState:
        """This state once ``attempt`` (newer than every attempt counted here) is added."""
        final = attempt.final_percent
        scores = [p for p in (self.best_percent, final) if p is not None]
        return ActivityState(
            count=self.count + 1,
            best_percent=max(scores) if scores else None,
            passed=self.passed or bool(attempt.passed),
            latest=attempt,
            signed_in=self.signed_in,
        )

    @property
    def grade(self) -> Grade | None:
        latest = self.latest
        return Grade.from_dict(latest.feedback) if latest and latest.feedback else None

    @property
    def flagged(self) -> bool:
        """The grader asked an instructor to look at the latest answer too (its score is close to
        the pass mark), and none has reviewed it yet: the score may still change."""
        latest = self.latest
        if latest is None or latest.reviewed:
            return False
        return flag_reason(latest.feedback) is not None

    def attempts_left(self, activity: Activity) -> int | None:
        if activity.max_attempts is None:
            return None
        return max(activity.max_attempts - self.count, 0)

    def can_attempt(self, activity: Activity) -> bool:
        left = self.attempts_left(activity)
        return left is None or (left > 0 and not (activity.mode == "assessment" and self.passed))

    def needs_account(self, activity: Activity) -> bool:
        """The activity takes answers from signed-in learners only, and this one is not."""
        return activity.requires_account and not self.signed_in

    def may_see_answers(self, activity: Activity) -> bool:
        """Whether this learner is ever shown the answers: always in practice; in an assessment,
        as its author chose (``reveal_answers``)."""
        if activity.mode == "practice":
            return True
        return activity.reveal_answers == "after-last-attempt" or (
            activity.reveal_answers == "to-signed-in" and self.signed_in
        )

    def reveals_answers(self, activity: Activity) -> bool:
        """Practice shows answers after any attempt; assessment once passed or out of attempts,
        and then only to the learners its author chose (an anonymous learner out of attempts can
        start afresh without the cookie, so by default they are not shown the answers)."""
        if not self.count or not self.may_see_answers(activity):
            return False
        return activity.mode == "practice" or not self.can_attempt(activity)

    def value(self, name: str) -> str:
        values = self.values(name)
        return values[0] if values else ""

    def values(self, name: str) -> list[str]:
        return list(self.latest.response.get(name, [])) if self.latest else []


def _states_query(learner_id: int, lesson_id: int, activity_id: str | None = None):
    """Each activity's latest attempt with the activity's count, best final percent and pass."""
    mine = [Attempt.learner_id == learner_id, Attempt.lesson_id == lesson_id]
    if activity_id is not None:
        mine.append(Attempt.activity_id == activity_id)
    per_activity = {"partition_by": Attempt.activity_id}
    ranked = (
        db.select(
            Attempt.id,
            func.row_number()
            .over(order_by=(Attempt.created_at.desc(), Attempt.id.desc()), **per_activity)
            .label("rank"),
            func.count().over(**per_activity).label("count"),
            func.max(func.coalesce(Attempt.override_percent, Attempt.percent))
            .over(**per_activity)
            .label("best"),
            func.max(case((Attempt.passed.is_(True), 1), else_=0))
            .over(**per_activity)
            .label("passed"),
        )
        .where(*mine)
        .subquery()
    )
    return (
        db.select(Attempt, ranked.c.count, ranked.c.best, ranked.c.passed)
        .join(ranked, Attempt.id == ranked.c.id)
        .where(ranked.c.rank == 1)
    )


def untried_states(learner: Learner | LearnerRef | None) -> dict[str, ActivityState]:
    """The state of every activity of a learner who has answered none: nothing done yet."""
    untried = ActivityState(signed_in=has_account(learner))
    return defaultdict(lambda: untried)


def lesson_states(learner: Learner | LearnerRef | None, lesson_id: int) -> dict[str, ActivityState]:
    states = untried_states(learner)
    if learner is None:
        return states
    signed_in = has_account(learner)
    for latest, count, best, passed in db.session.execute(_states_query(learner.id, lesson_id)):
        states[latest.activity_id] = ActivityState(count, best, bool(passed), latest, signed_in)
    return states


def activity_state(learner: Learner | None, lesson_id: int, activity_id: str) -> ActivityState:
    if learner is None:
        return ActivityState()
    signed_in = has_account(learner)
    row = db.session.execute(_states_query(learner.id, lesson_id, activity_id)).first()
    if row is None:
        return ActivityState(signed_in=signed_in)
    return ActivityState(row[1], row[2], bool(row[3]), row[0], signed_in)


@cache
def _tally_query():
    """Built once (building a statement costs as much as running it)."""
    return db.select(
        func.count(),
        func.max(func.coalesce(Attempt.override_percent, Attempt.percent)),
        func.max(case((Attempt.passed.is_(True), 1), else_=0)),
    ).where(*_this_activity())


def _this_activity():
    """The conditions that pick one learner's attempts at one activity (as parameters)."""
    return (
        Attempt.learner_id == bindparam("learner_id"),
        Attempt.lesson_id == bindparam("lesson_id"),
        Attempt.activity_id == bindparam("activity_id"),
    )


def _tally(learner: Learner, lesson_id: int, activity_id: str) -> ActivityState:
    """How often and how well the learner has answered, without loading any attempt."""
    parameters = {"learner_id": learner.id, "lesson_id": lesson_id, "activity_id": activity_id}
    count, best, passed = db.session.execute(_tally_query(), parameters).one()
    return ActivityState(count, best, bool(passed), signed_in=has_account(learner))


STORED = (
    "learner_id",
    "lesson_id",
    "revision_id",
    "activity_id",
    "activity_type",
    "response",
    "score",
    "max_score",
    "percent",
    "passed",
    "feedback",
    "packed_feedback",
    "feedback_dictionary_id",
    "created_at",
)


@cache
def _numbered_insert(dialect: str, limited: bool, ends_when_passed: bool):
    """One attempt stored under the learner's next number, if the activity still allows it.

    ``INSERT … SELECT``: the number (the highest so far, plus one) and the check that it is
    within ``max_attempts`` (and, for an assessment, that nothing passed yet) are read by the
    INSERT itself, not by an earlier query. Two answers that arrive together and read the same
    number collide on the unique (learner, lesson, activity, number): the database keeps the
    first, and ``ON CONFLICT DO NOTHING`` makes the other store nothing (on PostgreSQL it waits
    until the first commits) instead of failing the transaction. Returns the stored attempt, or
    no row. Built once per dialect and kind of activity, with parameters.
    """
    table = Attempt.__table__
    mine = _this_activity()
    number = (
        db.select(func.coalesce(func.max(Attempt.attempt_number), 0) + 1)
        .where(*mine)
        .scalar_subquery()
    )
    rows = db.select(*(bindparam(name, type_=table.c[name].type) for name in STORED), number)
    if limited:
        rows = rows.where(number <= bindparam("max_attempts"))
    if ends_when_passed:
        rows = rows.where(~exists().where(*mine, Attempt.passed.is_(True)))
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(table)
        .from_select([*(table.c[name] for name in STORED), table.c.attempt_number], rows)
        .on_conflict_do_nothing(
            index_elements=["learner_id", "lesson_id", "activity_id", "attempt_number"]
        )
        .returning(*table.c)
    )
    return db.select(Attempt).from_statement(statement)


def record_attempt(
    learner: Learner, lesson_id: int, revision_id: int, activity: Activity, form: Fields
) -> tuple[Attempt, ActivityState]:
    """Grade a submission and store it; returns it and the learner's state of the activity now.

    The database decides whether the activity still takes an answer (:func:`_numbered_insert`),
    so however many answers arrive at once an activity never has more than ``max_attempts``.
    An answer that lost its number to one stored at the same moment tries the next one: both
    are kept in practice, and in an assessment the next number may be over the limit.

    Raises ResponseError (nothing stored), NoAttemptsLeft or TooManyAtOnce.
    """
    activity_type = activity_types.get(activity.type)
    fields = activity_type.answers(form)
    _, grade = activity_type.evaluate(activity.spec, fields)
    percent = grade.percent if grade else None
    band = getattr(activity.spec, "review_band", 0)
    if grade and band:
        flag_borderline(grade.details, percent, activity.pass_mark, band)
    flagged = bool(grade and grade.details.get("flag") == BORDERLINE)
    values = {
        "learner_id": learner.id,
        "lesson_id": lesson_id,
        "revision_id": revision_id,
        "activity_id": activity.id,
        "activity_type": activity.type,
        "response": fields,
        "score": grade.score if grade else None,
        "max_score": grade.max_score if grade else None,
        "percent": percent,
        "passed": attempt_passes(
            percent, None, activity.pass_mark, held=bool(grade and grade.details.get("held"))
        ),
        **packed_columns(activity, grade.to_dict() if grade else None),
        "created_at": utcnow(),
    }
    if activity.max_attempts is not None:
        values["max_attempts"] = activity.max_attempts
    statement = _numbered_insert(
        db.session.get_bind().dialect.name,
        limited=activity.max_attempts is not None,
        ends_when_passed=activity.mode == "assessment",
    )
    for _ in range(NUMBER_TRIES):
        attempt = db.session.scalars(statement, values).first()
        if attempt is not None:
            summaries.note_attempt(learner.id, lesson_id, values["created_at"])
            review_entries.note_attempt(attempt, flagged)
            state = _tally(learner, lesson_id, activity.id)
            return attempt, replace(state, latest=attempt)
        if not _tally(learner, lesson_id, activity.id).can_attempt(activity):
            raise NoAttemptsLeft(activity.id)
        # Not refused: another answer was stored under this number meanwhile. Take the next.
    raise TooManyAtOnce(activity.id)


def rate_latest_attempt(
    learner: Learner, lesson_id: int, activity_id: str, rating: int
) -> ActivityState | None:
    """Store the learner's own rating of their latest answer (1–4); their state, or None when
    there is nothing to rate."""
    state = activity_state(learner, lesson_id, activity_id)
    if state.latest is None:
        return None
    state.latest.self_assessment = rating
    return state
