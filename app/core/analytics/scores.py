"""Attempts and scores per activity: how many, by how many learners, and the distribution of
each learner's best (final) percent."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from app.core.analytics.rows import AttemptRow
from app.core.analytics.stats import median_of_counts
from app.core.content.model import Lesson

# Score buckets of each learner's best percent: (label, lowest, highest), both ends included.
BUCKETS = (("0–19%", 0, 19), ("20–39%", 20, 39), ("40–59%", 40, 59), ("60–79%", 60, 79))
BUCKETS += (("80–100%", 80, 100),)


@dataclass(frozen=True)
class ActivityFigures:
    activity_id: str
    title: str
    type: str
    graded: bool
    required: bool
    bonus: bool
    pass_mark: int
    learners: int  # who made at least one attempt
    attempts: int
    most_attempts: int  # by one learner
    passed: int  # learners with an attempt that counts as passed
    buckets: tuple[int, ...]  # learners per BUCKETS, by their best final percent
    median_best: int | None

    @property
    def attempts_per_learner(self) -> float | None:
        return round(self.attempts / self.learners, 1) if self.learners else None


@dataclass(frozen=True)
class LearnerActivity:
    """One learner's work on one activity (the per-learner attempts table)."""

    learner_id: int
    activity_id: str
    attempts: int
    best_percent: int | None
    passed: bool
    reviewed: bool


def _bucket(percent: int) -> int:
    return next(i for i, (_, low, high) in enumerate(BUCKETS) if low <= percent <= high)


def per_learner(attempts: Sequence[AttemptRow]) -> tuple[LearnerActivity, ...]:
    groups: dict[tuple[int, str], list[AttemptRow]] = defaultdict(list)
    for a in attempts:
        groups[(a.learner_id, a.activity_id)].append(a)
    rows = []
    for (learner, activity), mine in sorted(groups.items()):
        percents = [a.final_percent for a in mine if a.final_percent is not None]
        rows.append(
            LearnerActivity(
                learner,
                activity,
                len(mine),
                max(percents) if percents else None,
                any(a.passed for a in mine),
                any(a.reviewed for a in mine),
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class BestGroup:
    """The learners of one activity who share a best (final) percent — None: ungraded —, as a
    database groups them: how many, their attempts, the most by one of them, how many passed."""

    activity_id: str
    best_percent: int | None
    learners: int
    attempts: int
    most_attempts: int
    passed: int


def best_groups(learners: Sequence[LearnerActivity]) -> tuple[BestGroup, ...]:
    groups: dict[tuple[str, int | None], list[LearnerActivity]] = defaultdict(list)
    for row in learners:
        groups[(row.activity_id, row.best_percent)].append(row)
    return tuple(
        BestGroup(
            activity,
            best,
            len(rows),
            sum(r.attempts for r in rows),
            max(r.attempts for r in rows),
            sum(r.passed for r in rows),
        )
        for (activity, best), rows in groups.items()
    )


def activities(lesson: Lesson, learners: Sequence[LearnerActivity]) -> tuple[ActivityFigures, ...]:
    """Attempts and the distribution of each learner's best score, per activity in lesson order."""
    return activities_from_groups(lesson, best_groups(learners))


def activities_from_groups(
    lesson: Lesson, groups: Sequence[BestGroup]
) -> tuple[ActivityFigures, ...]:
    """The same figures from learners grouped by activity and best percent: what a database
    hands back in a few hundred rows however many learners there are."""
    by_activity: dict[str, list[BestGroup]] = defaultdict(list)
    for group in groups:
        by_activity[group.activity_id].append(group)
    result = []
    for activity in lesson.activities.values():
        rows = by_activity[activity.id]
        best: dict[int, int] = defaultdict(int)
        for r in rows:
            if r.best_percent is not None:
                best[r.best_percent] += r.learners
        buckets = [0] * len(BUCKETS)
        for percent, n in best.items():
            buckets[_bucket(percent)] += n
        result.append(
            ActivityFigures(
                activity_id=activity.id,
                title=activity.title or activity.id,
                type=activity.type,
                graded=activity.graded,
                required=activity.id in lesson.required_activities,
                bonus=activity.bonus,
                pass_mark=activity.pass_mark,
                learners=sum(r.learners for r in rows),
                attempts=sum(r.attempts for r in rows),
                most_attempts=max((r.most_attempts for r in rows), default=0),
                passed=sum(r.passed for r in rows),
                buckets=tuple(buckets),
                median_best=median_of_counts(best),
            )
        )
    return tuple(result)
