"""The plain records analytics work from: one per attempt and one per statement of a lesson."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.core.grading.flags import flag_reason
from app.core.grading.outcome import final_percent


@dataclass(frozen=True)
class AttemptRow:
    id: int
    learner_id: int
    activity_id: str
    activity_type: str
    created_at: datetime
    percent: int | None = None  # the automatic grade
    passed: bool | None = None  # what counts, as stored (an instructor's review included)
    feedback: dict[str, Any] | None = None  # the Grade, as a dict
    response: dict[str, list[str]] = field(default_factory=dict)
    override_percent: int | None = None
    override_comment: str | None = None
    reviewed_at: datetime | None = None

    @property
    def final_percent(self) -> int | None:
        return final_percent(self.percent, self.override_percent)

    @property
    def reviewed(self) -> bool:
        return self.override_percent is not None

    @property
    def flag_reason(self) -> str | None:
        """Why the grader asked a person to look at this answer; None when it did not."""
        return flag_reason(self.feedback)

    @property
    def flagged(self) -> bool:
        """Flagged by the grader and not reviewed yet."""
        return not self.reviewed and self.flag_reason is not None

    @property
    def answer_text(self) -> str:
        """The written answer of a free-text attempt."""
        values = self.response.get("answer") or [""]
        return values[0]


@dataclass(frozen=True)
class StatementRow:
    learner_id: int
    verb: str  # experienced | answered | completed | progressed
    object_type: str
    object_id: str
    timestamp: datetime
    result: dict[str, Any] | None = None

    @property
    def seconds(self) -> int:
        """Active time carried by a 'progressed' statement."""
        return active_seconds(self.result)


def active_seconds(result: dict[str, Any] | None) -> int:
    """The whole seconds a statement's result carries: a number (not a boolean), cut to a whole
    number; anything else 0."""
    value = (result or {}).get("seconds", 0)
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0


def learner_label(learner_id: int) -> str:
    """How analytics name a learner: by number, never by email or cookie id."""
    return f"Learner {learner_id}"


def latest_per_learner(attempts: list[AttemptRow]) -> dict[int, AttemptRow]:
    """Each learner's latest attempt among ``attempts`` (by time, then id)."""
    latest: dict[int, AttemptRow] = {}
    for attempt in sorted(attempts, key=lambda a: (a.created_at, a.id)):
        latest[attempt.learner_id] = attempt
    return latest
