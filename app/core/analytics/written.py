"""Written answers awaiting an instructor's review: each learner's latest answer to each
free-text activity, with what the automatic rubric check found and whether the grader flagged it
for a person to look at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.core import activity_types
from app.core.analytics.criteria import criterion_statuses, outcome
from app.core.analytics.rows import AttemptRow, latest_per_learner
from app.core.content.model import Activity, Lesson


@dataclass(frozen=True)
class ReviewItem:
    """A learner's latest written answer to a free-text activity, with its review if any."""

    attempt: AttemptRow
    activity_title: str
    attempts: int  # by this learner at this activity
    # (label, outcome: criteria.MET, PARTLY, MISSED, or APPLIED, AVOIDED for a deduction)
    criteria: tuple[tuple[str, str], ...] = ()

    @property
    def flagged(self) -> bool:
        """The grader asked a person to look at this answer, and nobody has yet."""
        return self.attempt.flagged


def review_item(activity: Activity, latest: AttemptRow, attempts: int) -> ReviewItem:
    """A learner's latest answer to a written activity, with its verdict on each criterion."""
    statuses = criterion_statuses(latest.feedback)
    criteria = tuple(
        (c.label, found)
        for c in activity.spec.criteria
        if (found := outcome(c, statuses.get(c.id))) is not None
    )
    return ReviewItem(latest, activity.title or activity.id, attempts, criteria)


def reviews(lesson: Lesson, attempts: Sequence[AttemptRow]) -> tuple[ReviewItem, ...]:
    """Each learner's latest answer to each free-text activity: unreviewed first — those the
    grader flagged before the rest —, oldest first (the longest waiting), then reviewed ones,
    most recently reviewed first."""
    items = []
    for activity in lesson.activities.values():
        if not activity_types.get(activity.type).reviewable:
            continue
        mine = [a for a in attempts if a.activity_id == activity.id]
        counts: dict[int, int] = defaultdict(int)
        for a in mine:
            counts[a.learner_id] += 1
        for learner, latest in latest_per_learner(mine).items():
            items.append(review_item(activity, latest, counts[learner]))
    waiting = sorted(
        (i for i in items if not i.attempt.reviewed),
        key=lambda i: (not i.flagged, i.attempt.created_at, i.attempt.id),
    )
    done = sorted(
        (i for i in items if i.attempt.reviewed),
        key=lambda i: (i.attempt.reviewed_at or i.attempt.created_at, i.attempt.id),
        reverse=True,
    )
    return tuple(waiting + done)
