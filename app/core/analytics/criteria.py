"""Rubric criteria of written answers: how many answers met each criterion, partly met it or
missed it, and how many answers each deduction applied to.

Counted over each learner's **latest** graded answer to each free-text activity — what they
write when they stop, one vote per learner however often they retried — as the automatic check
judged it: an instructor's review replaces the score, not the verdict on each criterion. A
criterion with ``deduct`` is a deduction (a tone rule such as "blames the customer"): its
verdict is "wrong" when it applied and "correct" when it did not. Its figures carry the points
it takes off as a negative weight.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.analytics.rows import AttemptRow, latest_per_learner
from app.core.content.model import Lesson
from app.core.content.specs.free_text import Criterion, FreeTextSpec

# What a criterion's verdict means for an answer.
MET, PARTLY, MISSED = "met", "partly", "missed"
APPLIED, AVOIDED = "applied", "avoided"  # deductions

_CRITERION = {"correct": MET, "partial": PARTLY, "wrong": MISSED, "missing": MISSED}
_DEDUCTION = {"correct": AVOIDED, "partial": APPLIED, "wrong": APPLIED}


def criterion_statuses(grade: Mapping[str, Any] | None) -> dict[str, str]:
    """Criterion id → status ("correct", "partial", "wrong"…) in a stored grade."""
    items = grade.get("feedback") if isinstance(grade, Mapping) else None
    statuses = {}
    for item in items if isinstance(items, list | tuple) else ():
        key = item.get("key") if isinstance(item, Mapping) else None
        if isinstance(key, str) and key.startswith("criterion:"):
            statuses[key.removeprefix("criterion:")] = item.get("status")
    return statuses


def outcome(criterion: Criterion, status: Any) -> str | None:
    """What a verdict means for this criterion: met, partly, missed — or for a deduction applied
    or avoided; None when the answer was not judged on it (graded before it was added)."""
    table = _DEDUCTION if criterion.deduct else _CRITERION
    return table.get(status) if isinstance(status, str) else None


@dataclass(frozen=True)
class CriterionFigures:
    criterion_id: str
    label: str
    weight: float
    judged: int  # latest answers with a verdict on this criterion
    met: int
    partly: int
    missed: int
    applied: int  # a deduction: answers it applied to

    @property
    def deduction(self) -> bool:
        return self.weight < 0

    @property
    def percent_met(self) -> int | None:
        if self.deduction or not self.judged:
            return None
        return round(100 * self.met / self.judged)

    @property
    def percent_applied(self) -> int | None:
        if not self.deduction or not self.judged:
            return None
        return round(100 * self.applied / self.judged)


@dataclass(frozen=True)
class WrittenCriteria:
    """One free-text activity's criteria, in the order the lesson lists them."""

    activity_id: str
    title: str
    answers: int  # learners with a graded answer: their latest one is counted
    criteria: tuple[CriterionFigures, ...]

    @property
    def scored(self) -> tuple[CriterionFigures, ...]:
        return tuple(c for c in self.criteria if not c.deduction)

    @property
    def deductions(self) -> tuple[CriterionFigures, ...]:
        return tuple(c for c in self.criteria if c.deduction)


def _figures(criterion: Criterion, answers: Sequence[dict[str, str]]) -> CriterionFigures:
    outcomes = [outcome(criterion, statuses.get(criterion.id)) for statuses in answers]
    return CriterionFigures(
        criterion_id=criterion.id,
        label=criterion.label,
        weight=-criterion.deduct if criterion.deduct else criterion.weight,
        judged=sum(o is not None for o in outcomes),
        met=outcomes.count(MET),
        partly=outcomes.count(PARTLY),
        missed=outcomes.count(MISSED),
        applied=outcomes.count(APPLIED),
    )


def criteria_figures(lesson: Lesson, attempts: Sequence[AttemptRow]) -> tuple[WrittenCriteria, ...]:
    """Each free-text activity's criteria over each learner's latest graded answer."""
    result = []
    for activity in lesson.activities.values():
        if not isinstance(activity.spec, FreeTextSpec):
            continue
        mine = [a for a in attempts if a.activity_id == activity.id and a.feedback]
        answers = [criterion_statuses(a.feedback) for a in latest_per_learner(mine).values()]
        result.append(
            WrittenCriteria(
                activity_id=activity.id,
                title=activity.title or activity.id,
                answers=len(answers),
                criteria=tuple(_figures(c, answers) for c in activity.spec.criteria),
            )
        )
    return tuple(result)
