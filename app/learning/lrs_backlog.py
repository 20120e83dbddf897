"""What the LRS outbox holds: statements by state, the oldest waiting, and those failing or
refused with the LRS's reasons (the backlog page and `flask xapi backlog`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func

from app.learning.db import db
from app.learning.lrs_outbox import aware
from app.learning.models.learners import Learner, Statement
from app.learning.models.outbox import PENDING, REJECTED, STATES, OutboxEntry


@dataclass(frozen=True)
class Problem:
    statement_id: str
    learner: str
    verb: str
    object_id: str
    recorded: datetime
    tries: int
    reason: str | None


@dataclass(frozen=True)
class Backlog:
    counts: dict[str, int]  # statements by state (pending, sent, rejected)
    oldest_pending: datetime | None
    next_attempt: datetime | None  # when the earliest pending statement is due
    failing: tuple[Problem, ...]  # pending ones that failed at least once, oldest first
    rejected: tuple[Problem, ...]  # oldest first

    @property
    def pending(self) -> int:
        return self.counts[PENDING]


def _problems(state: str, limit: int, *extra) -> tuple[Problem, ...]:
    query = (
        db.select(OutboxEntry, Statement, Learner.public_id)
        .join(Statement, Statement.statement_id == OutboxEntry.statement_id)
        .join(Learner, Learner.id == Statement.learner_id)
        .where(OutboxEntry.state == state, *extra)
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    return tuple(
        Problem(
            entry.statement_id,
            public_id,
            row.verb,
            row.object_id,
            aware(entry.created_at),
            entry.tries,
            entry.reason,
        )
        for entry, row, public_id in db.session.execute(query)
    )


def backlog(limit: int = 20) -> Backlog:
    """What waits, what went, what was refused and why (at most ``limit`` of each list)."""
    counted = db.select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
    counts = dict.fromkeys(STATES, 0) | dict(db.session.execute(counted).all())
    oldest, due = db.session.execute(
        db.select(func.min(OutboxEntry.created_at), func.min(OutboxEntry.next_attempt_at)).where(
            OutboxEntry.state == PENDING
        )
    ).one()
    return Backlog(
        counts,
        aware(oldest) if oldest else None,
        aware(due) if due else None,
        _problems(PENDING, limit, OutboxEntry.tries > 0),
        _problems(REJECTED, limit),
    )
