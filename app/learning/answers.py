"""Answering an activity: the use case behind the activity form, for any entry point.

Grades the answer against the published revision the learner saw, stores the attempt and the
``answered`` statement, and records the lesson's completion when this answer completes it. The
caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.model import Activity
from app.core.grading.result import Fields, ResponseError
from app.core.rules import xapi
from app.learning.attempts import (
    ActivityState,
    NoAttemptsLeft,
    TooManyAtOnce,
    has_account,
    record_attempt,
)
from app.learning.errors import Conflict, Forbidden, LearningError
from app.learning.lesson_queries import LessonPage
from app.learning.models.attempts import Attempt
from app.learning.models.learners import Learner
from app.learning.progress import note_completion, record_statement

OUTDATED = (
    "This lesson was updated after you opened it, so your answer was not saved. Reload the "
    "page to see the new version."
)
NO_ATTEMPTS_LEFT = "You have used all your attempts at this activity."
ACCOUNT_REQUIRED = (
    "Answers to this activity are kept only for learners with an account. Sign in, or create "
    "an account, to answer it."
)
TOO_MANY_AT_ONCE = (
    "Many answers to this activity arrived at the same moment, and yours was not saved. Send "
    "it again."
)


class InvalidAnswer(LearningError):
    """A submission that can't be graded (malformed, oversized, naming what isn't there)."""


@dataclass(frozen=True)
class Answered:
    attempt: Attempt
    state: ActivityState  # the learner's state of the activity after this answer
    completed_lesson: bool  # this answer completed the lesson


def submit_answer(
    learner: Learner, page: LessonPage, activity: Activity, revision_shown: int, form: Fields
) -> Answered:
    """Grade and store one answer to ``activity`` of the published lesson ``page``.

    ``revision_shown`` is the revision number the learner's page was rendered from: an answer to
    an older revision is refused (Conflict), so grades always match the activity the learner
    saw. An activity that ``requires_account`` refuses anonymous learners (Forbidden): their
    limit on attempts would last only as long as their cookie. Raises InvalidAnswer, Forbidden
    or Conflict with nothing stored.
    """
    if activity.requires_account and not has_account(learner):
        raise Forbidden(ACCOUNT_REQUIRED)
    if revision_shown != page.revision_number:
        raise Conflict(OUTDATED)
    try:
        attempt, state = record_attempt(learner, page.lesson.id, page.revision_id, activity, form)
    except ResponseError as exc:
        raise InvalidAnswer(f"Your answer could not be graded: {exc}") from exc
    except NoAttemptsLeft as exc:
        raise Conflict(NO_ATTEMPTS_LEFT) from exc
    except TooManyAtOnce as exc:
        raise Conflict(TOO_MANY_AT_ONCE) from exc
    result = (
        {"response": "saved"}
        if attempt.score is None
        else {"score": attempt.score, "max": attempt.max_score, "success": bool(attempt.passed)}
    )
    record_statement(
        learner, page.lesson.id, xapi.ANSWERED, xapi.ACTIVITY, activity.id, result=result
    )
    completed = note_completion(learner, page.lesson.id, page.lesson.slug, page.content)
    return Answered(attempt, state, completed)
