"""Forwarding statements to an external Learning Record Store (xAPI), when ``LRS_URL`` is set.

Statements enter an outbox in the transaction that stores them (app.learning.lrs_outbox). Once
that transaction commits, one forwarding job is queued (app.web.lrs.forwarding); it sends what
waits, in order per learner, and queues itself again for when a postponed statement is due.
`flask xapi forward` sends the backlog now and `flask xapi backlog` shows it.
"""

from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.learning.db import db
from app.learning.lrs_outbox import QUEUED


class ForwardingState:
    """This process's forwarding jobs: at most one waiting to start, and one queued for later."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.queued = False
        self.retry_at: float | None = None  # time.monotonic() of the job queued for later


def init_app(app: Flask) -> None:
    app.extensions["lrs"] = ForwardingState()
    if not event.contains(db.session, "after_commit", _after_commit):
        event.listen(db.session, "after_commit", _after_commit)
        event.listen(db.session, "after_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    """A transaction that queued statements committed: forward them (one job, however many)."""
    if session.info.pop(QUEUED, False):
        from app.web.lrs.forwarding import forward_soon

        forward_soon(current_app._get_current_object())


def _after_rollback(session: Session) -> None:
    session.info.pop(QUEUED, None)  # what was queued is gone with the transaction
