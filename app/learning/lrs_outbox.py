"""The outbox of statements for an external Learning Record Store: written with each statement
while ``LRS_URL`` is set, read and updated by the forwarding job. Callers commit.

The rules (what an answer means, backoff, order per learner) are in app.core.rules.lrs_delivery;
sending is the caller's, given to :func:`forward_batch` as a function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import func, insert

from app.core.rules import lrs_delivery
from app.learning.db import db
from app.learning.models.courses import utcnow
from app.learning.models.learners import Learner, Statement
from app.learning.models.outbox import PENDING, REJECTED, SENT, OutboxEntry
from app.learning.xapi_statements import as_xapi

QUEUED = "lrs_outbox_written"  # session.info key: this transaction queued statements
MAX_REASON = 2000  # characters of the LRS's answer kept as a reason


def forwarding_enabled() -> bool:
    return bool(current_app.config["LRS_URL"])


@cache
def _insert_entry():
    return insert(OutboxEntry.__table__)


def queue_for_lrs(statement_id: str) -> None:
    """Put a statement just stored in the outbox (in its transaction), when forwarding is on."""
    if not forwarding_enabled():
        return
    now = utcnow()
    values = {
        "statement_id": statement_id,
        "state": PENDING,
        "tries": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    db.session.execute(_insert_entry(), values)
    db.session.info[QUEUED] = True


def aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite's are naive


@dataclass(frozen=True)
class Waiting(lrs_delivery.Waiting):
    entry_id: int
    tries: int


@dataclass(frozen=True)
class Reply:
    """The LRS's answer to one POST: its status (None when none came) and what it said."""

    status: int | None
    text: str

    @property
    def reason(self) -> str:
        said = " ".join(self.text.split())[:MAX_REASON]
        return f"HTTP {self.status}: {said}" if self.status is not None else said


@dataclass
class Forwarded:
    sent: int = 0
    rejected: int = 0
    postponed: int = 0
    stopped: str | None = None  # why this round stopped early (the LRS could not be reached)


def waiting(limit: int) -> list[Waiting]:
    """The first ``limit`` pending statements in recording order."""
    query = (
        db.select(
            OutboxEntry.id, Statement.learner_id, OutboxEntry.next_attempt_at, OutboxEntry.tries
        )
        .join(Statement, Statement.statement_id == OutboxEntry.statement_id)
        .where(OutboxEntry.state == PENDING)
        .order_by(OutboxEntry.id)
        .limit(limit)
    )
    return [
        Waiting(learner_id, aware(at), entry_id, tries)
        for entry_id, learner_id, at, tries in db.session.execute(query)
    ]


def _statements(entry_ids: list[int], home_page: str, platform: str | None) -> list[dict]:
    query = (
        db.select(Statement, Learner.public_id)
        .join(OutboxEntry, OutboxEntry.statement_id == Statement.statement_id)
        .join(Learner, Learner.id == Statement.learner_id)
        .where(OutboxEntry.id.in_(entry_ids))
        .order_by(OutboxEntry.id)
    )
    rows = [(row, public_id) for row, public_id in db.session.execute(query)]
    return as_xapi(rows, home_page, with_stored=False, platform=platform)


def _mark(entry_ids: list[int], **values: Any) -> None:
    if entry_ids:
        db.session.execute(
            db.update(OutboxEntry).where(OutboxEntry.id.in_(entry_ids)).values(**values)
        )


def _postpone(items: list[Waiting], reason: str, now: datetime, first: float, longest: float):
    for item in items:
        wait = lrs_delivery.retry_delay(item.tries + 1, first, longest)
        _mark(
            [item.entry_id],
            tries=item.tries + 1,
            next_attempt_at=now + wait,
            reason=reason[:MAX_REASON],
        )


def forward_batch(
    send: Callable[[list[dict]], Reply],
    *,
    home_page: str,
    platform: str | None,
    now: datetime,
    size: int,
    retry_first: float,
    retry_longest: float,
    ignore_waits: bool = False,
) -> Forwarded:
    """Send the next batch of statements that may go now and record what became of each.

    A batch the LRS refuses as a whole is sent again one statement at a time, so only the
    statements it refuses are set aside (the LRS stores a batch entirely or not at all).
    """
    batch = lrs_delivery.sendable(waiting(size * 4), now, ignore_waits=ignore_waits)[:size]
    done = Forwarded()
    if not batch:
        return done
    statements = _statements([item.entry_id for item in batch], home_page, platform)
    reply = send(statements)
    verdict = lrs_delivery.outcome(reply.status)
    if verdict == lrs_delivery.REJECTED and len(batch) > 1:
        for index, (item, statement) in enumerate(zip(batch, statements, strict=True)):
            single = send([statement])
            verdict = lrs_delivery.outcome(single.status)
            if verdict == lrs_delivery.RETRY:
                rest = batch[index:]
                _postpone(rest, single.reason, now, retry_first, retry_longest)
                done.postponed += len(rest)
                done.stopped = single.reason
                return done
            _settle([item], verdict, single, now, done)
        return done
    if verdict == lrs_delivery.RETRY:
        _postpone(batch, reply.reason, now, retry_first, retry_longest)
        done.postponed, done.stopped = len(batch), reply.reason
        return done
    _settle(batch, verdict, reply, now, done)
    return done


def _settle(items: list[Waiting], verdict: str, reply: Reply, now: datetime, done: Forwarded):
    ids = [item.entry_id for item in items]
    if verdict == lrs_delivery.SENT:
        _mark(ids, state=SENT, sent_at=now, reason=None)
        done.sent += len(ids)
    else:
        _mark(ids, state=REJECTED, reason=reply.reason)
        done.rejected += len(ids)


def next_wait(now: datetime) -> datetime | None:
    """When the earliest postponed statement becomes due (None: nothing is postponed)."""
    query = db.select(func.min(OutboxEntry.next_attempt_at)).where(
        OutboxEntry.state == PENDING, OutboxEntry.next_attempt_at > now
    )
    found = db.session.scalar(query)
    return aware(found) if found is not None else None


def retry_rejected() -> int:
    """Put every rejected statement back in the queue (after the cause was fixed)."""
    result = db.session.execute(
        db.update(OutboxEntry)
        .where(OutboxEntry.state == REJECTED)
        .values(state=PENDING, tries=0, next_attempt_at=utcnow())
    )
    return result.rowcount
