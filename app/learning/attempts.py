"""Recording attempts and reading a learner's state of each activity. Callers commit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, case, func

from app.core import activity_types
from app.core.content.model import Activity
from app.core.grading.result import Fields, Grade
from app.learning.db import db
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner


class NoAttemptsLeft(Exception):
    pass


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

    @classmethod
    def of(cls, attempts: list[Attempt]) -> ActivityState:
        """The state after ``attempts`` (oldest first)."""
        state = cls()
        for attempt in attempts:
            state = state.after(attempt)
        return state

    def after(self, attempt: Attempt) -> ActivityState:
        """This state once ``attempt`` (newer than every attempt counted here) is added."""
        final = attempt.final_percent
        scores = [p for p in (self.best_percent, final) if p is not None]
        return ActivityState(
            count=self.count + 1,
            best_percent=max(scores) if scores else None,
            passed=self.passed or bool(attempt.passed),
            latest=attempt,
        )

    @property
    def grade(self) -> Grade | None:
        latest = self.latest
        return Grade.from_dict(latest.feedback) if latest and latest.feedback else None

    def attempts_left(self, activity: Activity) -> int | None:
        if activity.max_attempts is None:
            return None
        return max(activity.max_attempts - self.count, 0)

    def can_attempt(self, activity: Activity) -> bool:
        left = self.attempts_left(activity)
        return left is None or (left > 0 and not (activity.mode == "assessment" and self.passed))

    def reveals_answers(self, activity: Activity) -> bool:
        """Practice shows answers after any attempt; assessment once passed or out of attempts."""
        if not self.count:
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


def lesson_states(learner: Learner | None, lesson_id: int) -> dict[str, ActivityState]:
    states: dict[str, ActivityState] = defaultdict(ActivityState)
    if learner is None:
        return states
    for latest, count, best, passed in db.session.execute(_states_query(learner.id, lesson_id)):
        states[latest.activity_id] = ActivityState(count, best, bool(passed), latest)
    return states


def activity_state(learner: Learner | None, lesson_id: int, activity_id: str) -> ActivityState:
    if learner is None:
        return ActivityState()
    row = db.session.execute(_states_query(learner.id, lesson_id, activity_id)).first()
    return ActivityState(row[1], row[2], bool(row[3]), row[0]) if row else ActivityState()


@cache
def _tally_query():
    """Built once (building a statement costs as much as running it)."""
    return db.select(
        func.count(),
        func.max(func.coalesce(Attempt.override_percent, Attempt.percent)),
        func.max(case((Attempt.passed.is_(True), 1), else_=0)),
    ).where(
        Attempt.learner_id == bindparam("learner_id"),
        Attempt.lesson_id == bindparam("lesson_id"),
        Attempt.activity_id == bindparam("activity_id"),
    )


def _tally(learner: Learner, lesson_id: int, activity_id: str) -> ActivityState:
    """How often and how well the learner has answered, without loading any attempt."""
    parameters = {"learner_id": learner.id, "lesson_id": lesson_id, "activity_id": activity_id}
    count, best, passed = db.session.execute(_tally_query(), parameters).one()
    return ActivityState(count, best, bool(passed))


def record_attempt(
    learner: Learner, lesson_id: int, revision_id: int, activity: Activity, form: Fields
) -> tuple[Attempt, ActivityState]:
    """Grade a submission and store it; returns it and the learner's state of the activity now.

    Raises ResponseError (nothing stored) or NoAttemptsLeft.
    """
    state = _tally(learner, lesson_id, activity.id)
    if not state.can_attempt(activity):
        raise NoAttemptsLeft(activity.id)
    activity_type = activity_types.get(activity.type)
    fields = activity_type.answers(form)
    _, grade = activity_type.evaluate(activity.spec, fields)
    attempt = Attempt(
        learner_id=learner.id,
        lesson_id=lesson_id,
        revision_id=revision_id,
        activity_id=activity.id,
        activity_type=activity.type,
        response=fields,
        score=grade.score if grade else None,
        max_score=grade.max_score if grade else None,
        percent=grade.percent if grade else None,
        feedback=grade.to_dict() if grade else None,
    )
    attempt.settle(activity.pass_mark)
    db.session.add(attempt)
    db.session.flush()
    return attempt, state.after(attempt)


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
