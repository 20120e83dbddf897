"""How two learners' progress combine when they turn out to be one person.

Nothing is lost: every attempt and every statement is kept, so best scores can only rise and
completions are the union; for each position the most recent one wins. Merging is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    activity_id: str
    percent: int | None
    passed: bool | None


@dataclass(frozen=True)
class PositionRecord:
    lesson_id: int
    kind: str
    section_id: str
    offset: float
    updated_at: datetime


@dataclass(frozen=True)
class Progress:
    attempts: frozenset[AttemptRecord] = frozenset()
    statements: frozenset[str] = frozenset()  # statement ids
    sections_read: frozenset[tuple[int, str]] = frozenset()  # (lesson id, section id)
    positions: dict[tuple[int, str], PositionRecord] = field(default_factory=dict)


def later(a: PositionRecord, b: PositionRecord) -> PositionRecord:
    """The more recent position; ties go to the one further along, so the choice is stable."""
    return max(a, b, key=lambda p: (p.updated_at, p.section_id, p.offset))


def merge(a: Progress, b: Progress) -> Progress:
    positions = dict(a.positions)
    for key, position in b.positions.items():
        positions[key] = later(positions[key], position) if key in positions else position
    return Progress(
        attempts=a.attempts | b.attempts,
        statements=a.statements | b.statements,
        sections_read=a.sections_read | b.sections_read,
        positions=positions,
    )


def best_scores(progress: Progress) -> dict[str, int]:
    best: dict[str, int] = {}
    for attempt in progress.attempts:
        if attempt.percent is not None:
            best[attempt.activity_id] = max(best.get(attempt.activity_id, 0), attempt.percent)
    return best


def passed(progress: Progress) -> set[str]:
    return {a.activity_id for a in progress.attempts if a.passed}
