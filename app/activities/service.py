"""Recording attempts and reading a learner's state of each activity. Callers commit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from app.activities.models import Attempt
from app.content.model import Activity
from app.extensions import db
from app.grading.registry import evaluate
from app.grading.result import Fields, Grade
from app.progress.models import Learner

ANSWER_PREFIXES = ("place:", "cell:", "card:", "q:")
ANSWER_NAMES = ("answer", "items")


class NoAttemptsLeft(Exception):
    pass


@dataclass
class ActivityState:
    """What one learner has done with one activity."""

    attempts: list[Attempt] = field(default_factory=list)  # oldest first

    @property
    def count(self) -> int:
        return len(self.attempts)

    @property
    def latest(self) -> Attempt | None:
        return self.attempts[-1] if self.attempts else None

    @property
    def grade(self) -> Grade | None:
        latest = self.latest
        return Grade.from_dict(latest.feedback) if latest and latest.feedback else None

    @property
    def best_percent(self) -> int | None:
        scores = [a.final_percent for a in self.attempts if a.final_percent is not None]
        return max(scores) if scores else None

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.attempts)

    def attempts_left(self, activity: Activity) -> int | None:
        if activity.max_attempts is None:
            return None
        return max(activity.max_attempts - self.count, 0)

    def can_attempt(self, activity: Activity) -> bool:
        left = self.attempts_left(activity)
        return left is None or (left > 0 and not (activity.mode == "assessment" and self.passed))

    def reveals_answers(self, activity: Activity) -> bool:
        """Practice shows answers after any attempt; assessment once passed or out of attempts."""
        if not self.attempts:
            return False
        return activity.mode == "practice" or not self.can_attempt(activity)

    def value(self, name: str) -> str:
        values = self.values(name)
        return values[0] if values else ""

    def values(self, name: str) -> list[str]:
        return list(self.latest.response.get(name, [])) if self.latest else []


def answer_fields(form: Fields) -> Fields:
    """Only the submitted fields that carry answers (not the CSRF token or the revision)."""
    return {
        name: values
        for name, values in form.items()
        if name in ANSWER_NAMES or name.startswith(ANSWER_PREFIXES)
    }


def lesson_states(learner: Learner | None, lesson_id: int) -> dict[str, ActivityState]:
    states: dict[str, ActivityState] = defaultdict(ActivityState)
    if learner is None:
        return states
    query = (
        db.select(Attempt)
        .filter_by(learner_id=learner.id, lesson_id=lesson_id)
        .order_by(Attempt.created_at, Attempt.id)
    )
    for attempt in db.session.scalars(query):
        states[attempt.activity_id].attempts.append(attempt)
    return states


def activity_state(learner: Learner | None, lesson_id: int, activity_id: str) -> ActivityState:
    if learner is None:
        return ActivityState()
    query = (
        db.select(Attempt)
        .filter_by(learner_id=learner.id, lesson_id=lesson_id, activity_id=activity_id)
        .order_by(Attempt.created_at, Attempt.id)
    )
    return ActivityState(list(db.session.scalars(query)))


def record_attempt(
    learner: Learner, lesson_id: int, revision_id: int, activity: Activity, form: Fields
) -> Attempt:
    """Grade a submission and store it; raises ResponseError (nothing stored) or NoAttemptsLeft."""
    state = activity_state(learner, lesson_id, activity.id)
    if not state.can_attempt(activity):
        raise NoAttemptsLeft(activity.id)
    fields = answer_fields(form)
    _, grade = evaluate(activity.type, activity.spec, fields)
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
    return attempt


def rate_latest_attempt(
    learner: Learner, lesson_id: int, activity_id: str, rating: int
) -> Attempt | None:
    """Store the learner's own rating of their latest answer (1–4)."""
    latest = activity_state(learner, lesson_id, activity_id).latest
    if latest is not None:
        latest.self_assessment = rating
    return latest
