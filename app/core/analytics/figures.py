"""A lesson's figures from its attempts and statements: who started and completed, how long it
took, how far learners read — and, from the other modules, scores, questions, rubric criteria
and answers to review, gathered into one ``LessonFigures``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from app.core.analytics.criteria import WrittenCriteria, criteria_figures
from app.core.analytics.questions import QuestionFigures, question_figures
from app.core.analytics.rows import AttemptRow, StatementRow
from app.core.analytics.scores import ActivityFigures, LearnerActivity, activities, per_learner
from app.core.analytics.stats import median_of_counts, median_or_none
from app.core.analytics.written import ReviewItem, reviews
from app.core.content.model import Lesson
from app.core.rules import xapi
from app.core.rules.completion import lesson_progress


@dataclass(frozen=True)
class Overview:
    started: int  # learners with any statement or attempt in the lesson
    completed: int  # learners who meet the lesson's completion rules now
    median_active_seconds: int | None  # over learners with active time recorded
    timed_learners: int
    median_seconds_to_complete: int | None  # first event → 'completed', over completers
    completers_timed: int

    @property
    def completion_percent(self) -> int | None:
        return round(100 * self.completed / self.started) if self.started else None


@dataclass(frozen=True)
class SectionStep:
    section_id: str
    title: str
    learners: int  # who read it


@dataclass(frozen=True)
class LessonFigures:
    overview: Overview
    funnel: tuple[SectionStep, ...]
    activities: tuple[ActivityFigures, ...]
    per_learner: tuple[LearnerActivity, ...]
    questions: tuple[QuestionFigures, ...]
    criteria: tuple[WrittenCriteria, ...]
    reviews: tuple[ReviewItem, ...]

    @property
    def waiting(self) -> tuple[ReviewItem, ...]:
        """Written answers nobody has reviewed yet."""
        return tuple(r for r in self.reviews if not r.attempt.reviewed)

    @property
    def flagged(self) -> tuple[ReviewItem, ...]:
        """Written answers the grader flagged for a person, not reviewed yet."""
        return tuple(r for r in self.reviews if r.flagged)


def overview(
    lesson: Lesson, attempts: Sequence[AttemptRow], statements: Sequence[StatementRow]
) -> Overview:
    first_seen: dict[int, datetime] = {}
    events = chain(
        ((s.learner_id, s.timestamp) for s in statements),
        ((a.learner_id, a.created_at) for a in attempts),
    )
    for learner, when in events:
        first_seen[learner] = min(when, first_seen.get(learner, when))
    read: dict[int, set[str]] = defaultdict(set)
    active: dict[int, int] = defaultdict(int)
    completed_at: dict[int, datetime] = {}
    for s in statements:
        if s.verb == xapi.EXPERIENCED and s.object_type == xapi.SECTION:
            read[s.learner_id].add(s.object_id)
        elif s.verb == xapi.PROGRESSED:
            active[s.learner_id] += s.seconds
        elif s.verb == xapi.COMPLETED:
            completed_at[s.learner_id] = min(
                s.timestamp, completed_at.get(s.learner_id, s.timestamp)
            )
    passed: dict[int, set[str]] = defaultdict(set)
    for a in attempts:
        if a.passed:
            passed[a.learner_id].add(a.activity_id)
    completers = [
        learner
        for learner in first_seen
        if lesson_progress(lesson, read[learner], passed[learner]).complete
    ]
    to_complete = [
        (completed_at[learner] - first_seen[learner]).total_seconds()
        for learner in completers
        if learner in completed_at
    ]
    timed: dict[int, int] = defaultdict(int)
    for seconds in active.values():
        if seconds > 0:
            timed[seconds] += 1
    return overview_from(len(first_seen), len(completers), timed, to_complete)


def overview_from(
    started: int, completed: int, active: Mapping[int, int], to_complete: Sequence[float]
) -> Overview:
    """The overview from counts a database can give: ``active`` maps each learner's total
    active seconds (over those with any) to how many learners have it; ``to_complete`` holds
    the seconds each timed completer took."""
    return Overview(
        started=started,
        completed=completed,
        median_active_seconds=median_of_counts(active),
        timed_learners=sum(active.values()),
        median_seconds_to_complete=median_or_none(to_complete),
        completers_timed=len(to_complete),
    )


def funnel(lesson: Lesson, statements: Sequence[StatementRow]) -> tuple[SectionStep, ...]:
    """How many learners read each required section, in lesson order."""
    readers: dict[str, set[int]] = defaultdict(set)
    for s in statements:
        if s.verb == xapi.EXPERIENCED and s.object_type == xapi.SECTION:
            readers[s.object_id].add(s.learner_id)
    return funnel_from(lesson, {section: len(learners) for section, learners in readers.items()})


def funnel_from(lesson: Lesson, readers: Mapping[str, int]) -> tuple[SectionStep, ...]:
    """The funnel from the number of learners who read each section."""
    steps = []
    for section_id in lesson.required_sections:
        section = lesson.section(section_id)
        title = section.title if section else section_id
        steps.append(SectionStep(section_id, title, readers.get(section_id, 0)))
    return tuple(steps)


def lesson_figures(
    lesson: Lesson, attempts: Sequence[AttemptRow], statements: Sequence[StatementRow]
) -> LessonFigures:
    learners = per_learner(attempts)
    return LessonFigures(
        overview=overview(lesson, attempts, statements),
        funnel=funnel(lesson, statements),
        activities=activities(lesson, learners),
        per_learner=learners,
        questions=question_figures(lesson, attempts),
        criteria=criteria_figures(lesson, attempts),
        reviews=reviews(lesson, attempts),
    )
