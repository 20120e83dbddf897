"""The forwarding job: send waiting statements to the LRS, batch after batch, and come back when
postponed ones are due (doubling waits after failures: LRS_RETRY_SECONDS, LRS_RETRY_MAX_SECONDS).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app

from app.learning import lrs_outbox
from app.learning.db import db
from app.learning.models.courses import utcnow
from app.web.jobs import jobs

log = logging.getLogger(__name__)

MAX_BATCHES = 20  # per job; a larger backlog continues in the next job, after other jobs


@dataclass
class Round:
    sent: int = 0
    rejected: int = 0
    postponed: int = 0
    stopped: str | None = None
    more: bool = False  # stopped at MAX_BATCHES with statements still due


def forward_soon(app: Flask) -> None:
    """Queue a forwarding job unless one is already waiting to start in this process."""
    state = app.extensions["lrs"]
    with state.lock:
        if state.queued:
            return
        state.queued = True
    jobs().enqueue(forward_statements)


def forward_statements() -> Round:
    """Send what may go now (a job). Commits after each batch, so nothing sent is sent again
    because a later batch failed."""
    config = current_app.config
    state = current_app.extensions["lrs"]
    with state.lock:
        state.queued = False
    if not config["LRS_URL"]:
        return Round()  # forwarding was turned off since this job was queued
    done = send_backlog(batches=MAX_BATCHES)
    if done.more:
        forward_soon(current_app._get_current_object())
    else:
        _come_back_later(utcnow())
    if done.stopped:
        log.warning("Statements for the LRS at %s wait: %s", config["LRS_URL"], done.stopped)
    return done


def send_backlog(*, batches: int | None = None, ignore_waits: bool = False) -> Round:
    """Send batches until nothing may go, the LRS fails, or ``batches`` were sent."""
    from app.web.lrs.client import post_statements

    config = current_app.config
    done = Round()
    count = 0
    while batches is None or count < batches:
        result = lrs_outbox.forward_batch(
            post_statements,
            home_page=config["PUBLIC_URL"],
            platform=config["SITE_NAME"],
            now=utcnow(),
            size=config["LRS_BATCH_SIZE"],
            retry_first=config["LRS_RETRY_SECONDS"],
            retry_longest=config["LRS_RETRY_MAX_SECONDS"],
            ignore_waits=ignore_waits,
        )
        db.session.commit()
        count += 1
        done.sent += result.sent
        done.rejected += result.rejected
        done.postponed += result.postponed
        if result.stopped:
            done.stopped = result.stopped
            return done
        if not (result.sent or result.rejected):
            return done
    done.more = True
    return done


def _come_back_later(now: datetime) -> None:
    """Queue a job for when the earliest postponed statement is due (one per process)."""
    due = lrs_outbox.next_wait(now)
    if due is None:
        return
    seconds = max(1.0, (due - now).total_seconds())
    state = current_app.extensions["lrs"]
    at = time.monotonic() + seconds
    with state.lock:
        # One already queued that comes no later (give or take the clocks' jitter) will do.
        if state.retry_at is not None and time.monotonic() < state.retry_at <= at + 1:
            return
        state.retry_at = at
    jobs().enqueue_in(seconds, forward_statements)
